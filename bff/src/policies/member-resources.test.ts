import { User } from '../db/entities';
import { startStack, type Stack } from '../../test/harness';
import { zhangFamily, adultApproves, type ZhangFamily } from '../modules/records/test-family';
import { freshSession, book } from '../modules/booking/test-helpers';
import { nextSession, book as bookVaccine } from '../modules/vaccines/test-kit';
import type { MemberPurpose } from './member-access';
import { BEFORE_POLICY, answerOf, verdictOf } from './policy-answers';

/**
 * Routes that take the id of something that BELONGS to a member (a booking, an order and its
 * bills, a vaccine appointment, a device, a conversation): the member policy decides them too,
 * for the resource's member, every time (an adult's 家人授权 can be revoked, an account can lose
 * its proven identity, after the thing was made). Every operation of the OpenAPI document with a
 * path parameter is classified below; one added later without a decision fails the first test.
 */
type Kind = 'booking' | 'waitlistEntry' | 'registrationOrder' | 'billOrder' | 'inpatientOrder' | 'vaccineOrder' | 'vaccineAppointment' | 'device' | 'conversation';
/** What the member policy must grant for the resource's member, in the order the service asks. */
const PURPOSES: Record<Kind, MemberPurpose[]> = {
  booking: ['book'],
  waitlistEntry: ['book'],
  registrationOrder: ['book'],
  billOrder: ['proxy'],
  inpatientOrder: ['proxy'],
  vaccineOrder: ['proxy', 'health'],
  vaccineAppointment: ['health'],
  device: ['health'],
  conversation: ['health'],
};
const ORDERS: Kind[] = ['registrationOrder', 'billOrder', 'inpatientOrder', 'vaccineOrder'];
type Resource = { kinds: Kind[]; body?: () => Record<string, unknown>; destructive?: boolean };
const RESOURCE_ROUTES: Record<string, Resource> = {
  'GET /api/v1/bookings/{id}': { kinds: ['booking'] },
  'POST /api/v1/bookings/{id}/cancel': { kinds: ['booking'], body: () => ({}), destructive: true },
  'POST /api/v1/bookings/{id}/check-in': { kinds: ['booking'], body: () => ({}) },
  'GET /api/v1/bookings/{id}/queue': { kinds: ['booking'] },
  'POST /api/v1/booking/waitlist/{id}/leave': { kinds: ['waitlistEntry'], destructive: true },
  'GET /api/v1/payments/orders/{id}': { kinds: ORDERS },
  'POST /api/v1/payments/orders/{id}/prepay': { kinds: ORDERS },
  'POST /api/v1/payments/orders/{id}/cancel': { kinds: ORDERS, destructive: true },
  'GET /api/v1/bills/orders/{id}': { kinds: ORDERS },
  'GET /api/v1/vaccines/appointments/{id}': { kinds: ['vaccineAppointment'] },
  'POST /api/v1/vaccines/appointments/{id}/cancel': { kinds: ['vaccineAppointment'], body: () => ({}), destructive: true },
  'DELETE /api/v1/doctor/devices/{id}': { kinds: ['device'], destructive: true },
  'GET /api/v1/doctor/conversations/{id}': { kinds: ['conversation'] },
  'GET /api/v1/doctor/conversations/{id}/messages': { kinds: ['conversation'] },
  'POST /api/v1/doctor/conversations/{id}/messages': {
    kinds: ['conversation'],
    body: () => ({ clientId: `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`, kind: 'text', text: '您好' }),
    destructive: true,
  },
  'POST /api/v1/doctor/conversations/{id}/read': { kinds: ['conversation'], body: () => ({ seq: 0 }) },
  'POST /api/v1/doctor/conversations/{id}/images': { kinds: ['conversation'], destructive: true },
};
/** A member's record item: `{ref}` is the member id, decided as 查看健康信息 before the item is looked up. */
const RECORD_ITEM_ROUTES = [
  'GET /api/v1/records/{ref}/followups/{id}',
  'GET /api/v1/records/{ref}/checkups/{id}',
  'GET /api/v1/records/{ref}/visits/{id}',
  'GET /api/v1/records/{ref}/reports/{id}',
  'POST /api/v1/records/{ref}/reveal',
  'GET /api/v1/records/{ref}/audit',
];
/** Ids of things that are not a member's, or routes decided otherwise (and why). */
const NOT_MEMBER_OWNED: Record<string, string> = {
  'DELETE /api/v1/me/consents/{kind}': 'the actor’s own consent',
  'GET /api/v1/me/export/{id}': 'the actor’s own data export (its owner only; account.test.ts)',
  'GET /api/v1/me/access-invites/{code}': 'a 家人授权 invitation, answered by the invited adult themselves',
  'POST /api/v1/me/access-requests/{id}/approve': 'the adult’s own grant (only its grantor)',
  'POST /api/v1/me/access-requests/{id}/decline': 'the adult’s own grant (only its grantor)',
  'POST /api/v1/me/access-requests/{id}/revoke': 'the adult’s own grant (only its grantor)',
  'GET /api/v1/vaccines/clinics/{clinicId}/sessions': 'a clinic; the memberId it takes is in member-routes.test.ts',
  'DELETE /api/v1/vaccines/members/{memberId}/stock-alerts/{alertId}':
    'a 到苗提醒, looked up among those of the memberId it takes (health: member-routes.test.ts); another member’s is 404 (vaccine-care.test.ts)',
  'GET /api/v1/booking/hospitals/{id}': 'hospital catalogue',
  'GET /api/v1/booking/hospitals/{id}/departments': 'hospital catalogue',
  'GET /api/v1/booking/departments/{id}/doctors': 'hospital catalogue',
  'GET /api/v1/booking/doctors/{id}/schedule': 'hospital catalogue',
  'GET /api/v1/doctor/images/{id}': 'reached only by the signed, expiring URL a message of a conversation (decided above) carries',
  'GET /api/v1/workbench/conversations/{id}': 'staff (chat.answer), the contracted team only (doctor.care)',
  'POST /api/v1/workbench/conversations/{id}/resolve': 'staff (chat.answer), the contracted team only',
  'POST /api/v1/workbench/conversations/{id}/assign': 'staff (chat.answer), the contracted team only (team-work.test.ts)',
  'PUT /api/v1/workbench/quick-replies/{id}': 'staff, the quick reply’s team only (team-work.test.ts)',
  'DELETE /api/v1/workbench/quick-replies/{id}': 'staff, the quick reply’s team only (team-work.test.ts)',
  'POST /api/v1/workbench/alerts/{id}/ack': 'staff (alerts.handle), the alert’s team only (team.staff)',
  'GET /api/v1/workbench/panel/{recordNumber}': 'staff (doctor), a resident contracted with the caller’s team only (followups.test.ts)',
  'POST /api/v1/workbench/contract-applications/{id}/approve': 'staff (contracts.review)',
  'POST /api/v1/workbench/contract-applications/{id}/decline': 'staff (contracts.review)',
  'POST /api/v1/payments/orders/{id}/refunds': 'staff (payments.refund)',
  'POST /api/v1/bills/{billNo}/refund': 'staff (payments.refund)',
  'GET /api/v1/inpatient/admissions/{admissionNo}': 'a HIS admission, looked up among those of the memberId it takes (proxy: member-routes.test.ts); another patient’s is 404 (inpatient.test.ts)',
  'GET /api/v1/inpatient/admissions/{admissionNo}/daily': 'as above',
  'GET /api/v1/console/content/articles/{id}': 'content console',
  'PUT /api/v1/console/content/articles/{id}': 'content console',
  'POST /api/v1/console/content/articles/{id}/publish': 'content console',
  'GET /api/v1/console/content/articles/{id}/revisions': 'content console',
  'GET /api/v1/console/content/articles/{id}/revisions/{number}/diff': 'content console',
  'POST /api/v1/console/content/articles/{id}/submit': 'content console',
  'POST /api/v1/console/content/articles/{id}/review': 'content console (医学审核)',
  'POST /api/v1/console/content/articles/{id}/rollback': 'content console',
  'POST /api/v1/content/articles/{id}/events': 'a public article (reading figures)',
  'POST /api/v1/console/content/articles/{id}/unpublish': 'content console',
  'GET /api/v1/console/content/articles/{id}/stats': 'content console',
  'GET /api/v1/console/content/campaigns/{id}': 'content console',
  'POST /api/v1/console/content/campaigns/{id}/resume': 'content console',
  'GET /api/v1/content/articles/{id}': 'public article',
  'POST /api/v1/content/articles/{id}/reads': 'public article',
  'PUT /api/v1/content/articles/{id}/favourite': 'public article',
  'DELETE /api/v1/content/articles/{id}/favourite': 'public article',
  'GET /api/v1/content/images/{id}': 'public article image',
  'GET /api/v1/admin/users/{id}': 'admin (roles.manage)',
  'GET /api/v1/admin/users/{id}/role-history': 'admin (roles.manage)',
  'POST /api/v1/admin/users/{id}/roles': 'admin (roles.manage)',
  'POST /api/v1/admin/users/{id}/roles/{role}/revoke': 'admin (roles.manage)',
};

