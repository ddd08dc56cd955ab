import { startStack, type Stack } from '../../../test/harness';
import { AuditLog } from '../../db/entities';
import { OutboxMessage } from '../../outbox/entity';
import { HealthAlert } from './entities';
import { covers } from './rota';
import { ALERT_TOPICS, maskName } from './alert-delivery';
import { ZHANG_WEI, eventually, residentWithConsent, staff } from './test-helpers';

jest.setTimeout(60_000);

const ROBOT_KEY = 'sbx-robot-t001';
const STAFF_TMPL = 'sbx_tmpl_staff_alert';
const MINUTE = 60_000;

let s: Stack;
let zw: Awaited<ReturnType<typeof residentWithConsent>>;
let lead: Awaited<ReturnType<typeof staff>>;
let phw: Awaited<ReturnType<typeof staff>>;
let specialist: Awaited<ReturnType<typeof staff>>;
let otherTeam: Awaited<ReturnType<typeof staff>>;
let specialistId: string;
let readingNo = 0;

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * MINUTE).toISOString().replace('Z', '+00:00');
const escalation = () => s.bff.services.doctor.escalation;
const alerts = () => s.bff.services.ds.getRepository(HealthAlert);

/** An urgent reading (≥180/110) of 张伟: returns the alert it raised. */
async function urgent(): Promise<HealthAlert> {
  const systolic = 181 + readingNo++;
  const res = await s.api('POST', '/api/v1/doctor/readings', { token: zw.token, body: { memberId: zw.selfId, kind: 'bp', values: { systolic, diastolic: 112 }, measuredAt: at(1) } });
  expect(res.body.category).toBe('urgent');
  return alerts().findOneByOrFail({ readingId: res.body.id });
}
const staffSent = async (openid: string) => ((await s.sbx('GET', `/wechat/sandbox/sent?touser=${openid}`)).body.items as any[]).filter((m) => m.template_id === STAFF_TMPL);
const robotMessages = async () => (await s.sbx('GET', `/wecom/sandbox/robot-messages?key=${ROBOT_KEY}`)).body.items as Array<{ content: string }>;
const deliver = () => s.bff.services.outbox.runOnce();
const ack = (token: string, id: string, body: unknown) => s.api('POST', `/api/v1/workbench/alerts/${id}/ack`, { token, body });

beforeAll(async () => {
  s = await startStack({ WECOM_ROBOT_WEBHOOK_URL: `{sandbox}/wecom/cgi-bin/webhook/send?key=${ROBOT_KEY}`, ALERT_ESCALATE_POLL_MS: '0' });
  zw = await residentWithConsent(s, ZHANG_WEI);
  const team = (await s.sbx('GET', '/platform/teams')).body.items.find((t: any) => t.id === 'T001');
  specialistId = team.members.find((m: any) => m.role === '专科医生').id;
  lead = await staff(s, 'D-FD-001');
  phw = await staff(s, 'P-FD-001');
  specialist = await staff(s, specialistId);
  otherTeam = await staff(s, 'D-FD-002');
  // Each staff member accepted the staff alert template (wx.requestSubscribeMessage) a few times.
  for (const u of [lead, phw, specialist, otherTeam]) await s.sbx('POST', '/wechat/sandbox/subscriptions', { body: { openid: u.openid, templateIds: [STAFF_TMPL], count: 10 } });
});
afterAll(() => s.close());

