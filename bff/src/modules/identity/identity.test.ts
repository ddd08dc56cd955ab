import { CONSENT_TEXTS } from '@healthpocket/shared-types';
import { phoneCodeFor, randomIdNumber, startStack, verifyIdentity, type Stack } from '../../../test/harness';
import { AuditLog, FamilyMember, User } from '../../db/entities';
import { IdentityVerification } from './verification-entity';

let s: Stack;
beforeAll(async () => {
  // Logs in from many client IPs (X-Forwarded-For): more logins than one IP may make a minute.
  s = await startStack({ TRUST_PROXY: 'true' });
  // The sandbox builds its seeded world on first use; do it here, not inside a timed upstream call.
  await s.sbx('GET', '/platform/residents/by-id-number/110101199003077838');
});
afterAll(() => s.close());
afterEach(async () => {
  await s.sbx('DELETE', '/sandbox/faults');
});

/** Platform residents with a phone on file (bff/sandbox/seed/world.ts PERSONA_RESIDENTS). */
const CHEN_JING = { name: '陈静', idNumber: '11010219840406970X', phone: '13800138001' };
const ZHOU_LEI = { name: '周磊', idNumber: '310101198511170038', phone: '13611886203' };
const ZHANG_WEI = { name: '张伟', idNumber: '110101199003077838', phone: '13800138000' };
const SUN_YUE_PHONE = '15810267731';

let ips = 0;
/** Each login from its own client IP: this file logs in more often than the per-IP login limit. */
const login = (openid?: string) => s.login(openid, { 'x-forwarded-for': `10.77.${(ips >> 8) & 255}.${ips++ & 255}` });

const users = () => s.bff.services.ds.getRepository(User);
const userRow = (id: string) => users().findOneByOrFail({ id });
const selfOf = (userId: string) => s.bff.services.ds.getRepository(FamilyMember).findOneBy({ ownerUserId: userId, relation: 'self' });
const holdersOf = (idNumber: string) => users().countBy({ idNumberHash: s.bff.services.crypto.hash(idNumber) });
const auditsOf = (action: string, subjectId: string) => s.bff.services.ds.getRepository(AuditLog).findBy({ action, subjectId });

async function byPhone(token: string, who: { name: string; idNumber: string }, phone: string) {
  return s.api('PUT', '/api/v1/me/real-name', { token, body: { ...who, phoneCode: await phoneCodeFor(s, phone) } });
}
async function startFace(token: string, who: { name: string; idNumber: string }) {
  return s.api('POST', '/api/v1/me/identity/face', { token, body: who });
}
/** The sandbox's stand-in for wx.requestFacialVerify (what the H5 sheet's buttons call). */
async function runFace(verifyId: string, outcome: 'pass' | 'fail' | 'cancel', openid?: string) {
  return s.sbx('POST', '/wechat/sandbox/face/verify', { body: { verify_id: verifyId, outcome, openid } });
}
async function faceResult(token: string, verifyId: string) {
  return s.api('POST', '/api/v1/me/identity/face/result', { token, body: { verifyId } });
}

describe('手机号快速验证 (phone on file at the health platform)', () => {
  it('verifies when the WeChat phone is the one on file for the ID number', async () => {
    const l = await login();
    const res = await byPhone(l.accessToken, ZHOU_LEI, ZHOU_LEI.phone);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ realNameVerified: true, identity: { state: 'verified', method: 'phone' }, name: '周磊', phoneMasked: '136****6203' });
    expect(await userRow(l.user.id)).toMatchObject({ identityMethod: 'phone', idNumberHash: s.bff.services.crypto.hash(ZHOU_LEI.idNumber) });
    expect(await selfOf(l.user.id)).toMatchObject({ verified: true, name: '周磊' });
    const attempts = await auditsOf('identity.attempt', l.user.id);
    expect(attempts.map((a) => a.detail)).toEqual([expect.objectContaining({ method: 'phone', outcome: 'verified' })]);
  });

  it('another phone → 409 FACE_VERIFY_REQUIRED; the identity stays a claim, the account unverified', async () => {
    const l = await login();
    const claim = { name: '孙悦', idNumber: randomIdNumber() };
    const res = await byPhone(l.accessToken, claim, SUN_YUE_PHONE);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'FACE_VERIFY_REQUIRED', message: expect.stringContaining('刷脸认证') });
    const row = await userRow(l.user.id);
    expect(row).toMatchObject({ realNameVerifiedAt: null, idNumberHash: null, identityMethod: null });
    expect(await selfOf(l.user.id)).toMatchObject({ verified: false, name: '孙悦', idNumberHash: s.bff.services.crypto.hash(claim.idNumber) });
    const me = await s.api('GET', '/api/v1/me', { token: l.accessToken });
    expect(me.body).toMatchObject({ realNameVerified: false, identity: { state: 'claimed', method: null }, name: '孙悦' });
    // A later login says the same, so the app can lead the user to the face route.
    const again = await login(l.openid);
    expect(again.user.identity).toEqual({ state: 'claimed', method: null });
  });

  it('a phone match never displaces the account that holds the identity', async () => {
    const holder = await s.resident({ name: ZHOU_LEI.name, idNumber: ZHOU_LEI.idNumber });
    const other = await login();
    const res = await byPhone(other.accessToken, ZHOU_LEI, ZHOU_LEI.phone);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ID_NUMBER_TAKEN');
    expect(res.body.error.message).toContain('刷脸认证');
    expect((await userRow(holder.user.id)).realNameVerifiedAt).not.toBeNull();
    expect((await s.api('GET', '/api/v1/me', { token: holder.token })).status).toBe(200);
  });
});

