import { randomUUID } from 'node:crypto';
import { CONSENT_TEXTS } from '@healthpocket/shared-types';
import { AuditLog } from '../../db/entities';
import { healthCardStateOf } from '../../../sandbox/healthcard/state';
import { randomIdNumber, startStack, type Stack } from '../../../test/harness';
import { adultApproves } from '../records/test-family';
import { signHealthCardRequest } from './sign';
import { HealthCardRecord } from './entity';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

const SANDBOX_APP = { appId: 'hc_sandbox_app_0001', appSecret: 'sandbox-healthcard-secret', hospitalId: '33010099' };

async function selfId(token: string): Promise<string> {
  const list = await s.api('GET', '/api/v1/health-cards', { token });
  return list.body.items.find((i: any) => i.relation === 'self').memberId;
}
const scan = (qrCodeText: string) => s.sbx('POST', '/his/health-cards/scan', { body: { qrCodeText } });
const cardsOf = async (idNumber: string) => (await s.sbx('GET', `/healthcard/sandbox/cards?idNumber=${idNumber}`)).body.items as any[];
const stats = async () => (await s.sbx('GET', '/healthcard/sandbox/stats')).body;
/** The phone the platform holds for a person's card (phone1 as the BFF sent it). */
const platformPhoneOf = (idNumber: string) => healthCardStateOf(s.sandbox.context).cardsOfIdNumber(idNumber)[0]?.phone1;
/** The one-time code WeChat getPhoneNumber gives the mini-program for this phone. */
const phoneCode = async (phoneNumber = '13912345678') => (await s.sbx('POST', '/wechat/sandbox/phone-codes', { body: { phoneNumber } })).body.code as string;
/** 申领 as a face-verified resident does it: authorizing the WeChat phone with the request. */
const registerWithPhone = async (token: string, memberId: string, phone?: string) => s.api('POST', `/api/v1/health-cards/${memberId}`, { token, body: { phoneCode: await phoneCode(phone) } });

/** Makes the next insert into health_cards fail, as a lost database connection would. */
async function failCardWrites(on: boolean) {
  const ds = s.bff.services.ds;
  const sqlite = ds.options.type === 'better-sqlite3';
  if (!on) return ds.query('DROP TRIGGER IF EXISTS hc_test_fail');
  return ds.query(
    sqlite
      ? `CREATE TRIGGER hc_test_fail BEFORE INSERT ON health_cards BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END`
      : `CREATE TRIGGER hc_test_fail BEFORE INSERT ON health_cards FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'simulated write failure'`,
  );
}