describe('delivery outside the tab (no rota: the contracted doctor, then the lead)', () => {
  it('sends the doctor on duty a subscribe message and the group robot a masked markdown message, through the outbox', async () => {
    const alert = await urgent();
    expect(alert).toMatchObject({ escalationLevel: 0, chain: ['D-FD-001'] });
    expect(alert.notified).toEqual([{ level: 0, staffIds: ['D-FD-001'], at: expect.stringMatching(/\+08:00$/) }]);
    // Enqueued with the step, not sent on the request path.
    const queued = await s.bff.services.ds.getRepository(OutboxMessage).findBy({ dedupeKey: `alert:${alert.id}:0:robot` });
    expect(queued.map((m) => m.topic)).toEqual([ALERT_TOPICS.robot]);
    await deliver();
    const sub = await eventually(async () => (await staffSent(lead.openid))[0]);
    expect(sub.page).toBe(`workbench/pages/chat/index?id=${alert.conversationId}`);
    expect(sub.data.name1.value).toBe('张*');
    expect(sub.data.thing2.value).toContain('血压 181/112');
    const robot = await eventually(async () => (await robotMessages()).find((m) => m.content.includes('181/112')));
    expect(robot.content).toContain('居民：张*');
    expect(robot.content).toContain('请处理：李明');
    for (const secret of ['张伟', ZHANG_WEI.idNumber, ZHANG_WEI.idNumber.slice(0, 6), '13800138000']) expect(robot.content).not.toContain(secret);
    // Nobody else was told.
    expect(await staffSent(phw.openid)).toEqual([]);
  });

  it('retries a robot message the webhook failed', async () => {
    await s.sbx('POST', '/sandbox/faults', { body: { pathPrefix: '/wecom/cgi-bin/webhook/send', status: 503, times: 1 } });
    const alert = await urgent();
    const repo = s.bff.services.ds.getRepository(OutboxMessage);
    const key = `alert:${alert.id}:0:robot`;
    await eventually(async () => {
      await deliver();
      return (await repo.findOneByOrFail({ dedupeKey: key })).attempts >= 1;
    });
    const failed = await repo.findOneByOrFail({ dedupeKey: key });
    expect(failed).toMatchObject({ state: 'pending', lastError: expect.any(String) });
    // The backoff has passed: the next pass delivers it.
    await repo.update({ id: failed.id }, { nextAttemptAt: new Date(Date.now() - 1000) });
    await eventually(async () => {
      await deliver();
      return (await repo.findOneByOrFail({ dedupeKey: key })).state === 'done';
    });
    expect((await robotMessages()).filter((m) => m.content.includes(`${alert.memberName[0]}*`) && m.content.includes(`${182}/112`))).toHaveLength(1);
  });

  it('masks names for the group chat', () => {
    expect([maskName('张伟'), maskName('王秀英'), maskName('欧阳娜娜'), maskName('李')]).toEqual(['张*', '王*英', '欧**娜', '李']);
  });
});

