import { CONSENT_TEXTS, chinaToday } from '@healthpocket/shared-types';
import { currentAgreement } from '@healthpocket/shared-types';
import { User } from '../db/entities';
import { startStack, type Stack } from '../../test/harness';
import { inlineRefs } from '../http/fuzz-requests';
import { zhangFamily, type ZhangFamily } from '../modules/records/test-family';
import type { MemberPurpose } from './member-access';
import { answerOf, verdictOf } from './policy-answers';

/**
 * Every route that takes a family member, for every relation × authorization state: the answer of
 * the one member policy (policies/member-access.ts), seen from outside. The routes come from the
 * OpenAPI document; a member route missing from ROUTES below fails the first test, so a route
 * added later cannot go without a decision.
 */
type Sample = { purpose: MemberPurpose; query?: Record<string, string>; body?: Record<string, unknown>; params?: Record<string, string>; destructive?: boolean };
const ROUTES: Record<string, Sample> = {
  'PATCH /api/v1/family/members/{id}': { purpose: 'manage', body: { phone: '13912345678' } },
  'DELETE /api/v1/family/members/{id}': { purpose: 'manage', destructive: true },
  'POST /api/v1/family/members/{id}/access-requests': { purpose: 'manage', destructive: true },
  'GET /api/v1/family/members/{id}/access-requests/latest': { purpose: 'manage' },
  'GET /api/v1/family/members/{id}/access-requests': { purpose: 'manage' },
  'GET /api/v1/booking/quote': { purpose: 'book', query: { slotId: 'NO-SUCH-SLOT' } },
  'POST /api/v1/bookings': { purpose: 'book', body: { slotId: 'NO-SUCH-SLOT' } },
  'POST /api/v1/booking/waitlist': { purpose: 'book', body: { sessionId: 'NO-SUCH-SESSION' } },
  'GET /api/v1/payments/orders': { purpose: 'book' },
  'GET /api/v1/bills': { purpose: 'proxy', query: { status: 'unpaid' } },
  'POST /api/v1/bills/pay': { purpose: 'proxy', body: { billNos: ['NO-SUCH-BILL'] } },
  // An allowed request meets the HIS: no such admission of the member (its own 404 message), nothing is paid.
  'GET /api/v1/inpatient/admissions': { purpose: 'proxy' },
  'GET /api/v1/inpatient/admissions/{admissionNo}': { purpose: 'proxy', params: { admissionNo: 'NO-SUCH-ADMISSION' } },
  'GET /api/v1/inpatient/admissions/{admissionNo}/daily': { purpose: 'proxy', params: { admissionNo: 'NO-SUCH-ADMISSION' } },
  'POST /api/v1/inpatient/deposits': { purpose: 'proxy', body: { admissionNo: 'NO-SUCH-ADMISSION', amountFen: 50_000 } },
  'GET /api/v1/vaccines/members/{memberId}/timeline': { purpose: 'health' },
  'GET /api/v1/vaccines/members/{memberId}/record': { purpose: 'health' },
  // A real clinic and vaccine (bff/sandbox/vaccines/catalogue.ts), so an allowed request gets the member's sessions;
  // no real session for the booking, so nothing is booked (VACCINE_SESSION_CLOSED comes after the clinic look-up).
  'GET /api/v1/vaccines/clinics': { purpose: 'health' },
  'GET /api/v1/vaccines/clinics/{clinicId}/sessions': { purpose: 'health', params: { clinicId: 'VC001' }, query: { vaccineCode: 'MPSV-A' } },
  'POST /api/v1/vaccines/appointments': { purpose: 'health', body: { clinicId: 'VC001', sessionId: 'NO-SUCH-SESSION', vaccineCode: 'MPSV-A' } },
  'GET /api/v1/vaccines/members/{memberId}/observation': { purpose: 'health' },
  'GET /api/v1/vaccines/members/{memberId}/stock-alerts': { purpose: 'health' },
  // A programme vaccine: an allowed request is told 到苗提醒 is for self-paid vaccines, nothing is made.
  'POST /api/v1/vaccines/members/{memberId}/stock-alerts': { purpose: 'health', body: { clinicId: 'VC001', vaccineCode: 'MPSV-A' } },
  'DELETE /api/v1/vaccines/members/{memberId}/stock-alerts/{alertId}': { purpose: 'health', params: { alertId: 'NO-SUCH-ALERT' } },
  'GET /api/v1/vaccines/members/{memberId}/adverse-reactions': { purpose: 'health' },
  // No such dose on the member's record: an allowed request gets VACCINE_DOSE_NOT_FOUND, nothing is reported.
  'POST /api/v1/vaccines/members/{memberId}/adverse-reactions': {
    purpose: 'health',
    body: { doseId: 'NO-SUCH-DOSE', onsetDate: '2026-01-01', symptoms: ['fever'], description: '接种后发热', treatment: 'not_seen', reporterName: '张伟', reporterPhone: '13800138000' },
  },
  'GET /api/v1/doctor/contracts/{memberId}': { purpose: 'health' },
  'GET /api/v1/doctor/teams': { purpose: 'health' },
  'POST /api/v1/doctor/contract-applications': {
    purpose: 'health',
    body: { teamId: 'NO-SUCH-TEAM', packageIds: ['NO-SUCH-PACKAGE'], agreement: { version: currentAgreement(chinaToday()).version, accepted: true, signerName: '张伟' } },
  },
  // An allowed request meets the contract: not yet in the renewal window (or none), nothing is applied for.
  'POST /api/v1/doctor/contracts/{memberId}/renewal': { purpose: 'health', body: { packageIds: ['PKG-BASIC'] } },
  'POST /api/v1/doctor/conversations': { purpose: 'health', body: {} },
  'POST /api/v1/doctor/readings': { purpose: 'health', body: { kind: 'bp', values: { systolic: 128, diastolic: 82 } } },
  'GET /api/v1/doctor/readings': { purpose: 'health' },
  'POST /api/v1/doctor/devices': { purpose: 'health', body: { name: '家用血压计', kind: 'bp' }, destructive: true },
  'GET /api/v1/doctor/devices': { purpose: 'health' },
  // Allowed for a member without hypertension or diabetes: 409 NOT_MANAGED after the policy; a managed member's report would be sent (destructive).
  'GET /api/v1/doctor/members/{memberId}/self-report': { purpose: 'health' },
  'PUT /api/v1/doctor/members/{memberId}/self-report': {
    purpose: 'health',
    body: { kind: 'hypertension', symptoms: ['无症状'], smokingPerDay: 0, drinkingLiangPerDay: 0, exerciseTimesPerWeek: 3, exerciseMinutes: 30, salt: '轻', adherence: '规律', adverseReaction: null },
    destructive: true,
  },
  'POST /api/v1/health-cards/{memberId}': { purpose: 'proxy' },
  'GET /api/v1/health-cards/{memberId}/qr': { purpose: 'proxy' },
  // Records take a member id (residents) or a record number (doctors) in one parameter.
  'GET /api/v1/records/{ref}': { purpose: 'health' },
  'GET /api/v1/records/{ref}/summary': { purpose: 'health' },
  'GET /api/v1/records/{ref}/followups': { purpose: 'health' },
  'GET /api/v1/records/{ref}/checkups': { purpose: 'health' },
  'GET /api/v1/records/{ref}/visits': { purpose: 'health' },
  'GET /api/v1/records/{ref}/reports': { purpose: 'health' },
  'GET /api/v1/records/{ref}/immunizations': { purpose: 'health' },
  'GET /api/v1/records/{ref}/trend': { purpose: 'health', query: { metric: 'bp' } },
};
/** Answers given before the member policy runs: they prove nothing either way, so a table showing one fails. */