type Operation = { parameters?: Array<{ name: string; in: string }>; requestBody?: unknown };
let s: Stack;
let zw: ZhangFamily;
let strangerToken = '';
let openapi: { paths: Record<string, Record<string, Operation>> };
const ids: Partial<Record<Kind, string>> = {};

beforeAll(async () => {
  s = await startStack();
  zw = await zhangFamily(s, { motherGrant: false });
  strangerToken = (await s.resident({ name: '周磊', idNumber: '310101198511170038' })).token;
  openapi = (await s.api('GET', '/api/openapi.json')).body;
}, 90_000);
afterAll(() => s.close());

const pathParams = (op: string) => {
  const [method, p] = op.split(' ');
  return (openapi.paths[p][method.toLowerCase()].parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name);
};
/** Operations whose only id is the member's own (decided route by route in member-routes.test.ts). */
const takesOnlyMember = (op: string) => {
  const params = pathParams(op);
  const p = op.split(' ')[1];
  return (
    (params.length === 1 && params[0] === 'memberId') ||
    (/^\/api\/v1\/family\/members\/\{id\}/.test(p) && params.length === 1) ||
    (params.length === 1 && params[0] === 'ref' && !RECORD_ITEM_ROUTES.includes(op))
  );
};

async function call(op: string, id: string, token: string) {
  const [method, template] = op.split(' ');
  const r = RESOURCE_ROUTES[op] as Resource | undefined;
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'ref' ? zw.mother : id));
  const body = r?.body?.() ?? (op.endsWith('/reveal') ? { field: 'phone' } : undefined);
  const res = await s.api(method, path, { token, body, headers: { 'idempotency-key': `k-${Math.random().toString(36).slice(2)}` } });
  return answerOf(res);
}