describe('刷脸认证 (微信人脸核身 2.0)', () => {
  it('passes: verify_id, the check, then the BFF asks WeChat and binds', async () => {
    const l = await login();
    const who = { name: '李秀英', idNumber: randomIdNumber() };
    const started = await startFace(l.accessToken, who);
    expect(started.status).toBe(200);
    expect(started.body).toEqual({ verifyId: expect.any(String), expiresIn: 3600 });
    expect((await runFace(started.body.verifyId, 'pass')).body).toEqual({ errCode: 0, errMsg: 'requestFacialVerify:ok' });
    const res = await faceResult(l.accessToken, started.body.verifyId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ realNameVerified: true, identity: { state: 'verified', method: 'face' }, name: '李秀英', phoneMasked: null });
    const attempt = await s.bff.services.ds.getRepository(IdentityVerification).findOneByOrFail({ verifyId: started.body.verifyId });
    expect(attempt).toMatchObject({ status: 'passed', verifyRet: 10000, userId: l.user.id });
    expect(attempt.idNumberEnc).not.toContain(who.idNumber.slice(6, 14));
    // Asking again is harmless: the binding is there once.
    expect((await faceResult(l.accessToken, started.body.verifyId)).status).toBe(200);
    expect(await auditsOf('real_name.bind', l.user.id)).toHaveLength(1);
  });

  it('fails (不通过): 422 FACE_VERIFY_FAILED, nothing bound; a new attempt can pass', async () => {
    const l = await login();
    const who = { name: '王强', idNumber: randomIdNumber() };
    const first = await startFace(l.accessToken, who);
    expect((await runFace(first.body.verifyId, 'fail')).body.errCode).toBe(10004);
    const res = await faceResult(l.accessToken, first.body.verifyId);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('FACE_VERIFY_FAILED');
    expect((await userRow(l.user.id)).realNameVerifiedAt).toBeNull();
    expect(await selfOf(l.user.id)).toMatchObject({ verified: false });
    // The verify_id is spent: it cannot be run again.
    expect((await runFace(first.body.verifyId, 'pass')).status).toBe(409);
    expect((await faceResult(l.accessToken, first.body.verifyId)).body.error.code).toBe('FACE_VERIFY_FAILED');
    const user = await verifyIdentity(s, l.accessToken, who);
    expect(user.identity).toEqual({ state: 'verified', method: 'face' });
  });

  it('cancelled (取消): 409 FACE_VERIFY_CANCELLED, nothing bound', async () => {
    const l = await login();
    const started = await startFace(l.accessToken, { name: '王强', idNumber: randomIdNumber() });
    expect((await runFace(started.body.verifyId, 'cancel')).body.errCode).toBe(90004);
    const res = await faceResult(l.accessToken, started.body.verifyId);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('FACE_VERIFY_CANCELLED');
    expect((await userRow(l.user.id)).realNameVerifiedAt).toBeNull();
  });

  it('expired after 3600 s: 410 FACE_VERIFY_EXPIRED, nothing bound', async () => {
    const l = await login();
    const started = await startFace(l.accessToken, { name: '王强', idNumber: randomIdNumber() });
    s.sandbox.context.wechat.clockOffsetMs += 3601_000;
    try {
      expect((await runFace(started.body.verifyId, 'pass')).status).toBe(410);
      const res = await faceResult(l.accessToken, started.body.verifyId);
      expect(res.status).toBe(410);
      expect(res.body.error.code).toBe('FACE_VERIFY_EXPIRED');
    } finally {
      s.sandbox.context.wechat.clockOffsetMs -= 3601_000;
    }
    expect((await userRow(l.user.id)).realNameVerifiedAt).toBeNull();
    // Our own record of the expiry holds even if WeChat were to answer.
    const other = await startFace(l.accessToken, { name: '王强', idNumber: randomIdNumber() });
    await runFace(other.body.verifyId, 'pass');
    await s.bff.services.ds.getRepository(IdentityVerification).update({ verifyId: other.body.verifyId }, { expiresAt: new Date(Date.now() - 1000) });
    expect((await faceResult(l.accessToken, other.body.verifyId)).body.error.code).toBe('FACE_VERIFY_EXPIRED');
    expect((await userRow(l.user.id)).realNameVerifiedAt).toBeNull();
  });

  it('a verify_id run by another openid fails, and another account cannot use it', async () => {
    const l = await login();
    const intruder = await login();
    const started = await startFace(l.accessToken, { name: '王强', idNumber: randomIdNumber() });
    expect((await runFace(started.body.verifyId, 'pass', intruder.openid)).body.errCode).toBe(10001);
    expect((await faceResult(intruder.accessToken, started.body.verifyId)).body.error.code).toBe('FACE_VERIFY_NOT_FOUND');
    const res = await faceResult(l.accessToken, started.body.verifyId);
    expect(res.body.error.code).toBe('FACE_VERIFY_FAILED');
    expect((await userRow(l.user.id)).realNameVerifiedAt).toBeNull();
    expect((await userRow(intruder.user.id)).realNameVerifiedAt).toBeNull();
  });

  it('a client claiming success without the check binds nothing: the BFF asks WeChat, which says not finished', async () => {
    const l = await login();
    const started = await startFace(l.accessToken, { name: '王强', idNumber: randomIdNumber() });
    const res = await s.api('POST', '/api/v1/me/identity/face/result', { token: l.accessToken, body: { verifyId: started.body.verifyId, verifyResult: 'ok', errCode: 0 } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('FACE_VERIFY_PENDING');
    expect((await userRow(l.user.id)).realNameVerifiedAt).toBeNull();
    const invented = await faceResult(l.accessToken, 'sbxfv_made_up');
    expect(invented.body.error.code).toBe('FACE_VERIFY_NOT_FOUND');
  });

  it('WeChat down between the check and the result: 503, nothing bound; the retry binds', async () => {
    const l = await login();
    const started = await startFace(l.accessToken, { name: '王强', idNumber: randomIdNumber() });
    await runFace(started.body.verifyId, 'pass');
    await s.sbx('POST', '/sandbox/faults', { body: { pathPrefix: '/wechat/cityservice/face/identify/queryverifyinfo', status: 503, times: 1 } });
    const down = await faceResult(l.accessToken, started.body.verifyId);
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect((await userRow(l.user.id)).realNameVerifiedAt).toBeNull();
    expect((await faceResult(l.accessToken, started.body.verifyId)).status).toBe(200);
  });

  it('WeChat down when starting: 503 and no attempt stored', async () => {
    const l = await login();
    await s.sbx('POST', '/sandbox/faults', { body: { pathPrefix: '/wechat/cityservice/face/identify/getverifyid', status: 503, times: 1 } });
    const res = await startFace(l.accessToken, { name: '王强', idNumber: randomIdNumber() });
    expect(res.status).toBe(503);
    expect(await s.bff.services.ds.getRepository(IdentityVerification).countBy({ userId: l.user.id })).toBe(0);
    expect(await selfOf(l.user.id)).toBeNull();
  });
});

describe('takeover: the owner who proves the ID number by face', () => {
  it('takes the binding over; the earlier account loses it and every session', async () => {
    const idNumber = randomIdNumber();
    const earlier = await s.resident({ name: '陈芳', idNumber });
    const earlierLogin = await login(earlier.openid);
    const owner = await login();
    const user = await verifyIdentity(s, owner.accessToken, { name: '陈芳', idNumber });
    expect(user.identity).toEqual({ state: 'verified', method: 'face' });
    expect(await holdersOf(idNumber)).toBe(1);
    expect((await userRow(owner.user.id)).idNumberHash).toBe(s.bff.services.crypto.hash(idNumber));

    // The earlier account: its next request is refused, its refresh fails, its identity is gone.
    const next = await s.api('GET', '/api/v1/me', { token: earlier.token });
    expect(next.status).toBe(401);
    const refresh = await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: earlierLogin.refreshToken } });
    expect(refresh.status).toBe(401);
    expect(refresh.body.error.code).toBe('REFRESH_TOKEN_INVALID');
    expect(await userRow(earlier.user.id)).toMatchObject({ realNameVerifiedAt: null, idNumberHash: null, idNumberEnc: null, name: null, identityMethod: null });
    expect(await selfOf(earlier.user.id)).toBeNull();
    const relogin = await login(earlier.openid);
    expect(relogin.user).toMatchObject({ realNameVerified: false, identity: { state: 'none', method: null }, idNumberMasked: null });
    const members = await s.api('GET', '/api/v1/family/members', { token: relogin.accessToken });
    expect(members.body.items.filter((m: { relation: string }) => m.relation === 'self')).toEqual([]);

    // Both events audited.
    expect(await auditsOf('identity.takeover', owner.user.id)).toEqual([expect.objectContaining({ actorUserId: owner.user.id, detail: expect.objectContaining({ fromUserId: earlier.user.id }) })]);
    expect(await auditsOf('identity.taken_over', earlier.user.id)).toEqual([expect.objectContaining({ actorUserId: owner.user.id })]);
  });
});