let s: Stack;
let zw: ZhangFamily;
let spouse = '';
let unconfirmedChild = '';
let stranger = '';
/** 孙悦 and her son 陈沐阳 (a guardianship the platform knows), for the unverified-account table. */
let sun: { token: string; userId: string; self: string; child: string };
let openapi: { paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  s = await startStack();
  zw = await zhangFamily(s, { motherGrant: false });
  const add = async (body: Record<string, unknown>) => (await s.api('POST', '/api/v1/family/members', { token: zw.token, body })).body.id as string;
  spouse = await add({ name: '陈静', relation: 'spouse', idNumber: '11010219840406970X' });
  // A child the platform does not know as 张伟's: a claim in the family list only.
  unconfirmedChild = await add({ name: '张未登记', relation: 'child', birthDate: '2021-03-04', sex: 'female', guardianConsentVersion: CONSENT_TEXTS.guardian.version });
  const other = await s.resident({ name: '周磊', idNumber: '310101198511170038' });
  stranger = (await s.api('GET', '/api/v1/family/members', { token: other.token })).body.items[0].id;
  // Another account for the unverified table: POST /doctor/contract-applications allows a user 10 an
  // hour (counted before the policy), and 张伟's tables above use 9 of them.
  const sy = await s.resident({ name: '孙悦', idNumber: '110105199504123420', phone: '13800138002' });
  const [kid] = (await s.sbx('GET', '/platform/sandbox/children?guardianIdNumber=110105199504123420')).body.items as Array<{ name: string; birthDate: string; sex: string }>;
  const child = await s.api('POST', '/api/v1/family/members', {
    token: sy.token,
    body: { name: kid.name, relation: 'child', birthDate: kid.birthDate, sex: kid.sex, guardianConsentVersion: CONSENT_TEXTS.guardian.version },
  });
  sun = {
    token: sy.token,
    userId: sy.user.id,
    self: (await s.api('GET', '/api/v1/family/members', { token: sy.token })).body.items.find((m: { relation: string }) => m.relation === 'self').id,
    child: child.body.id,
  };
  openapi = inlineRefs((await s.api('GET', '/api/openapi.json')).body);
}, 90_000);
afterAll(() => s.close());

