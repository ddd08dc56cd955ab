import type { Stack } from '../../../test/harness';

/** A signed-in user with the given roles (granted the bootstrap way, as tests and personas do). */
export async function withRoles(s: Stack, roles: Array<'doctor' | 'operator' | 'admin'>, doctorId?: string, name?: string) {
  const r = name ? await s.resident({ name }) : { openid: (await s.login()).openid };
  if (roles.length) await s.bff.services.auth.grant(r.openid, roles, doctorId);
  const l = await s.login(r.openid);
  return { token: l.accessToken as string, userId: l.user.id as string, openid: r.openid };
}

export const reason = (what: string) => `${what}（测试）`;