describe('电子健康卡', () => {
  it('tells an unverified user to complete real-name verification first, and refuses to register', async () => {
    const l = await s.login();
    const list = await s.api('GET', '/api/v1/health-cards', { token: l.accessToken });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ realNameVerified: false, items: [] });
    // No member of theirs: nothing to register (the member policy's 404, whatever the id).
    const reg = await s.api('POST', `/api/v1/health-cards/${randomUUID()}`, { token: l.accessToken });
    expect([reg.status, reg.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const qr = await s.api('GET', `/api/v1/health-cards/${randomUUID()}/qr`, { token: l.accessToken });
    expect(qr.status).toBe(404);
  });

  it('refuses a face-verified resident without a phone before the platform, then registers once with the WeChat phone; a repeat answers the same card', async () => {
    const idNumber = randomIdNumber();
    const r = await s.resident({ name: '张伟', idNumber });
    const before = await s.api('GET', '/api/v1/health-cards', { token: r.token });
    expect(before.body.realNameVerified).toBe(true);
    expect(before.body.items).toEqual([expect.objectContaining({ relation: 'self', status: 'can_issue', card: null, needsPhone: true, nextStep: '授权微信手机号后即可申领电子健康卡' })]);
    const memberId = before.body.items[0].memberId;

    // No phone on file and no code: 409 before anything reaches the platform. A number typed by the client counts for nothing.
    const callsBefore = (await stats()).registerCalls;
    for (const body of [undefined, { phone1: '13912345678', phone: '13912345678' }]) {
      const refused = await s.api('POST', `/api/v1/health-cards/${memberId}`, { token: r.token, body });
      expect([refused.status, refused.body.error.code]).toEqual([409, 'HEALTH_CARD_PHONE_REQUIRED']);
      expect(refused.body.error.message).toContain('授权微信手机号');
    }
    expect((await stats()).registerCalls).toBe(callsBefore);
    expect(await cardsOf(idNumber)).toHaveLength(0);

    // A used or unknown code is the client's to renew: 400, nothing registered.
    const code = await phoneCode('13912345678');
    const bogus = await s.api('POST', `/api/v1/health-cards/${memberId}`, { token: r.token, body: { phoneCode: 'not-a-code' } });
    expect([bogus.status, bogus.body.error.code]).toEqual([400, 'PHONE_CODE_INVALID']);
    expect(await cardsOf(idNumber)).toHaveLength(0);

    const reg = await s.api('POST', `/api/v1/health-cards/${memberId}`, { token: r.token, body: { phoneCode: code } });
    expect(reg.status).toBe(201);
    expect(platformPhoneOf(idNumber)).toBe('13912345678');
    // Remembered on the self member: shown masked, never in clear.
    const members = await s.api('GET', '/api/v1/family/members', { token: r.token });
    expect(members.body.items.find((m: any) => m.relation === 'self').phoneMasked).toBe('139****5678');
    expect(reg.body).toMatchObject({ memberId, name: '张伟', status: 'issued', nextStep: null, card: { issuedWith: 'own_id' } });
    const [card] = await cardsOf(idNumber);
    expect(reg.body.card.cardNoMasked).toBe(`${card.healthCardId.slice(0, 4)} **** **** ${card.healthCardId.slice(-4)}`);
    expect(JSON.stringify(reg.body)).not.toContain(card.healthCardId);

    const calls = (await stats()).registerCalls;
    const again = await s.api('POST', `/api/v1/health-cards/${memberId}`, { token: r.token });
    expect(again.status).toBe(201);
    expect(again.body.card).toEqual(reg.body.card);
    expect((await stats()).registerCalls).toBe(calls);
    expect(await cardsOf(idNumber)).toHaveLength(1);

    const after = await s.api('GET', '/api/v1/health-cards', { token: r.token });
    expect(after.body.items[0]).toMatchObject({ status: 'issued', card: reg.body.card, needsPhone: false });
    const issued = await s.bff.services.ds.getRepository(AuditLog).findBy({ action: 'healthcard.issue', subjectId: memberId });
    expect(issued).toHaveLength(1);
    // Our table keeps the card and patient ids, never the ID number.
    const row = await s.bff.services.ds.getRepository(HealthCardRecord).findOneByOrFail({ memberId });
    expect(JSON.stringify(row)).not.toContain(idNumber);
  });

  it('shows a short-lived QR code the hospital resolves while fresh and refuses once expired', async () => {
    const idNumber = randomIdNumber();
    const r = await s.resident({ name: '李娜', idNumber });
    const memberId = await selfId(r.token);
    expect((await registerWithPhone(r.token, memberId)).status).toBe(201);
    const [card] = await cardsOf(idNumber);

    const qr = await s.api('GET', `/api/v1/health-cards/${memberId}/qr`, { token: r.token });
    expect(qr.status).toBe(200);
    expect(qr.headers.get('cache-control')).toBe('no-store');
    expect(qr.body).toMatchObject({ memberId, name: '李娜', cardNoMasked: expect.stringContaining('****') });
    expect(qr.body.validSeconds).toBeGreaterThan(50);
    expect(qr.body.validSeconds).toBeLessThanOrEqual(60);
    expect(Date.parse(qr.body.expiresAt) - Date.now()).toBeGreaterThan(50_000);
    expect(qr.body.expiresAt).toMatch(/\+08:00$/);

    const fresh = await scan(qr.body.qrCodeText);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ healthCardId: card.healthCardId, name: '李娜', codeKind: 'dynamic' });
    expect(fresh.body.idNumberMasked).not.toBe(idNumber);

    await s.sbx('POST', '/healthcard/sandbox/advance', { body: { seconds: 61 } });
    const expired = await scan(qr.body.qrCodeText);
    expect(expired.status).toBe(409);
    expect(expired.body.code).toBe('QR_CODE_EXPIRED');

    const refreshed = await s.api('GET', `/api/v1/health-cards/${memberId}/qr`, { token: r.token });
    expect(refreshed.body.qrCodeText).not.toBe(qr.body.qrCodeText);
    expect((await scan(refreshed.body.qrCodeText)).status).toBe(200);
    const reveals = await s.bff.services.ds.getRepository(AuditLog).findBy({ action: 'healthcard.qr_reveal', subjectId: memberId });
    expect(reveals).toHaveLength(2);
  });

  it('fetches a new app token once when another holder replaced it at the platform', async () => {
    const r = await s.resident({ name: '赵敏', idNumber: randomIdNumber() });
    const memberId = await selfId(r.token);
    expect((await registerWithPhone(r.token, memberId)).status).toBe(201);
    // Someone else fetches a token with our app: the one the BFF holds is now invalid.
    const commonIn: Record<string, unknown> = { appToken: '', requestId: randomUUID(), hospitalId: SANDBOX_APP.hospitalId, timestamp: String(Math.floor(Date.now() / 1000)), channelNum: 1 };
    commonIn.sign = signHealthCardRequest({ ...commonIn, appId: SANDBOX_APP.appId }, SANDBOX_APP.appSecret);
    const stolen = await s.sbx('POST', '/healthcard/rest/auth/HealthCard/HealthOpenAuth/AuthObj/getAppToken', { body: { commonIn, req: { appId: SANDBOX_APP.appId } } });
    expect(stolen.body.commonOut.resultCode).toBe(0);
    const tokens = (await stats()).tokensIssued;

    const qr = await s.api('GET', `/api/v1/health-cards/${memberId}/qr`, { token: r.token });
    expect(qr.status).toBe(200);
    expect((await stats()).tokensIssued).toBe(tokens + 1);
    const again = await s.api('GET', `/api/v1/health-cards/${memberId}/qr`, { token: r.token });
    expect(again.status).toBe(200);
    expect((await stats()).tokensIssued).toBe(tokens + 1);
  });

  it('answers 404 for another user’s member, for registering and for the QR code', async () => {
    const owner = await s.resident({ name: '孙丽', idNumber: randomIdNumber() });
    const memberId = await selfId(owner.token);
    expect((await registerWithPhone(owner.token, memberId)).status).toBe(201);
    const other = await s.resident({ name: '周强', idNumber: randomIdNumber() });
    const reg = await s.api('POST', `/api/v1/health-cards/${memberId}`, { token: other.token });
    expect(reg.status).toBe(404);
    expect(reg.body.error.code).toBe('NOT_FOUND');
    const qr = await s.api('GET', `/api/v1/health-cards/${memberId}/qr`, { token: other.token });
    expect(qr.status).toBe(404);
    const reveals = await s.bff.services.ds.getRepository(AuditLog).findBy({ action: 'healthcard.qr_reveal', subjectId: memberId });
    expect(reveals).toHaveLength(0);
  });

  it('registers a family member with an ID number once they approve 代办, and a young child under the guardian’s identity', async () => {
    // The platform knows 张伟 as his children's guardian (the member policy asks it for a child).
    const r = await s.resident({ name: '张伟', idNumber: '110101199003077838', phone: '13800138000' });
    const kid = (await s.sbx('GET', '/platform/sandbox/children?guardianIdNumber=110101199003077838')).body.items.find((c: { birthDate: string }) => c.birthDate > '2018-01-01');
    const spouseId = randomIdNumber();
    const spouse = await s.api('POST', '/api/v1/family/members', { token: r.token, body: { name: '刘芳', relation: 'spouse', idNumber: spouseId } });
    const child = await s.api('POST', '/api/v1/family/members', {
      token: r.token,
      body: { name: kid.name, relation: 'child', birthDate: kid.birthDate, sex: kid.sex, guardianConsentVersion: CONSENT_TEXTS.guardian.version },
    });
    expect(child.status).toBe(201);
    const list = await s.api('GET', '/api/v1/health-cards', { token: r.token });
    expect(list.body.items.map((i: any) => [i.name, i.status])).toEqual([
      ['张伟', 'can_issue'],
      // An adult relative's card is 代办: the list says so before anything is tried.
      ['刘芳', 'needs_authorization'],
      [kid.name, 'can_issue'],
    ]);
    // Verified by the platform's phone on file: every card can use it, no WeChat phone asked for.
    expect(list.body.items.map((i: any) => i.needsPhone)).toEqual([false, false, false]);

    // An adult's card is 代办: refused until she approves that scope.
    const refused = await s.api('POST', `/api/v1/health-cards/${spouse.body.id}`, { token: r.token });
    expect(refused.body.error).toMatchObject({ code: 'FAMILY_AUTHORIZATION_REQUIRED', scope: 'proxy' });
    expect(await cardsOf(spouseId)).toHaveLength(0);
    const liu = await adultApproves(s, r.token, spouse.body.id, { name: '刘芳', idNumber: spouseId }, ['proxy']);
    const spouseCard = await s.api('POST', `/api/v1/health-cards/${spouse.body.id}`, { token: r.token });
    expect(spouseCard.body.card.issuedWith).toBe('own_id');
    expect(await cardsOf(spouseId)).toHaveLength(1);
    // Revoked: her card is neither listed (no masked number) nor shown as a QR code; approved again, it is back.
    expect((await s.api('POST', `/api/v1/me/access-requests/${liu.requestId}/revoke`, { token: liu.token })).status).toBe(200);
    const afterRevoke = (await s.api('GET', '/api/v1/health-cards', { token: r.token })).body.items.find((i: { memberId: string }) => i.memberId === spouse.body.id);
    expect(afterRevoke).toMatchObject({ status: 'needs_authorization', card: null, nextStep: expect.stringContaining('代办挂号与缴费') });
    expect((await s.api('GET', `/api/v1/health-cards/${spouse.body.id}/qr`, { token: r.token })).body.error).toMatchObject({ code: 'FAMILY_AUTHORIZATION_REQUIRED', scope: 'proxy' });
    await adultApproves(s, r.token, spouse.body.id, { token: liu.token, userId: liu.userId }, ['proxy']);
    expect((await s.api('GET', '/api/v1/health-cards', { token: r.token })).body.items.find((i: { memberId: string }) => i.memberId === spouse.body.id)).toMatchObject({ status: 'issued' });
    expect(platformPhoneOf(spouseId)).toBe('13800138000');

    const childCard = await s.api('POST', `/api/v1/health-cards/${child.body.id}`, { token: r.token });
    expect(childCard.status).toBe(201);
    expect(childCard.body.card.issuedWith).toBe('guardian');
    const qr = await s.api('GET', `/api/v1/health-cards/${child.body.id}/qr`, { token: r.token });
    const scanned = await scan(qr.body.qrCodeText);
    expect(scanned.body).toMatchObject({ name: kid.name, guardianName: '张伟', idNumberMasked: null });
  });

  it('asks a face-verified guardian for the WeChat phone for a child’s card, keeps it on her self member, and needs it only once', async () => {
    // 陈静 is the children's other guardian on the platform; verified by face, she has no phone.
    const cj = { name: '陈静', idNumber: '11010219840406970X' };
    const r = await s.resident(cj);
    expect(r.user.phoneMasked ?? null).toBeNull();
    const kid = (await s.sbx('GET', '/platform/sandbox/children?guardianIdNumber=110101199003077838')).body.items.find((c: { birthDate: string }) => c.birthDate > '2018-01-01');
    const child = await s.api('POST', '/api/v1/family/members', {
      token: r.token,
      body: { name: kid.name, relation: 'child', birthDate: kid.birthDate, sex: kid.sex, guardianConsentVersion: CONSENT_TEXTS.guardian.version },
    });
    expect(child.status).toBe(201);
    const list = await s.api('GET', '/api/v1/health-cards', { token: r.token });
    expect(list.body.items.map((i: any) => [i.relation, i.status, i.needsPhone])).toEqual([
      ['self', 'can_issue', true],
      ['child', 'can_issue', true],
    ]);

    const calls = (await stats()).registerCalls;
    const refused = await s.api('POST', `/api/v1/health-cards/${child.body.id}`, { token: r.token });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'HEALTH_CARD_PHONE_REQUIRED']);
    expect((await stats()).registerCalls).toBe(calls);

    const childCard = await registerWithPhone(r.token, child.body.id, '13700001111');
    expect(childCard.status).toBe(201);
    expect(childCard.body.card.issuedWith).toBe('guardian');
    const childOnPlatform = (await cardsOf(cj.idNumber)).find((c) => c.name === kid.name);
    expect(childOnPlatform).toMatchObject({ guardianName: '陈静', idNumberMasked: null });
    expect(healthCardStateOf(s.sandbox.context).cards.get(childOnPlatform.healthCardId)?.phone1).toBe('13700001111');

    // Remembered on the guardian's self member (not on the child): her own card needs no second authorization.
    const members = (await s.api('GET', '/api/v1/family/members', { token: r.token })).body.items;
    expect(members.map((m: any) => [m.relation, m.phoneMasked])).toEqual([
      ['self', '137****1111'],
      ['child', null],
    ]);
    const after = await s.api('GET', '/api/v1/health-cards', { token: r.token });
    expect(after.body.items.map((i: any) => i.needsPhone)).toEqual([false, false]);
    const own = await s.api('POST', `/api/v1/health-cards/${members[0].id}`, { token: r.token });
    expect(own.status).toBe(201);
    expect(own.body.card.issuedWith).toBe('own_id');
    expect(
      healthCardStateOf(s.sandbox.context)
        .cardsOfIdNumber(cj.idNumber)
        .map((c) => c.phone1),
    ).toEqual(['13700001111', '13700001111']);
  });

  it('answers the platform’s refusal of a missing or malformed field as 422 HEALTH_CARD_DATA_INVALID, and stores nothing', async () => {
    const r = await s.resident({ name: '钱进', idNumber: randomIdNumber() });
    const memberId = await selfId(r.token);
    await s.sbx('POST', '/healthcard/sandbox/refusals', { body: { resultCode: 10000, errMsg: 'phone1 格式不正确' } });
    let res;
    try {
      res = await registerWithPhone(r.token, memberId);
    } finally {
      await s.sbx('DELETE', '/healthcard/sandbox/refusals');
    }
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'HEALTH_CARD_DATA_INVALID', message: expect.stringContaining('手机号') });
    expect(await s.bff.services.ds.getRepository(HealthCardRecord).countBy({ memberId })).toBe(0);
    // The phone stays remembered: once the data is right, registering needs no new authorization.
    expect((await s.api('POST', `/api/v1/health-cards/${memberId}`, { token: r.token })).status).toBe(201);
  });

  it('adopts the card the platform issued when our own write failed, instead of registering twice', async () => {
    const idNumber = randomIdNumber();
    const r = await s.resident({ name: '陈晨', idNumber });
    const memberId = await selfId(r.token);
    await failCardWrites(true);
    let failed;
    try {
      failed = await registerWithPhone(r.token, memberId);
    } finally {
      await failCardWrites(false);
    }
    expect(failed.status).toBe(500);
    expect(failed.body.error.code).toBe('INTERNAL');
    // Upstream registered; we kept nothing, not even the audit row of the rolled-back write.
    const [card] = await cardsOf(idNumber);
    expect(card).toBeDefined();
    expect(await s.bff.services.ds.getRepository(HealthCardRecord).countBy({ memberId })).toBe(0);
    expect(await s.bff.services.ds.getRepository(AuditLog).countBy({ action: 'healthcard.issue', subjectId: memberId })).toBe(0);
    expect((await s.api('GET', '/api/v1/health-cards', { token: r.token })).body.items[0].status).toBe('can_issue');

    // The phone was remembered before the platform was called: the retry needs no new code.
    const retry = await s.api('POST', `/api/v1/health-cards/${memberId}`, { token: r.token });
    expect(retry.status).toBe(201);
    expect(await cardsOf(idNumber)).toHaveLength(1);
    const row = await s.bff.services.ds.getRepository(HealthCardRecord).findOneByOrFail({ memberId });
    expect(row.healthCardId).toBe(card.healthCardId);
  });

  it('stores one card when two requests register the same member at once', async () => {
    const idNumber = randomIdNumber();
    const r = await s.resident({ name: '黄蕾', idNumber });
    const memberId = await selfId(r.token);
    const both = await Promise.all([1, 2].map(() => registerWithPhone(r.token, memberId)));
    expect(both.map((b) => b.status)).toEqual([201, 201]);
    expect(both[0].body.card).toEqual(both[1].body.card);
    expect(await cardsOf(idNumber)).toHaveLength(1);
    expect(await s.bff.services.ds.getRepository(HealthCardRecord).countBy({ memberId })).toBe(1);
    expect(await s.bff.services.ds.getRepository(AuditLog).countBy({ action: 'healthcard.issue', subjectId: memberId })).toBe(1);
  });

  it('says HEALTH_CARD_UNAVAILABLE when the platform is down, and stores nothing', async () => {
    const r = await s.resident({ name: '吴磊', idNumber: randomIdNumber() });
    const memberId = await selfId(r.token);
    await s.sbx('POST', '/sandbox/faults', { body: { pathPrefix: '/healthcard/rest', status: 503 } });
    let res;
    try {
      res = await registerWithPhone(r.token, memberId);
    } finally {
      await s.sbx('DELETE', '/sandbox/faults');
    }
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'HEALTH_CARD_UNAVAILABLE', message: expect.stringContaining('电子健康卡') });
    expect(await s.bff.services.ds.getRepository(HealthCardRecord).countBy({ memberId })).toBe(0);
  });

  it('answers HEALTH_CARD_NOT_ISSUED for the QR code of a member without a card, and 400 for a bad id', async () => {
    const r = await s.resident({ name: '郑洁', idNumber: randomIdNumber() });
    const memberId = await selfId(r.token);
    const qr = await s.api('GET', `/api/v1/health-cards/${memberId}/qr`, { token: r.token });
    expect(qr.status).toBe(409);
    expect(qr.body.error.code).toBe('HEALTH_CARD_NOT_ISSUED');
    const bad = await s.api('POST', `/api/v1/health-cards/${'x'.repeat(80)}`, { token: r.token });
    expect(bad.status).toBe(400);
  });
});