describe('an impostor with name + ID number who proves nothing', () => {
  it('reads nothing and displaces nobody', async () => {
    const chen = await s.resident({ name: CHEN_JING.name, idNumber: CHEN_JING.idNumber });
    const impostor = await login();
    const tried = await byPhone(impostor.accessToken, CHEN_JING, '13900009999');
    expect(tried.body.error.code).toBe('FACE_VERIFY_REQUIRED');
    const face = await startFace(impostor.accessToken, CHEN_JING);
    await runFace(face.body.verifyId, 'fail');
    expect((await faceResult(impostor.accessToken, face.body.verifyId)).body.error.code).toBe('FACE_VERIFY_FAILED');

    await s.api('POST', '/api/v1/me/consents', { token: impostor.accessToken, body: { kind: 'health_data', textVersion: CONSENT_TEXTS.health_data.version } });
    const self = (await selfOf(impostor.user.id))!;
    expect(self).toMatchObject({ verified: false });
    const record = await s.api('GET', `/api/v1/records/${self.id}`, { token: impostor.accessToken });
    expect(record.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(record.body)).not.toContain('花园社区');
    const bills = await s.api('GET', `/api/v1/bills?memberId=${self.id}`, { token: impostor.accessToken });
    expect(bills.status).toBe(403);
    expect(bills.body.error.code).toBe('IDENTITY_UNVERIFIED');

    // 陈静 keeps her binding and her session.
    expect(await userRow(chen.user.id)).toMatchObject({ idNumberHash: s.bff.services.crypto.hash(CHEN_JING.idNumber) });
    expect((await s.api('GET', '/api/v1/me', { token: chen.token })).body.identity.state).toBe('verified');
    expect(await holdersOf(CHEN_JING.idNumber)).toBe(1);
  });
});