type Operation = {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, { schema: { properties?: object; anyOf?: Array<{ properties?: object }>; oneOf?: Array<{ properties?: object }> } }> };
};
const operation = (op: string): Operation => {
  const [method, p] = op.split(' ');
  return openapi.paths[p][method.toLowerCase()];
};
const queryTakesMember = (o: Operation) => (o.parameters ?? []).some((x) => x.name === 'memberId' && x.in === 'query');
const bodyTakesMember = (o: Operation) => {
  const schema = o.requestBody?.content['application/json']?.schema;
  return !!schema && [schema, ...(schema.anyOf ?? schema.oneOf ?? [])].some((b) => 'memberId' in (b.properties ?? {}));
};

/** "METHOD /path" of every operation whose path, query or body takes a member. */
function memberOperations(): string[] {
  const out: string[] = [];
  for (const [p, ops] of Object.entries(openapi.paths)) {
    for (const method of Object.keys(ops)) {
      const op = `${method.toUpperCase()} ${p}`;
      const o = operation(op);
      const inPath =
        (o.parameters ?? []).some((x) => x.name === 'memberId' && x.in === 'path') ||
        /\/family\/members\/\{id\}/.test(p) ||
        /\/records\/\{ref\}(\/(summary|followups|checkups|visits|reports|immunizations|trend))?$/.test(p);
      if (inPath || queryTakesMember(o) || bodyTakesMember(o)) out.push(op);
    }
  }
  return out.sort();
}

async function call(op: string, memberId: string, token = zw.token) {
  const [method, template] = op.split(' ');
  const sample = ROUTES[op];
  const o = operation(op);
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => (['memberId', 'id', 'ref'].includes(name) ? memberId : (sample.params?.[name] ?? 'x')));
  const query = new URLSearchParams({ ...(queryTakesMember(o) ? { memberId } : {}), ...(sample.query ?? {}) }).toString();
  const body = o.requestBody
    ? { ...(sample.body ?? {}), ...(bodyTakesMember(o) ? { memberId } : {}), ...(op.endsWith('/doctor/readings') ? { measuredAt: new Date().toISOString() } : {}) }
    : undefined;
  const res = await s.api(method, query ? `${path}?${query}` : path, { token, body, headers: { 'idempotency-key': `k-${Math.random().toString(36).slice(2)}` } });
  return answerOf(res);
}

/** The expected verdict for a purpose, given what the actor holds for the member. */
type Holds = { owner: boolean; verified: boolean; kind: 'self' | 'minor' | 'adult'; guardian?: boolean; scopes?: Array<'proxy' | 'health'> };
function expected(purpose: MemberPurpose, h: Holds): string {
  if (!h.owner) return 'NOT_FOUND';
  if (purpose === 'manage' || purpose === 'book') return 'allowed';
  if (!h.verified) return 'IDENTITY_UNVERIFIED';
  if (h.kind === 'self') return 'allowed';
  if (h.kind === 'minor') return h.guardian ? 'allowed' : 'GUARDIAN_UNCONFIRMED';
  return h.scopes?.includes(purpose) ? 'allowed' : `FAMILY_AUTHORIZATION_REQUIRED:${purpose}`;
}

async function table(memberId: string, h: Holds, token = zw.token) {
  const got: Record<string, string> = {};
  const want: Record<string, string> = {};
  for (const op of memberOperations()) {
    const sample = ROUTES[op];
    const exp = expected(sample.purpose, h);
    if (sample.destructive && exp === 'allowed') continue;
    got[op] = verdictOf(await call(op, memberId, token));
    want[op] = exp;
  }
  return { got, want };
}

