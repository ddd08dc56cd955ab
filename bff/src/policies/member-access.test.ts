import type { Actor } from '../auth/tokens';
import { ADULT_AGE, decideMemberAccess, type MemberFacts, type MemberPurpose } from './member-access';

/** decideMemberAccess alone: the table behind every member route (member-routes.test.ts sees it over HTTP). */
const me: Actor = { userId: 'u-me', roles: ['resident'], verified: true };
const unverified: Actor = { ...me, verified: false };
const PURPOSES: MemberPurpose[] = ['manage', 'book', 'proxy', 'health'];

/** A member with counters on the two look-ups, so the tests can say which ones were asked. */
function member(over: Partial<Omit<MemberFacts, 'guardianConfirmed' | 'approvedScopes'>> & { guardian?: boolean; scopes?: Array<'proxy' | 'health'> } = {}) {
  const asked = { guardian: 0, scopes: 0 };
  const facts: MemberFacts = {
    ownerUserId: over.ownerUserId ?? 'u-me',
    relation: over.relation ?? 'self',
    age: over.age ?? 36,
    guardianConfirmed: async () => {
      asked.guardian++;
      return over.guardian ?? false;
    },
    approvedScopes: async () => {
      asked.scopes++;
      return over.scopes ?? [];
    },
  };
  return { facts, asked };
}
const decideAll = async (actor: Actor, m: MemberFacts) => Object.fromEntries(await Promise.all(PURPOSES.map(async (p) => [p, await decideMemberAccess(actor, m, p)])));
const allow = { allow: true };

describe('decideMemberAccess', () => {
  it('another user’s member: not_found for every purpose, before anything is looked up', async () => {
    const { facts, asked } = member({ ownerUserId: 'u-other', relation: 'child', age: 3, guardian: true, scopes: ['proxy', 'health'] });
    for (const actor of [me, unverified]) {
      expect(await decideAll(actor, facts)).toEqual(Object.fromEntries(PURPOSES.map((p) => [p, { allow: false, reason: 'not_found' }])));
    }
    expect(asked).toEqual({ guardian: 0, scopes: 0 });
  });

  it('self: everything when verified; unverified, manage and book only', async () => {
    const { facts, asked } = member();
    expect(await decideAll(me, facts)).toEqual({ manage: allow, book: allow, proxy: allow, health: allow });
    expect(await decideAll(unverified, facts)).toEqual({ manage: allow, book: allow, proxy: { allow: false, reason: 'identity_unverified' }, health: { allow: false, reason: 'identity_unverified' } });
    expect(asked).toEqual({ guardian: 0, scopes: 0 });
  });

  it('a minor: proxy and health only when the platform confirms the guardianship', async () => {
    const confirmed = member({ relation: 'child', age: 5, guardian: true });
    expect(await decideAll(me, confirmed.facts)).toEqual({ manage: allow, book: allow, proxy: allow, health: allow });
    expect(confirmed.asked).toEqual({ guardian: 2, scopes: 0 });
    const claimed = member({ relation: 'child', age: 5, guardian: false });
    expect(await decideAll(me, claimed.facts)).toEqual({
      manage: allow,
      book: allow,
      proxy: { allow: false, reason: 'guardian_unconfirmed' },
      health: { allow: false, reason: 'guardian_unconfirmed' },
    });
  });

  it('an unverified guardian is refused for identity first; the platform is not asked', async () => {
    const { facts, asked } = member({ relation: 'child', age: 5, guardian: true });
    expect(await decideMemberAccess(unverified, facts, 'health')).toEqual({ allow: false, reason: 'identity_unverified' });
    expect(asked.guardian).toBe(0);
  });

  it('an adult relative: manage and book always; proxy and health exactly as approved, naming the missing scope', async () => {
    const none = member({ relation: 'parent', age: 76 });
    expect(await decideAll(me, none.facts)).toEqual({
      manage: allow,
      book: allow,
      proxy: { allow: false, reason: 'authorization_required', scope: 'proxy' },
      health: { allow: false, reason: 'authorization_required', scope: 'health' },
    });
    expect(none.asked.guardian).toBe(0);
    const proxyOnly = member({ relation: 'spouse', age: 40, scopes: ['proxy'] });
    expect(await decideAll(me, proxyOnly.facts)).toMatchObject({ proxy: allow, health: { allow: false, reason: 'authorization_required', scope: 'health' } });
    const healthOnly = member({ relation: 'sibling', age: 30, scopes: ['health'] });
    expect(await decideAll(me, healthOnly.facts)).toMatchObject({ proxy: { allow: false, reason: 'authorization_required', scope: 'proxy' }, health: allow });
    // A grant does not stand in for the actor's own proven identity.
    expect(await decideMemberAccess(unverified, member({ relation: 'parent', age: 76, scopes: ['proxy', 'health'] }).facts, 'health')).toEqual({ allow: false, reason: 'identity_unverified' });
  });

  it('adulthood starts on the 18th birthday: a "child" of 18 decides for themselves', async () => {
    expect(ADULT_AGE).toBe(18);
    const seventeen = member({ relation: 'child', age: 17, guardian: true });
    expect(await decideMemberAccess(me, seventeen.facts, 'health')).toEqual(allow);
    const eighteen = member({ relation: 'child', age: 18, guardian: true });
    expect(await decideMemberAccess(me, eighteen.facts, 'health')).toEqual({ allow: false, reason: 'authorization_required', scope: 'health' });
    expect(eighteen.asked).toEqual({ guardian: 0, scopes: 1 });
  });
});