/** Another user's resource must answer exactly what an id that does not exist answers. */
async function asIfMissing(op: string, id: string, token: string): Promise<string> {
  const [got, none] = [await call(op, id, token), await call(op, '00000000-0000-4000-8000-000000000000', token)];
  if (got.code && BEFORE_POLICY.includes(got.code)) return verdictOf(got);
  return got.status === 404 && got.code === 'NOT_FOUND' && got.status === none.status && got.message === none.message ? 'NOT_FOUND' : verdictOf(got);
}

type Holds = { owner: boolean; verified: boolean; scopes: Array<'proxy' | 'health'> };
function expected(kind: Kind, h: Holds): string {
  if (!h.owner) return 'NOT_FOUND';
  for (const purpose of PURPOSES[kind]) {
    if (purpose === 'book' || purpose === 'manage') continue;
    if (!h.verified) return 'IDENTITY_UNVERIFIED';
    if (!h.scopes.includes(purpose)) return `FAMILY_AUTHORIZATION_REQUIRED:${purpose}`;
  }
  return 'allowed';
}

/** Every resource route × every resource of 王秀英 made so far: what the policy answered, and what it should. */
async function table(h: Holds, token = zw.token) {
  const got: Record<string, string> = {};
  const want: Record<string, string> = {};
  for (const [op, r] of Object.entries(RESOURCE_ROUTES)) {
    for (const kind of r.kinds) {
      const id = ids[kind];
      if (!id) continue;
      const exp = expected(kind, h);
      if (r.destructive && exp === 'allowed') continue;
      got[`${op} (${kind})`] = h.owner ? verdictOf(await call(op, id, token)) : await asIfMissing(op, id, token);
      want[`${op} (${kind})`] = exp;
    }
  }
  // The lists show exactly what each item's own id opens.
  const lists: Array<[string, Kind[]]> = [
    ['/api/v1/vaccines/appointments?scope=all', ['vaccineAppointment']],
    ['/api/v1/payments/orders?limit=50', ORDERS],
    [`/api/v1/payments/orders?limit=50&memberId=${zw.mother}`, ORDERS],
    ['/api/v1/bookings?tab=upcoming', ['booking']],
    ['/api/v1/booking/waitlist', ['waitlistEntry']],
  ];
  for (const [path, kinds] of lists) {
    const res = await s.api('GET', path, { token });
    const listed = res.status === 200 ? (res.body.items as Array<{ id: string }>).map((x) => x.id) : [];
    for (const kind of kinds) {
      const id = ids[kind];
      if (!id) continue;
      got[`listed in GET ${path.split('?')[0]}${path.includes('memberId') ? '?memberId' : ''} (${kind})`] = listed.includes(id) ? 'listed' : 'not listed';
      want[`listed in GET ${path.split('?')[0]}${path.includes('memberId') ? '?memberId' : ''} (${kind})`] = expected(kind, h) === 'allowed' ? 'listed' : 'not listed';
    }
  }
  for (const op of RECORD_ITEM_ROUTES) {
    const exp = !h.owner ? 'NOT_FOUND' : !h.verified ? 'IDENTITY_UNVERIFIED' : h.scopes.includes('health') ? 'allowed' : 'FAMILY_AUTHORIZATION_REQUIRED:health';
    const v = verdictOf(await call(op, 'NO-SUCH-ITEM', token));
    // Allowed, the item itself does not exist: a 404 then is the item's, not the policy's.
    got[op] = exp === 'allowed' && v === 'NOT_FOUND' ? 'allowed' : v;
    want[op] = exp;
  }
  return { got, want };
}

