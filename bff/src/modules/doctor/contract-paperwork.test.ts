import { chinaToday } from '@healthpocket/shared-types';
import { startStack, type Stack } from '../../../test/harness';
import { ContractSignature } from './contract-entities';
import type { MessageCentrePort } from './contract-renewal';
import { ZHOU_LEI, signature, staff } from './test-helpers';

jest.setTimeout(60_000);

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** Noon China time on a China day. */
const noonOn = (day: string) => new Date(`${day}T12:00:00+08:00`);
const ZL_RECORD = '11010100100300056';

let s: Stack;
let zl: { token: string; selfId: string; userId: string; openid: string };
let wu: Awaited<ReturnType<typeof staff>>;
const contracts = () => s.bff.services.doctor.contracts;
const renewals = () => s.bff.services.doctor.renewals;

beforeAll(async () => {
  s = await startStack();
  const r = await s.resident(ZHOU_LEI);
  const members = await s.api('GET', '/api/v1/family/members', { token: r.token });
  zl = { token: r.token, selfId: members.body.items[0].id, userId: r.user.id, openid: r.openid };
  wu = await staff(s, 'D-FD-003');
});
afterAll(() => s.close());

const apply = (body: Record<string, unknown>) =>
  s.api('POST', '/api/v1/doctor/contract-applications', { token: zl.token, body: { memberId: zl.selfId, teamId: 'T003', packageIds: ['PKG-BASIC', 'PKG-HTN'], ...body } });
const renew = (body: Record<string, unknown>) => s.api('POST', `/api/v1/doctor/contracts/${zl.selfId}/renewal`, { token: zl.token, body: { packageIds: ['PKG-BASIC', 'PKG-HTN'], ...body } });
const mine = () => s.api('GET', `/api/v1/doctor/contracts/${zl.selfId}`, { token: zl.token });
const endContractIn = async (days: number) => {
  const validTo = addDays(chinaToday(), days);
  expect((await s.sbx('POST', `/platform/sandbox/contracts/${ZL_RECORD}/valid-to`, { body: { validTo } })).status).toBe(200);
  return validTo;
};

