import { CONSENT_TEXTS } from '@healthpocket/shared-types';
import { randomIdNumber, startStack, type Stack } from '../../../test/harness';
import { Consent, FamilyMember } from '../../db/entities';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

const childBirth = (yearsAgo: number) => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - yearsAgo);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 10);
};

describe('family members', () => {
  it('asks for real-name first', async () => {
    const l = await s.login();
    const res = await s.api('POST', '/api/v1/family/members', { token: l.accessToken, body: { name: '王芳', relation: 'spouse', idNumber: randomIdNumber() } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('REAL_NAME_REQUIRED');
  });

  it('adds an adult by ID number, self listed first, ID masked', async () => {
    const r = await s.resident();
    const id = randomIdNumber('1984-04-06');
    const res = await s.api('POST', '/api/v1/family/members', { token: r.token, body: { name: '王芳', relation: 'spouse', idNumber: id, phone: '13912345678' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '王芳', relation: 'spouse', relationLabel: '配偶', birthDate: '1984-04-06', verified: true, phoneMasked: '139****5678' });
    expect(res.body.idNumberMasked).toBe(`${id.slice(0, 3)}***********${id.slice(14)}`);
    const list = await s.api('GET', '/api/v1/family/members', { token: r.token });
    expect(list.body.items.map((m: any) => m.relation)).toEqual(['self', 'spouse']);
    expect(list.body.max).toBe(5);
    const dup = await s.api('POST', '/api/v1/family/members', { token: r.token, body: { name: '王芳', relation: 'spouse', idNumber: id } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('MEMBER_DUPLICATE');
  });

  it('adds a child without ID card only with the guardian consent, and records it', async () => {
    const r = await s.resident();
    const body = { name: '张小宝', relation: 'child', birthDate: childBirth(1), sex: 'male' };
    const refused = await s.api('POST', '/api/v1/family/members', { token: r.token, body });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('GUARDIAN_CONSENT_REQUIRED');
    const ok = await s.api('POST', '/api/v1/family/members', { token: r.token, body: { ...body, guardianConsentVersion: CONSENT_TEXTS.guardian.version } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ verified: false, idNumberMasked: null, age: 1 });
    const consent = await s.bff.services.ds.getRepository(Consent).findOneByOrFail({ memberId: ok.body.id });
    expect(consent).toMatchObject({ kind: 'guardian', textVersion: CONSENT_TEXTS.guardian.version, withdrawnAt: null, userId: r.user.id });
  });

  it('refuses an adult without ID number, and a future birth date', async () => {
    const r = await s.resident();
    const adult = await s.api('POST', '/api/v1/family/members', { token: r.token, body: { name: '张大山', relation: 'parent', birthDate: '1950-01-01', sex: 'male' } });
    expect(adult.status).toBe(400);
    expect(adult.body.error.message).toContain('身份证号');
    const future = await s.api('POST', '/api/v1/family/members', {
      token: r.token,
      body: { name: '张未来', relation: 'child', birthDate: '2099-01-01', sex: 'male', guardianConsentVersion: CONSENT_TEXTS.guardian.version },
    });
    expect(future.status).toBe(400);
  });

  it('stops at 5 members besides self, also when added concurrently', async () => {
    const r = await s.resident();
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () => s.api('POST', '/api/v1/family/members', { token: r.token, body: { name: '张某某', relation: 'other', idNumber: randomIdNumber() } })),
    );
    expect(attempts.filter((a) => a.status === 201)).toHaveLength(5);
    expect(attempts.filter((a) => a.status === 409).every((a) => a.body.error.code === 'FAMILY_LIMIT_REACHED')).toBe(true);
    expect(await s.bff.services.ds.getRepository(FamilyMember).countBy({ ownerUserId: r.user.id })).toBe(6);
  });

  it("hides other users' members behind 404, and protects self", async () => {
    const a = await s.resident();
    const b = await s.resident();
    const added = await s.api('POST', '/api/v1/family/members', { token: a.token, body: { name: '王芳', relation: 'spouse', idNumber: randomIdNumber() } });
    const missing = await s.api('DELETE', '/api/v1/family/members/00000000-0000-0000-0000-000000000000', { token: b.token });
    for (const [method, body] of [
      ['PATCH', { relation: 'other' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await s.api(method, `/api/v1/family/members/${added.body.id}`, { token: b.token, body });
      expect(res.status).toBe(404);
      // Indistinguishable from a member that does not exist.
      expect(res.body.error.code).toBe(missing.body.error.code);
      expect(res.body.error.message).toBe(missing.body.error.message);
    }
    expect((await s.api('GET', '/api/v1/family/members', { token: a.token })).body.items).toHaveLength(2);
    const self = (await s.api('GET', '/api/v1/family/members', { token: a.token })).body.items[0];
    const del = await s.api('DELETE', `/api/v1/family/members/${self.id}`, { token: a.token });
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('SELF_MEMBER_LOCKED');
  });

  it("edits relation, adds a child's new ID card only when it matches, and removes", async () => {
    const r = await s.resident();
    const birth = childBirth(10);
    const child = await s.api('POST', '/api/v1/family/members', {
      token: r.token,
      body: { name: '张小丽', relation: 'child', birthDate: birth, sex: 'female', guardianConsentVersion: CONSENT_TEXTS.guardian.version },
    });
    const wrong = await s.api('PATCH', `/api/v1/family/members/${child.body.id}`, { token: r.token, body: { idNumber: randomIdNumber('1990-01-01') } });
    expect(wrong.status).toBe(400);
    let id = randomIdNumber(birth);
    while (Number(id[16]) % 2 === 1) id = randomIdNumber(birth);
    const right = await s.api('PATCH', `/api/v1/family/members/${child.body.id}`, { token: r.token, body: { idNumber: id, relation: 'other' } });
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ verified: true, relation: 'other' });
    expect((await s.api('DELETE', `/api/v1/family/members/${child.body.id}`, { token: r.token })).status).toBe(204);
    expect((await s.api('GET', '/api/v1/family/members', { token: r.token })).body.items).toHaveLength(1);
    // The guardian consent is withdrawn, not deleted.
    const consent = await s.bff.services.ds.getRepository(Consent).findOneByOrFail({ memberId: child.body.id });
    expect(consent.withdrawnAt).not.toBeNull();
  });
});