const revoke = async (requestId: string) => expect((await s.api('POST', `/api/v1/me/access-requests/${requestId}/revoke`, { token: zw.motherAccount.token })).status).toBe(200);

describe('the member policy on resources that belong to a member', () => {
  it('every operation with a path id is decided: member-owned with its purpose, the member’s own id, or not member-owned', () => {
    const withIds = Object.entries(openapi.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .filter((op) => pathParams(op).length > 0);
    const undecided = withIds.filter((op) => !RESOURCE_ROUTES[op] && !RECORD_ITEM_ROUTES.includes(op) && !NOT_MEMBER_OWNED[op] && !takesOnlyMember(op));
    expect(undecided).toEqual([]);
    // No stale entries: each one names a real operation.
    const listed = [...Object.keys(RESOURCE_ROUTES), ...RECORD_ITEM_ROUTES, ...Object.keys(NOT_MEMBER_OWNED)];
    expect(listed.filter((op) => !withIds.includes(op))).toEqual([]);
  });

  it('an adult before approving: the registration booked for them and its fee, nothing that needs 家人授权', async () => {
    const taken = new Set<string>();
    const session = await freshSession(s, { hospitalId: 'H001', free: false, taken });
    const b = await book(s, zw.token, { slotId: session.slotIds[0], memberId: zw.mother });
    expect(b.status).toBe(201);
    ids.booking = b.body.id;
    ids.registrationOrder = b.body.payment.orderId;
    expect(ids.registrationOrder).toEqual(expect.any(String));
    // 候补 for her on a session whose one place a stranger holds.
    const full = await freshSession(s, { hospitalId: 'H001', free: false, capacity: 1, daysAhead: 6, taken });
    const strangerSelf = (await s.api('GET', '/api/v1/family/members', { token: strangerToken })).body.items[0].id;
    const held = await book(s, strangerToken, { slotId: full.slotIds[0], memberId: strangerSelf });
    expect(held.status).toBe(201);
    const wait = await s.api('POST', '/api/v1/booking/waitlist', { token: zw.token, body: { sessionId: full.id, memberId: zw.mother } });
    expect(wait.body).toMatchObject({ status: 'waiting', memberId: zw.mother });
    ids.waitlistEntry = wait.body.id;
    const { got, want } = await table({ owner: true, verified: true, scopes: [] });
    expect(got).toEqual(want);
    // What needs a scope cannot be made for them either.
    const device = await s.api('POST', '/api/v1/doctor/devices', { token: zw.token, body: { memberId: zw.mother, name: '家用血压计', kind: 'bp' } });
    expect(device.body.error).toMatchObject({ code: 'FAMILY_AUTHORIZATION_REQUIRED', scope: 'health' });
  });

  let fullGrant = '';
  it('approved (代办 and 查看健康信息): everything made for them, by its id', async () => {
    fullGrant = (await adultApproves(s, zw.token, zw.mother, zw.motherAccount, ['proxy', 'health'])).requestId;
    const bill = await s.sbx('POST', '/his/sandbox/bills', { body: { idNumber: '11010519491231002X', name: '王秀英', items: [{ code: 'JY0001' }] } });
    expect(bill.status).toBe(201);
    const pay = await s.api('POST', '/api/v1/bills/pay', { token: zw.token, body: { memberId: zw.mother, billNos: [bill.body.billNo] }, headers: { 'Idempotency-Key': `bp-${Date.now()}` } });
    expect(pay.status).toBe(201);
    ids.billOrder = pay.body.order.id;
    // 王秀英 is in hospital in the sandbox: a deposit top-up for her stay.
    const stays = await s.api('GET', `/api/v1/inpatient/admissions?memberId=${zw.mother}`, { token: zw.token });
    const topUp = await s.api('POST', '/api/v1/inpatient/deposits', {
      token: zw.token,
      body: { memberId: zw.mother, admissionNo: stays.body.items[0].admissionNo, amountFen: 50_000 },
      headers: { 'Idempotency-Key': `ip-${Date.now()}` },
    });
    expect(topUp.status).toBe(201);
    ids.inpatientOrder = topUp.body.order.id;
    const session = await nextSession(s, zw.token, 'VC003', 'Flu');
    const appt = await bookVaccine(s, zw.token, { memberId: zw.mother, clinicId: 'VC003', sessionId: session.id, vaccineCode: 'Flu' });
    expect(appt.status).toBe(201);
    ids.vaccineAppointment = appt.body.id;
    ids.vaccineOrder = appt.body.orderId;
    expect(ids.vaccineOrder).toEqual(expect.any(String));
    const device = await s.api('POST', '/api/v1/doctor/devices', { token: zw.token, body: { memberId: zw.mother, name: '家用血压计', kind: 'bp' } });
    expect(device.status).toBe(201);
    ids.device = device.body.id;
    const conv = await s.api('POST', '/api/v1/doctor/conversations', { token: zw.token, body: { memberId: zw.mother } });
    expect(conv.status).toBeLessThan(300);
    ids.conversation = conv.body.id;

    const { got, want } = await table({ owner: true, verified: true, scopes: ['proxy', 'health'] });
    expect(got).toEqual(want);
  });

  it('another user with those ids: 404 on every route, as if they did not exist', async () => {
    const { got, want } = await table({ owner: false, verified: true, scopes: [] }, strangerToken);
    expect(got).toEqual(want);
  });

  let proxyGrant = '';
  it('narrowed to 代办 only: the booking and the bill order; the vaccine, device and conversation no longer', async () => {
    await revoke(fullGrant);
    proxyGrant = (await adultApproves(s, zw.token, zw.mother, zw.motherAccount, ['proxy'])).requestId;
    const { got, want } = await table({ owner: true, verified: true, scopes: ['proxy'] });
    expect(got).toEqual(want);
  });

  it('revoked: the registration as booked, nothing else — drug names, vaccines, readings stay hidden', async () => {
    await revoke(proxyGrant);
    const { got, want } = await table({ owner: true, verified: true, scopes: [] });
    expect(got).toEqual(want);
    const order = await s.api('GET', `/api/v1/bills/orders/${ids.billOrder}`, { token: zw.token });
    expect(order.status).toBe(403);
    expect(JSON.stringify(order.body)).not.toContain('JY0001');
  });

  it('an account that lost its proven identity: its own bookings, nothing else', async () => {
    await adultApproves(s, zw.token, zw.mother, zw.motherAccount, ['proxy', 'health']);
    await s.bff.services.ds.getRepository(User).update({ id: zw.userId }, { realNameVerifiedAt: null });
    await s.bff.services.principals.changed(zw.userId);
    try {
      const { got, want } = await table({ owner: true, verified: false, scopes: ['proxy', 'health'] });
      expect(got).toEqual(want);
    } finally {
      await s.bff.services.ds.getRepository(User).update({ id: zw.userId }, { realNameVerifiedAt: new Date() });
      await s.bff.services.principals.changed(zw.userId);
    }
  });

  it('allowed again, the destructive routes act (cancel the vaccine appointment, revoke the device)', async () => {
    expect((await s.api('POST', `/api/v1/vaccines/appointments/${ids.vaccineAppointment}/cancel`, { token: zw.token, body: {} })).body.status).toBe('cancelled');
    expect((await s.api('DELETE', `/api/v1/doctor/devices/${ids.device}`, { token: zw.token })).status).toBe(204);
  });

  it('a member removed from the list: the registration stays visible to who booked it; the rest is gone (404)', async () => {
    expect((await s.api('DELETE', `/api/v1/family/members/${zw.mother}`, { token: zw.token })).status).toBe(204);
    const booking = await s.api('GET', `/api/v1/bookings/${ids.booking}`, { token: zw.token });
    expect(booking.status).toBe(200);
    expect(booking.body.id).toBe(ids.booking);
    for (const p of [`/api/v1/vaccines/appointments/${ids.vaccineAppointment}`, `/api/v1/bills/orders/${ids.billOrder}`, `/api/v1/doctor/conversations/${ids.conversation}`]) {
      const r = await s.api('GET', p, { token: zw.token });
      expect({ p, status: r.status, code: r.body.error?.code }).toEqual({ p, status: 404, code: 'NOT_FOUND' });
    }
  });
});