describe('service packages and the agreement (签约服务协议书)', () => {
  it('teams offer the basic package and 个性化包 from the catalogue, with their contents', async () => {
    const teams = await s.api('GET', `/api/v1/doctor/teams?memberId=${zl.selfId}`, { token: zl.token });
    const t003 = teams.body.items.find((t: { id: string }) => t.id === 'T003');
    expect(t003.packages.map((p: { id: string }) => p.id)).toEqual(['PKG-BASIC', 'PKG-T003-TCM', 'PKG-HTN', 'PKG-ELDER']);
    expect(t003.packages.find((p: { id: string }) => p.id === 'PKG-HTN')).toMatchObject({
      name: '高血压个性化服务包',
      items: expect.arrayContaining(['每年至少4次面对面随访（血压、体重、心率、用药情况）']),
    });
  });

  it('serves the version in force on the (moved) clock, in full', async () => {
    expect((await s.api('GET', '/api/v1/doctor/agreement', { token: zl.token })).body).toMatchObject({ version: '2026.1', title: '家庭医生签约服务协议书' });
    contracts().agreements.clock = () => noonOn('2026-03-01');
    try {
      const old = await s.api('GET', '/api/v1/doctor/agreement', { token: zl.token });
      expect(old.body).toMatchObject({ version: '2025.1', effectiveFrom: '2025-01-01' });
      expect(old.body.clauses).toHaveLength(6);
      expect(old.body.clauses[1]).toContain('签约周期为一年');
    } finally {
      contracts().agreements.clock = () => new Date();
    }
  });

  it('refuses an application without the ticked box, with another name, or of another version', async () => {
    const missing = await apply({});
    expect([missing.status, missing.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const unticked = await apply({ agreement: { ...signature('周磊'), accepted: false } });
    expect([unticked.status, unticked.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(unticked.body.error.message).toContain('勾选');
    const huge = await apply({ agreement: signature('周'.repeat(500)) });
    expect(huge.status).toBe(400);
    const otherName = await apply({ agreement: signature('张伟') });
    expect([otherName.status, otherName.body.error.code]).toEqual([422, 'SIGNER_NAME_MISMATCH']);
    const otherVersion = await apply({ agreement: signature('周磊', '2025.1') });
    expect([otherVersion.status, otherVersion.body.error.code]).toEqual([409, 'AGREEMENT_OUTDATED']);
    expect(await s.bff.services.ds.getRepository(ContractSignature).count()).toBe(0);
  });
});

describe('apply, review, remind, renew', () => {
  let firstValidTo = '';

  it('keeps the signed version and time with the application; the reviewer sees package, version and community', async () => {
    // Signed while the 2025 version was in force.
    contracts().agreements.clock = () => noonOn('2026-03-01');
    let app;
    try {
      app = await apply({ agreement: signature(' 周 磊 ', '2025.1'), note: '想管理好血压' });
    } finally {
      contracts().agreements.clock = () => new Date();
    }
    expect(app.status).toBe(201);
    expect(app.body).toMatchObject({ kind: 'new', agreement: { version: '2025.1', signerName: '周磊', signedAt: expect.stringMatching(/^2026-03-01T12:00:00/) } });
    const kept = await s.bff.services.ds.getRepository(ContractSignature).findOneByOrFail({ applicationId: app.body.id });
    expect(kept).toMatchObject({ agreementVersion: '2025.1', kind: 'new', recordNumber: ZL_RECORD, signerUserId: zl.userId, packageIds: ['PKG-BASIC', 'PKG-HTN'] });

    const pending = await s.api('GET', '/api/v1/workbench/contract-applications', { token: wu.token });
    expect(pending.body.items).toHaveLength(1);
    expect(pending.body.items[0]).toMatchObject({ kind: 'new', agreement: { version: '2025.1', signerName: '周磊' }, applicant: { community: '和平社区', outsideCommunity: false } });
    expect(pending.body.items[0].packages.map((p: { name: string }) => p.name)).toEqual(['基础服务包', '高血压个性化服务包']);

    const ok = await s.api('POST', `/api/v1/workbench/contract-applications/${app.body.id}/approve`, { token: wu.token });
    expect(ok.body).toMatchObject({ status: 'approved', agreement: { version: '2025.1' } });
    const view = await mine();
    firstValidTo = view.body.contract.validTo;
    expect(view.body.signedAgreement).toMatchObject({ version: '2025.1' });
    // A year away: renewal not open yet, and the agreement changed since it was signed.
    expect(view.body.renewal).toMatchObject({ open: false, opensOn: addDays(firstValidTo, -30), resignRequired: true, currentVersion: '2026.1' });
    const early = await renew({ agreement: signature('周磊') });
    expect([early.status, early.body.error.code]).toEqual([409, 'RENEWAL_NOT_OPEN']);

    // The signed agreement is the resident's data: in their export (PIPL), without account ids.
    const made = await s.api('POST', '/api/v1/me/export', { token: zl.token });
    const file = await s.api('GET', made.body.downloadPath, { token: zl.token });
    expect(file.body.sections.familyDoctor.contractSignatures).toEqual([expect.objectContaining({ agreementVersion: '2025.1', signerName: '周磊', packageIds: ['PKG-BASIC', 'PKG-HTN'] })]);
    expect(file.body.sections.familyDoctor.contractSignatures[0].signerUserId).toBeUndefined();
  });

  it('reminds 30 and 7 days before the contract year ends, once each (moved clock)', async () => {
    await s.sbx('POST', '/wechat/sandbox/subscriptions', { body: { openid: zl.openid, templateIds: ['sbx_tmpl_contract_renewal'], count: 10 } });
    const sent = async () => ((await s.sbx('GET', `/wechat/sandbox/sent?touser=${zl.openid}`)).body.items as any[]).filter((m) => m.template_id === 'sbx_tmpl_contract_renewal');
    const notes: Array<{ userId: string; dedupeKey: string; title: string; memberId?: string }> = [];
    const centre: MessageCentrePort = { post: async (userId, note) => void notes.push({ userId, dedupeKey: note.dedupeKey, title: note.title, memberId: note.memberId }) };
    const svc = renewals();
    svc.messageCentre = centre;
    const run = async (day: string) => {
      svc.clock = () => noonOn(day);
      await svc.remind();
      await s.bff.services.outbox.runOnce();
    };
    try {
      await run(addDays(firstValidTo, -31));
      expect(await sent()).toHaveLength(0);
      await run(addDays(firstValidTo, -30));
      await run(addDays(firstValidTo, -30)); // a second run (or instance) adds nothing
      await run(addDays(firstValidTo, -12));
      const first = await sent();
      expect(first).toHaveLength(1);
      expect(first[0].data).toMatchObject({ name1: { value: '周磊' }, date3: { value: firstValidTo }, thing4: { value: '到期前30天内可在线续约' } });
      await run(addDays(firstValidTo, -7));
      await run(addDays(firstValidTo, -2));
      const both = await sent();
      expect(both).toHaveLength(2);
      expect(both[1].data.thing4.value).toBe('签约即将到期，请尽快续约');
      expect(notes).toEqual([
        { userId: zl.userId, memberId: zl.selfId, title: '家庭医生签约将于30天后到期', dedupeKey: `contract-renew:${ZL_RECORD}:${firstValidTo}:30` },
        { userId: zl.userId, memberId: zl.selfId, title: '家庭医生签约将于7天后到期', dedupeKey: `contract-renew:${ZL_RECORD}:${firstValidTo}:7` },
      ]);
      await run(addDays(firstValidTo, 1)); // ended: nothing more
      expect(await sent()).toHaveLength(2);
    } finally {
      svc.clock = () => new Date();
      svc.messageCentre = null;
    }
  });

  it('renewal under a new agreement version needs signing again; the same version does not', async () => {
    const validTo = await endContractIn(20);
    const unsigned = await renew({});
    expect([unsigned.status, unsigned.body.error.code]).toEqual([409, 'AGREEMENT_RESIGN_REQUIRED']);
    const oldVersion = await renew({ agreement: signature('周磊', '2025.1') });
    expect([oldVersion.status, oldVersion.body.error.code]).toEqual([409, 'AGREEMENT_OUTDATED']);
    expect((await mine()).body.renewal).toEqual({ open: true, daysLeft: 20, opensOn: addDays(validTo, -30), resignRequired: true, currentVersion: '2026.1' });

    const signed = await renew({ agreement: signature('周磊') });
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({ kind: 'renewal', status: 'pending', agreement: { version: '2026.1', signerName: '周磊' } });
    expect((await mine()).body.application).toMatchObject({ id: signed.body.id, kind: 'renewal', status: 'pending' });
    const again = await renew({ agreement: signature('周磊') });
    expect(again.body.error.code).toBe('APPLICATION_PENDING');
    const pending = await s.api('GET', '/api/v1/workbench/contract-applications', { token: wu.token });
    expect(pending.body.items.map((a: { kind: string; agreement: { version: string } }) => [a.kind, a.agreement.version])).toEqual([['renewal', '2026.1']]);
    expect((await s.api('POST', `/api/v1/workbench/contract-applications/${signed.body.id}/approve`, { token: wu.token })).body.status).toBe('approved');
    const renewed = (await mine()).body;
    expect(renewed.contract).toMatchObject({ validFrom: addDays(validTo, 1), validTo: addDays(`${Number(validTo.slice(0, 4)) + 1}${validTo.slice(4)}`, 0) });
    expect(renewed.signedAgreement).toMatchObject({ version: '2026.1' });
    expect(renewed.renewal).toMatchObject({ open: false, resignRequired: false });

    // The next year, under the same version: renewing needs no new signature.
    await endContractIn(10);
    const plain = await renew({});
    expect(plain.status).toBe(201);
    expect(plain.body).toMatchObject({ kind: 'renewal', agreement: null });
    expect(await s.bff.services.ds.getRepository(ContractSignature).count()).toBe(2);
  });

  it('refuses a renewal for a member without a contract, and for another account’s member', async () => {
    const other = await s.resident();
    const own = (await s.api('GET', '/api/v1/family/members', { token: other.token })).body.items[0].id;
    const none = await s.api('POST', `/api/v1/doctor/contracts/${own}/renewal`, { token: other.token, body: { packageIds: ['PKG-BASIC'] } });
    expect([none.status, none.body.error.code]).toEqual([409, 'MEMBER_RECORD_UNAVAILABLE']);
    const foreign = await s.api('POST', `/api/v1/doctor/contracts/${zl.selfId}/renewal`, { token: other.token, body: { packageIds: ['PKG-BASIC'] } });
    expect(foreign.status).toBe(404);
    const bad = await s.api('POST', `/api/v1/doctor/contracts/${zl.selfId}/renewal`, { token: zl.token, body: { packageIds: 'PKG-BASIC' } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