describe('rate limits', () => {
  it('per account: the 7th attempt within the hour is refused', async () => {
    const l = await login();
    for (let i = 0; i < 6; i++) expect((await startFace(l.accessToken, { name: '王强', idNumber: randomIdNumber() })).status).toBe(200);
    const res = await startFace(l.accessToken, { name: '王强', idNumber: randomIdNumber() });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    const phone = await byPhone(l.accessToken, { name: '王强', idNumber: randomIdNumber() }, '13900001111');
    expect(phone.status).toBe(429);
    const audits = await auditsOf('identity.attempt', l.user.id);
    expect(audits.filter((a) => a.detail?.outcome === 'rate_limited')).toHaveLength(2);
  });

  it('per ID number, across accounts', async () => {
    const who = { name: '王强', idNumber: randomIdNumber() };
    for (let i = 0; i < 6; i++) expect((await byPhone((await login()).accessToken, who, '13900001111')).body.error.code).toBe('FACE_VERIFY_REQUIRED');
    const res = await startFace((await login()).accessToken, who);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
  });
});

describe('concurrency', () => {
  it('two accounts verifying the same ID number at once: exactly one binding', async () => {
    const [a, b] = await Promise.all([login(), login()]);
    const results = await Promise.all([byPhone(a.accessToken, ZHANG_WEI, ZHANG_WEI.phone), byPhone(b.accessToken, ZHANG_WEI, ZHANG_WEI.phone)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('ID_NUMBER_TAKEN');
    expect(await holdersOf(ZHANG_WEI.idNumber)).toBe(1);
  });

  it('two face results for one ID number at once: one holder at the end', async () => {
    const who = { name: '王强', idNumber: randomIdNumber() };
    const [a, b] = await Promise.all([login(), login()]);
    const [sa, sb] = [await startFace(a.accessToken, who), await startFace(b.accessToken, who)];
    await runFace(sa.body.verifyId, 'pass');
    await runFace(sb.body.verifyId, 'pass');
    const results = await Promise.all([faceResult(a.accessToken, sa.body.verifyId), faceResult(b.accessToken, sb.body.verifyId)]);
    for (const r of results) expect([200, 409]).toContain(r.status);
    expect(results.some((r) => r.status === 200)).toBe(true);
    expect(await holdersOf(who.idNumber)).toBe(1);
  });
});