describe('the member policy on every member route', () => {
  it('every member route in the OpenAPI document has a decision here', () => {
    const ops = memberOperations();
    expect(ops.length).toBeGreaterThanOrEqual(Object.keys(ROUTES).length);
    expect(ops.filter((op) => !ROUTES[op])).toEqual([]);
  });

  it('another user’s member: 404 on every route, whatever they do', async () => {
    const { got, want } = await table(stranger, { owner: false, verified: true, kind: 'self' });
    expect(got).toEqual(want);
  });

  it('self, verified: everything', async () => {
    const { got, want } = await table(zw.self, { owner: true, verified: true, kind: 'self' });
    expect(got).toEqual(want);
  });

  it('a minor child the platform confirms as theirs: everything; one it does not: booking only', async () => {
    const a = await table(zw.son, { owner: true, verified: true, kind: 'minor', guardian: true });
    expect(a.got).toEqual(a.want);
    const b = await table(unconfirmedChild, { owner: true, verified: true, kind: 'minor', guardian: false });
    expect(b.got).toEqual(b.want);
  });

  it('an adult: booking only, until they approve; then exactly the scopes approved; revoked: booking only again', async () => {
    const none = await table(spouse, { owner: true, verified: true, kind: 'adult', scopes: [] });
    expect(none.got).toEqual(none.want);
    const mother = zw.motherAccount.token;
    const pending = await s.api('POST', `/api/v1/family/members/${zw.mother}/access-requests`, { token: zw.token, body: {} });
    expect(pending.status).toBe(201);
    const whilePending = await table(zw.mother, { owner: true, verified: true, kind: 'adult', scopes: [] });
    expect(whilePending.got).toEqual(whilePending.want);

    expect((await s.api('POST', `/api/v1/me/access-requests/${pending.body.id}/approve`, { token: mother, body: { scopes: ['proxy'] } })).body.scopes).toEqual(['proxy']);
    const proxyOnly = await table(zw.mother, { owner: true, verified: true, kind: 'adult', scopes: ['proxy'] });
    expect(proxyOnly.got).toEqual(proxyOnly.want);

    const wider = await s.api('POST', `/api/v1/family/members/${zw.mother}/access-requests`, { token: zw.token, body: { scopes: ['health'] } });
    expect(wider.body).toMatchObject({ status: 'pending', scopes: ['health', 'proxy'] });
    expect((await s.api('POST', `/api/v1/me/access-requests/${wider.body.id}/approve`, { token: mother, body: {} })).status).toBe(200);
    const both = await table(zw.mother, { owner: true, verified: true, kind: 'adult', scopes: ['proxy', 'health'] });
    expect(both.got).toEqual(both.want);

    expect((await s.api('POST', `/api/v1/me/access-requests/${wider.body.id}/revoke`, { token: mother })).status).toBe(200);
    const revoked = await table(zw.mother, { owner: true, verified: true, kind: 'adult', scopes: [] });
    expect(revoked.got).toEqual(revoked.want);
  });

  it('an account whose identity is not proven: booking for itself, nothing else, for any member', async () => {
    // Verified, 孙悦 may do everything for her son; with the proof gone (e.g. withdrawn), booking only.
    const before = await table(sun.child, { owner: true, verified: true, kind: 'minor', guardian: true }, sun.token);
    expect(before.got).toEqual(before.want);
    await s.bff.services.ds.getRepository(User).update({ id: sun.userId }, { realNameVerifiedAt: null });
    await s.bff.services.principals.changed(sun.userId);
    try {
      const self = await table(sun.self, { owner: true, verified: false, kind: 'self' }, sun.token);
      expect(self.got).toEqual(self.want);
      const child = await table(sun.child, { owner: true, verified: false, kind: 'minor', guardian: true }, sun.token);
      expect(child.got).toEqual(child.want);
    } finally {
      await s.bff.services.ds.getRepository(User).update({ id: sun.userId }, { realNameVerifiedAt: new Date() });
      await s.bff.services.principals.changed(sun.userId);
    }
  });

  it('the refusal says which scope to ask for, and the app is told in a stable field', async () => {
    const r = await s.api('GET', `/api/v1/bills?memberId=${spouse}&status=unpaid`, { token: zw.token });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'FAMILY_AUTHORIZATION_REQUIRED', scope: 'proxy' });
    expect(r.body.error.message).toContain('代办挂号与缴费');
  });
});
