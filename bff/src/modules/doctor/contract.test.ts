import { CONSENT_TEXTS } from '@healthpocket/shared-types';
import { randomIdNumber, startStack, type Stack } from '../../../test/harness';
import { User } from '../../db/entities';
import { ContractApplicationLink } from './entities';
import { SUN_YUE, WsClient, ZHANG_WEI, ZHOU_LEI, signature, staff } from './test-helpers';

jest.setTimeout(30_000);

let s: Stack;
let zl: { token: string; selfId: string; userId: string };
let liming: Awaited<ReturnType<typeof staff>>;
let wu: Awaited<ReturnType<typeof staff>>;

beforeAll(async () => {
  s = await startStack();
  const r = await s.resident(ZHOU_LEI);
  const members = await s.api('GET', '/api/v1/family/members', { token: r.token });
  zl = { token: r.token, selfId: members.body.items[0].id, userId: r.user.id };
  liming = await staff(s, 'D-FD-001');
  wu = await staff(s, 'D-FD-003');
});
afterAll(() => s.close());

describe('contract (签约)', () => {
  it('shows a contracted member their team, and an uncontracted one none', async () => {
    const zw = await s.resident(ZHANG_WEI);
    const mine = await s.api('GET', '/api/v1/doctor/contracts', { token: zw.token });
    expect(mine.body.items[0]).toMatchObject({ memberName: '张伟', contract: { teamId: 'T001', doctorName: '李明', team: { servesMember: true } }, application: null });
    const none = await s.api('GET', `/api/v1/doctor/contracts/${zl.selfId}`, { token: zl.token });
    expect(none.body).toMatchObject({ memberName: '周磊', contract: null, application: null, unavailableReason: null });
    const dup = await s.api('POST', '/api/v1/doctor/contract-applications', {
      token: zw.token,
      body: { memberId: mine.body.items[0].memberId, teamId: 'T001', packageIds: ['PKG-BASIC'], agreement: signature('张伟') },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('ALREADY_CONTRACTED');
  });

  it('lists the teams serving the member first', async () => {
    const teams = await s.api('GET', `/api/v1/doctor/teams?memberId=${zl.selfId}`, { token: zl.token });
    expect(teams.body.items[0]).toMatchObject({ id: 'T003', servesMember: true, communities: ['和平社区'] });
    expect(teams.body.items.filter((t: any) => t.servesMember)).toHaveLength(1);
  });

  it('a declined application reaches the resident with the reason; only the team decides', async () => {
    const zlWs = await WsClient.open(s.bff.url, zl.token);
    const app = await s.api('POST', '/api/v1/doctor/contract-applications', {
      token: zl.token,
      body: { memberId: zl.selfId, teamId: 'T001', packageIds: ['PKG-BASIC'], note: '工作日白天不方便', agreement: signature('周磊') },
    });
    expect(app.status).toBe(201);
    expect(app.body).toMatchObject({ status: 'pending', teamName: '李明家庭医生团队', memberName: '周磊' });
    const again = await s.api('POST', '/api/v1/doctor/contract-applications', {
      token: zl.token,
      body: { memberId: zl.selfId, teamId: 'T003', packageIds: ['PKG-BASIC'], agreement: signature('周磊') },
    });
    expect(again.body.error.code).toBe('APPLICATION_PENDING');

    // T003's doctor neither sees it nor may decide it.
    expect((await s.api('GET', '/api/v1/workbench/contract-applications', { token: wu.token })).body.items).toEqual([]);
    expect((await s.api('POST', `/api/v1/workbench/contract-applications/${app.body.id}/approve`, { token: wu.token })).status).toBe(404);
    // A resident cannot reach the workbench at all.
    expect((await s.api('GET', '/api/v1/workbench/contract-applications', { token: zl.token })).status).toBe(403);

    const pending = await s.api('GET', '/api/v1/workbench/contract-applications', { token: liming.token });
    expect(pending.body.items).toHaveLength(1);
    expect(pending.body.items[0]).toMatchObject({
      id: app.body.id,
      memberId: null,
      note: '工作日白天不方便',
      applicant: { sex: '男', community: '和平社区', conditions: ['高血压'], outsideCommunity: true },
    });
    expect(pending.body.items[0].applicant.phoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);

    const noReason = await s.api('POST', `/api/v1/workbench/contract-applications/${app.body.id}/decline`, { token: liming.token, body: { reason: '' } });
    expect(noReason.status).toBe(400);
    const declined = await s.api('POST', `/api/v1/workbench/contract-applications/${app.body.id}/decline`, { token: liming.token, body: { reason: '不在本团队服务社区，请申请和平社区团队' } });
    expect(declined.body).toMatchObject({ status: 'declined', reason: '不在本团队服务社区，请申请和平社区团队' });
    const frame = await zlWs.next<{ type: 'application'; application: any }>((f) => f.type === 'application');
    expect(frame.application).toMatchObject({ id: app.body.id, status: 'declined', memberId: zl.selfId });
    const view = await s.api('GET', `/api/v1/doctor/contracts/${zl.selfId}`, { token: zl.token });
    expect(view.body).toMatchObject({ contract: null, application: { status: 'declined', reason: '不在本团队服务社区，请申请和平社区团队' } });
    // Deciding twice the other way is refused; the same way again is harmless.
    expect((await s.api('POST', `/api/v1/workbench/contract-applications/${app.body.id}/approve`, { token: liming.token })).body.error.code).toBe('APPLICATION_DECIDED');
    expect((await s.api('POST', `/api/v1/workbench/contract-applications/${app.body.id}/decline`, { token: liming.token, body: { reason: '重复' } })).status).toBe(200);
    zlWs.close();
  });

  it('an approved application signs the contract on the platform and opens the chat', async () => {
    const app = await s.api('POST', '/api/v1/doctor/contract-applications', {
      token: zl.token,
      body: { memberId: zl.selfId, teamId: 'T003', packageIds: ['PKG-BASIC', 'PKG-T003-TCM'], agreement: signature('周磊') },
    });
    expect(app.status).toBe(201);
    const ok = await s.api('POST', `/api/v1/workbench/contract-applications/${app.body.id}/approve`, { token: wu.token });
    expect(ok.body.status).toBe('approved');
    expect((await s.bff.services.ds.getRepository(ContractApplicationLink).findOneByOrFail({ id: app.body.id })).status).toBe('approved');
    const view = await s.api('GET', `/api/v1/doctor/contracts/${zl.selfId}`, { token: zl.token });
    expect(view.body.contract).toMatchObject({ teamId: 'T003', doctorName: '吴国华' });
    expect(view.body.contract.packages.map((p: any) => p.id)).toEqual(['PKG-BASIC', 'PKG-T003-TCM']);
    const conv = await s.api('POST', '/api/v1/doctor/conversations', { token: zl.token, body: { memberId: zl.selfId } });
    expect(conv.body).toMatchObject({ teamId: 'T003', doctorName: '吴国华' });
  });

  it('a member without a platform health record cannot apply', async () => {
    const fresh = await s.resident();
    const members = await s.api('GET', '/api/v1/family/members', { token: fresh.token });
    const res = await s.api('POST', '/api/v1/doctor/contract-applications', {
      token: fresh.token,
      body: { memberId: members.body.items[0].id, teamId: 'T001', packageIds: ['PKG-BASIC'], agreement: signature('任何人') },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('MEMBER_RECORD_UNAVAILABLE');
  });
});

describe('the contract overview and the member policy', () => {
  it('lists a member the policy refuses with `refusal` and what to do, instead of failing whole', async () => {
    const sy = await s.resident({ ...SUN_YUE, phone: '13800138002' });
    const add = async (body: Record<string, unknown>) => {
      const res = await s.api('POST', '/api/v1/family/members', { token: sy.token, body });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const [baby] = (await s.sbx('GET', `/platform/sandbox/children?guardianIdNumber=${SUN_YUE.idNumber}`)).body.items as Array<{ name: string; birthDate: string; sex: string }>;
    const son = await add({ name: baby.name, relation: 'child', birthDate: baby.birthDate, sex: baby.sex, guardianConsentVersion: CONSENT_TEXTS.guardian.version });
    const father = await add({ name: '孙建国', relation: 'parent', idNumber: randomIdNumber('1966-04-12') });
    // A child in her list the platform does not know as hers.
    const claimed = await add({ name: '孙小雨', relation: 'child', birthDate: '2022-05-06', sex: 'female', guardianConsentVersion: CONSENT_TEXTS.guardian.version });

    const res = await s.api('GET', '/api/v1/doctor/contracts', { token: sy.token });
    expect(res.status).toBe(200);
    const byId = new Map(res.body.items.map((i: { memberId: string }) => [i.memberId, i]));
    expect(byId.size).toBe(4);
    const self = res.body.items.find((i: { memberName: string }) => i.memberName === '孙悦');
    expect(self).toMatchObject({ contract: { teamId: 'T002' } });
    expect(self.refusal).toBeUndefined();
    expect(byId.get(son)).toMatchObject({ memberName: baby.name, contract: { teamId: 'T002' } });
    expect((byId.get(son) as { refusal?: string }).refusal).toBeUndefined();
    expect(byId.get(father)).toEqual({
      memberId: father,
      memberName: '孙建国',
      contract: null,
      application: null,
      refusal: 'FAMILY_AUTHORIZATION_REQUIRED',
      unavailableReason: expect.stringContaining('本人授权'),
    });
    expect(byId.get(claimed)).toEqual({
      memberId: claimed,
      memberName: '孙小雨',
      contract: null,
      application: null,
      refusal: 'GUARDIAN_UNCONFIRMED',
      unavailableReason: expect.stringContaining('监护人'),
    });

    // With her identity no longer proven, every member is listed with that refusal.
    await s.bff.services.ds.getRepository(User).update({ id: sy.user.id }, { realNameVerifiedAt: null });
    await s.bff.services.principals.changed(sy.user.id);
    const unverified = await s.api('GET', '/api/v1/doctor/contracts', { token: sy.token });
    expect(unverified.status).toBe(200);
    expect(unverified.body.items.map((i: { refusal?: string; contract: unknown }) => [i.refusal, i.contract])).toEqual(Array(4).fill(['IDENTITY_UNVERIFIED', null]));
    expect(unverified.body.items[0].unavailableReason).toContain('身份认证');
  });
});
