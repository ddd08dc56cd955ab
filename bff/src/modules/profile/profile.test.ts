import { CONSENT_TEXTS } from '@healthpocket/shared-types';
import { phoneCodeFor, randomIdNumber, startStack, verifyIdentity, type Stack } from '../../../test/harness';
import { AuditLog, FamilyMember, User } from '../../db/entities';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

describe('real-name binding', () => {
  it('refuses a wrong check digit with the exact problem, and changes nothing', async () => {
    const l = await s.login();
    const res = await s.api('PUT', '/api/v1/me/real-name', {
      token: l.accessToken,
      body: { name: '李秀英', idNumber: '110105194912310021', phoneCode: await phoneCodeFor(s, '13900001111') },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '身份证号码校验位不正确，请逐位核对',
      details: [{ path: 'idNumber', message: '身份证号码校验位不正确，请逐位核对' }],
      requestId: expect.any(String),
    });
    const row = await s.bff.services.ds.getRepository(User).findOneByOrFail({ id: l.user.id });
    expect(row.realNameVerifiedAt).toBeNull();
    expect(row.idNumberEnc).toBeNull();
  });

  it('binds a lower-case x number, derives sex and birth date, stores it encrypted and masks it', async () => {
    const l = await s.login();
    const id = randomIdNumber('1949-12-31').slice(0, 17);
    const withCheck = (await import('@healthpocket/shared-types')).checkDigitFor(id);
    const full = id + withCheck;
    const user = await verifyIdentity(s, l.accessToken, { name: '李秀英', idNumber: full.toLowerCase() });
    expect(user).toMatchObject({
      realNameVerified: true,
      identity: { state: 'verified', method: 'face' },
      name: '李秀英',
      birthDate: '1949-12-31',
      sex: Number(full[16]) % 2 ? 'male' : 'female',
      idNumberMasked: `${full.slice(0, 3)}***********${full.slice(14)}`,
      phoneMasked: null,
    });
    const row = await s.bff.services.ds.getRepository(User).findOneByOrFail({ id: l.user.id });
    expect(row.idNumberEnc).not.toContain(full.slice(6, 14));
    expect(s.bff.services.crypto.decrypt(row.idNumberEnc!)).toBe(full.toUpperCase());
    expect(row.idNumberHash).toBe(s.bff.services.crypto.hash(full.toUpperCase()));
    // Real-name creates the self member, used by every later feature.
    const self = await s.bff.services.ds.getRepository(FamilyMember).findOneByOrFail({ ownerUserId: l.user.id, relation: 'self' });
    expect(self).toMatchObject({ name: '李秀英', verified: true });
    const audits = await s.bff.services.ds.getRepository(AuditLog).findBy({ actorUserId: l.user.id, action: 'real_name.bind' });
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(user)).not.toContain(full.toUpperCase());
  });

  it('refuses to switch to a different identity once bound', async () => {
    const r = await s.resident();
    const res = await s.api('PUT', '/api/v1/me/real-name', {
      token: r.token,
      body: { name: '王五', idNumber: randomIdNumber(), phoneCode: await phoneCodeFor(s, '13800138000') },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('REAL_NAME_ALREADY_BOUND');
  });

  it('refuses an expired or invented phone code', async () => {
    const l = await s.login();
    const res = await s.api('PUT', '/api/v1/me/real-name', { token: l.accessToken, body: { name: '张伟', idNumber: randomIdNumber(), phoneCode: 'made-up' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('PHONE_CODE_INVALID');
  });
});

describe('consents', () => {
  it('records the text version and time, and lets the resident withdraw', async () => {
    const l = await s.login();
    const v = CONSENT_TEXTS.health_data.version;
    const granted = await s.api('POST', '/api/v1/me/consents', { token: l.accessToken, body: { kind: 'health_data', textVersion: v } });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({ kind: 'health_data', textVersion: v, withdrawnAt: null });
    expect(await s.bff.services.profile.hasConsent(l.user.id, 'health_data')).toBe(true);
    expect((await s.api('DELETE', '/api/v1/me/consents/health_data', { token: l.accessToken })).status).toBe(204);
    expect(await s.bff.services.profile.hasConsent(l.user.id, 'health_data')).toBe(false);
    const list = await s.api('GET', '/api/v1/me/consents', { token: l.accessToken });
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].withdrawnAt).toEqual(expect.any(String));
    expect(list.body.current.health_data.version).toBe(v);
  });

  it('refuses agreement to an outdated text', async () => {
    const l = await s.login();
    const res = await s.api('POST', '/api/v1/me/consents', { token: l.accessToken, body: { kind: 'health_data', textVersion: '2020-01-01' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONSENT_VERSION_OUTDATED');
  });
});
