/**
 * Helpers for the booking tests (not used by the BFF): sessions of the sandbox HIS with known
 * capacity, residents with family members, and paying an order through the sandbox cashier.
 */
import { chinaToday } from '@healthpocket/shared-types';
import type { Stack } from '../../../test/harness';
import { randomIdNumber, uniqueOpenid, verifyIdentity } from '../../../test/harness';
import { ledgerOf } from '../../../sandbox/his/booking-state';
import { addDays } from './china-time';

export { waitFor } from '../payments/test-helpers';

export interface SessionPick {
  id: string;
  doctorId: string;
  hospitalId: string;
  departmentId: string;
  date: string;
  feeFen: number;
  slotIds: string[];
}

/**
 * A session of the sandbox HIS `daysAhead` days from today (2–6 is open at every hospital at any
 * time of day), emptied and given `capacity` places; `taken` keeps tests from reusing one.
 */
export async function freshSession(s: Stack, o: { hospitalId: string; free?: boolean; daysAhead?: number; capacity?: number; taken: Set<string>; departmentId?: string }): Promise<SessionPick> {
  const w = ledgerOf(s.sandbox.context).world;
  const today = chinaToday();
  const days = o.daysAhead !== undefined ? [o.daysAhead] : [3, 4, 5, 2, 6];
  for (const d of days) {
    const date = addDays(today, d);
    for (const x of w.sessions.values()) {
      if (x.date !== date || x.hospitalId !== o.hospitalId || o.taken.has(x.id) || x.slotIds.length < 4) continue;
      if (o.departmentId && x.departmentId !== o.departmentId) continue;
      if (o.free !== undefined && (x.feeFen === 0) !== o.free) continue;
      o.taken.add(x.id);
      const r = await s.sbx('POST', `/his/sandbox/sessions/${x.id}/reset`, { body: { capacityTotal: o.capacity ?? x.slotIds.length * 3 } });
      if (r.status !== 200) throw new Error(`reset: ${r.status}`);
      return { id: x.id, doctorId: x.doctorId, hospitalId: x.hospitalId, departmentId: x.departmentId, date: x.date, feeFen: x.feeFen, slotIds: x.slotIds };
    }
  }
  throw new Error(`no session at ${o.hospitalId} ${o.free ? 'free' : 'paid'}`);
}

/**
 * Two sessions of one department, date and half-day with different doctors: the HIS sees two
 * unrelated registrations, so only the BFF's per-patient rule can refuse the second.
 */
export async function sessionPair(s: Stack, hospitalId: string, taken: Set<string>): Promise<[SessionPick, SessionPick]> {
  const w = ledgerOf(s.sandbox.context).world;
  const today = chinaToday();
  const open = [...w.sessions.values()].filter((x) => x.hospitalId === hospitalId && x.date >= addDays(today, 2) && x.date <= addDays(today, 6) && !taken.has(x.id));
  for (const a of open) {
    const b = open.find((x) => x.id !== a.id && x.departmentId === a.departmentId && x.date === a.date && x.session === a.session && x.doctorId !== a.doctorId);
    if (!b) continue;
    const picks: SessionPick[] = [];
    for (const x of [a, b]) {
      taken.add(x.id);
      await s.sbx('POST', `/his/sandbox/sessions/${x.id}/reset`, { body: { capacityTotal: x.slotIds.length * 3 } });
      picks.push({ id: x.id, doctorId: x.doctorId, hospitalId: x.hospitalId, departmentId: x.departmentId, date: x.date, feeFen: x.feeFen, slotIds: x.slotIds });
    }
    return [picks[0], picks[1]];
  }
  throw new Error(`no pair of sessions at ${hospitalId}`);
}

export async function slotAtHis(s: Stack, slotId: string): Promise<{ capacity: number; booked: number; remaining: number }> {
  return (await s.sbx('GET', `/his/slots/${slotId}`)).body;
}

let users = 0;
/**
 * A real-named resident with `extra` adult family members; returns the token and member ids (self
 * first). Each comes from its own address (the stack trusts X-Forwarded-For), as residents do: the
 * login limit is per IP.
 */
export async function family(s: Stack, extra = 0, idNumber?: string): Promise<{ token: string; openid: string; memberIds: string[] }> {
  const n = users++;
  const ip = { 'X-Forwarded-For': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
  const openid = uniqueOpenid('bk');
  const code = (await s.sbx('POST', '/wechat/sandbox/codes', { body: { openid } })).body.code;
  const login = await s.api('POST', '/api/v1/auth/wechat-login', { body: { code }, headers: ip });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.accessToken as string;
  await verifyIdentity(s, token, { name: '张伟', idNumber: idNumber ?? randomIdNumber() }, { headers: ip });
  for (let i = 0; i < extra; i++) {
    const res = await s.api('POST', '/api/v1/family/members', { token, headers: ip, body: { name: '李家人', relation: 'sibling', idNumber: randomIdNumber() } });
    if (res.status !== 201) throw new Error(`member: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const members = await s.api('GET', '/api/v1/family/members', { token });
  return { token, openid, memberIds: members.body.items.map((m: { id: string }) => m.id) };
}

let n = 0;
export const key = () => `bk-test-${process.pid}-${Date.now()}-${n++}`;

export function book(s: Stack, token: string, body: { slotId: string; memberId: string; subscribeReminder?: boolean }, idempotencyKey = key()) {
  return s.api('POST', '/api/v1/bookings', { token, body, headers: { 'Idempotency-Key': idempotencyKey } });
}

/** Pays an order as the resident would: prepay, then the sandbox cashier's 支付 button. */
export async function pay(s: Stack, token: string, orderId: string): Promise<void> {
  const prepay = await s.api('POST', `/api/v1/payments/orders/${orderId}/prepay`, { token });
  if (prepay.status !== 200) throw new Error(`prepay: ${prepay.status} ${JSON.stringify(prepay.body)}`);
  const paid = await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.body.prepayId, result: 'success' } });
  if (paid.status !== 200) throw new Error(`pay: ${paid.status} ${JSON.stringify(paid.body)}`);
}