describe('the rota (team lead only)', () => {
  it('only the lead of the team changes it, with the team’s own members and valid hours', async () => {
    const body = {
      teamId: 'T001',
      entries: [
        { staffId: 'P-FD-001', days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '00:00' },
        { staffId: specialistId, days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '00:00' },
      ],
    };
    const notLead = await s.api('PUT', '/api/v1/workbench/rota', { token: phw.token, body });
    expect([notLead.status, notLead.body.error.code]).toEqual([403, 'ROTA_LEAD_ONLY']);
    const foreign = await s.api('PUT', '/api/v1/workbench/rota', { token: otherTeam.token, body });
    expect(foreign.status).toBe(404);
    const stranger = await s.api('PUT', '/api/v1/workbench/rota', { token: lead.token, body: { ...body, entries: [{ ...body.entries[0], staffId: 'D-FD-002' }] } });
    expect([stranger.status, stranger.body.error.code]).toEqual([400, 'ROTA_NOT_TEAM_MEMBER']);
    const badTime = await s.api('PUT', '/api/v1/workbench/rota', { token: lead.token, body: { ...body, entries: [{ ...body.entries[0], end: '24:30' }] } });
    expect([badTime.status, badTime.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const ok = await s.api('PUT', '/api/v1/workbench/rota', { token: lead.token, body });
    expect(ok.status).toBe(200);
    expect(ok.body.entries.map((e: any) => e.staffId)).toEqual(['P-FD-001', specialistId]);
    expect((await s.api('GET', '/api/v1/workbench/rota?teamId=T001', { token: phw.token })).body.entries).toHaveLength(2);
    expect((await s.api('GET', '/api/v1/workbench/rota?teamId=T001', { token: otherTeam.token })).status).toBe(404);
  });

  it('covers hours in China time, overnight shifts included', () => {
    const night = { days: [1], start: '22:00', end: '08:00' };
    // 2026-11-30 is a Monday. 23:00 Monday and 03:00 Tuesday (China) are in; 03:00 Monday is not.
    expect(covers(night, new Date('2026-11-30T23:00:00+08:00'))).toBe(true);
    expect(covers(night, new Date('2026-12-01T03:00:00+08:00'))).toBe(true);
    expect(covers(night, new Date('2026-11-30T03:00:00+08:00'))).toBe(false);
    expect(covers({ days: [1, 2, 3, 4, 5], start: '08:00', end: '17:30' }, new Date('2026-11-30T17:30:00+08:00'))).toBe(false);
  });
});

describe('escalation with a moved clock (rota: 赵强, then the specialist; then the lead)', () => {
  afterEach(() => {
    escalation().clock = () => new Date();
  });

  it('goes one step per period to the next on the rota, then the team lead, each through the same channels', async () => {
    const alert = await urgent();
    expect(alert).toMatchObject({ escalationLevel: 0, chain: ['P-FD-001', specialistId, 'D-FD-001'] });
    await deliver();
    await eventually(async () => (await staffSent(phw.openid)).length === 1);
    const t0 = alert.lastNotifiedAt!.getTime();
    const move = async (minutes: number) => {
      escalation().clock = () => new Date(t0 + minutes * MINUTE);
      await escalation().escalateDue();
      await deliver();
      return alerts().findOneByOrFail({ id: alert.id });
    };
    expect((await move(9)).escalationLevel).toBe(0);
    const one = await move(10);
    expect(one.escalationLevel).toBe(1);
    expect(one.notified![1]).toMatchObject({ level: 1, staffIds: [specialistId] });
    expect(one.escalateAt!.getTime()).toBe(t0 + 20 * MINUTE);
    const toSpecialist = await eventually(async () => (await staffSent(specialist.openid)).find((m) => m.page.endsWith(alert.conversationId!)));
    expect(toSpecialist.data.thing4.value).toBe('预警未处理已升级，请尽快处理');
    await eventually(async () => (await robotMessages()).find((m) => m.content.includes('第1次升级')));
    // One step per period: 15 minutes after the start is only 5 after the last step.
    expect((await move(15)).escalationLevel).toBe(1);
    const two = await move(20);
    expect(two.escalationLevel).toBe(2);
    expect(two.notified!.map((n) => n.staffIds)).toEqual([['P-FD-001'], [specialistId], ['D-FD-001']]);
    // Nothing further is due: the job no longer picks it up.
    expect(two.escalateAt).toBeNull();
    await eventually(async () => (await staffSent(lead.openid)).find((m) => m.page.endsWith(alert.conversationId!) && m.data.thing2.value.includes(`${alert.reason.match(/\d+\/\d+/)![0]}`)));
    // The lead was the last one: nothing further.
    expect((await move(120)).escalationLevel).toBe(2);
    await ack(lead.token, alert.id, { outcome: 'phoned' });
  });

  it('acknowledging stops it', async () => {
    const alert = await urgent();
    const res = await ack(phw.token, alert.id, { outcome: 'advised_visit', note: '已电话联系，嘱今日到社区卫生服务中心复测' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'acknowledged', outcome: 'advised_visit', note: '已电话联系，嘱今日到社区卫生服务中心复测', acknowledgedByName: '赵强', escalationLevel: 0 });
    const before = (await staffSent(specialist.openid)).length;
    escalation().clock = () => new Date(Date.now() + 30 * MINUTE);
    await escalation().escalateDue();
    await deliver();
    const row = await alerts().findOneByOrFail({ id: alert.id });
    expect(row).toMatchObject({ escalationLevel: 0, outcome: 'advised_visit', acknowledgedByStaffId: 'P-FD-001', acknowledgedBy: phw.userId });
    expect(row.acknowledgedAt).toBeInstanceOf(Date);
    expect((await staffSent(specialist.openid)).length).toBe(before);
  });
});

describe('acknowledging with an outcome', () => {
  let alert: HealthAlert;
  beforeAll(async () => {
    alert = await urgent();
  });

  it('refuses a missing or unknown outcome and an over-long note with VALIDATION_FAILED, changing nothing', async () => {
    for (const body of [{}, { outcome: 'cured' }, { outcome: 'phoned', note: '字'.repeat(501) }]) {
      const res = await ack(lead.token, alert.id, body);
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect((await alerts().findOneByOrFail({ id: alert.id })).status).toBe('open');
  });

  it("another team's doctor is refused as if the alert did not exist", async () => {
    const res = await ack(otherTeam.token, alert.id, { outcome: 'phoned' });
    expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const resident = await ack(zw.token, alert.id, { outcome: 'phoned' });
    expect(resident.status).toBe(403);
  });

  it('keeps outcome, note, who and when; audits it (without the note); a second acknowledgement is told it was handled', async () => {
    const res = await ack(specialist.token, alert.id, { outcome: 'device_error', note: '袖带松脱，复测 132/84' });
    expect(res.body).toMatchObject({ outcome: 'device_error', note: '袖带松脱，复测 132/84', status: 'acknowledged' });
    const again = await ack(lead.token, alert.id, { outcome: 'phoned' });
    expect([again.status, again.body.error.code]).toEqual([409, 'ALERT_ALREADY_ACKNOWLEDGED']);
    const audit = await s.bff.services.ds.getRepository(AuditLog).findOneByOrFail({ action: 'alert.acknowledge', subjectId: alert.id });
    expect(audit).toMatchObject({ actorUserId: specialist.userId, detail: { outcome: 'device_error', withNote: true } });
    expect(JSON.stringify(audit.detail)).not.toContain('袖带');
    const list = await s.api('GET', '/api/v1/workbench/alerts?status=all', { token: lead.token });
    expect(list.body.items.find((a: any) => a.id === alert.id)).toMatchObject({ outcome: 'device_error', acknowledgedByName: expect.any(String) });
  });
});
