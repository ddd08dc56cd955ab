/**
 * Residents who can chat, made as the app makes them: adults of the sandbox world with a contract
 * (bff/sandbox/API.md), signed up through the BFF (login, 刷脸认证, the health-data consent), each
 * opening the conversation with their team.
 */
import type { World } from '../../bff/sandbox/seed/world';
import { signUp, type BenchStack } from '../bench/lib';
import type { Device } from './chat-devices';

export interface ChatResident {
  token: string;
  ip: string;
  conversationId: string;
  devices: Device[];
}

export async function chatResidents(s: Pick<BenchStack, 'call' | 'bffUrl' | 'sandboxUrl'>, world: World, max: number): Promise<ChatResident[]> {
  const adults = [...world.residents.values()].filter((r) => r.idNumber && r.contractedTeamId && r.status !== 'closed' && r.birthDate < '2000-01-01').slice(0, max);
  const out: ChatResident[] = [];
  for (const [i, r] of adults.entries()) {
    const ip = `10.7.0.${i}`;
    const token = await signUp(s, { openid: `drillchat_${process.pid}_${i}`, ip, name: r.name, idNumber: r.idNumber!, healthConsent: true });
    const h = { 'x-forwarded-for': ip };
    const self = (await s.call(s.bffUrl, 'GET', '/api/v1/family/members', { token, headers: h })).body.items.find((m: { relation: string }) => m.relation === 'self');
    const conv = await s.call(s.bffUrl, 'POST', '/api/v1/doctor/conversations', { token, headers: h, body: { memberId: self.id } });
    if (conv.status !== 200) throw new Error(`conversation for ${r.recordNumber}: ${conv.status} ${JSON.stringify(conv.body)}`);
    out.push({ token, ip, conversationId: conv.body.id, devices: [] });
  }
  return out;
}
