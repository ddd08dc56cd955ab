import { startStack, type Stack } from '../../../test/harness';
import { ChatMessage, ChatSearchToken, ConversationHandover } from './entities';
import { onDuty, shiftEnd } from './rota';
import { FollowupRecord } from './followup-entities';
import { FollowupCompletion } from './followup-figures';
import { ZHANG_WEI, clientId, eventually, residentWithConsent, staff } from './test-helpers';

jest.setTimeout(60_000);

let s: Stack;
let zw: Awaited<ReturnType<typeof residentWithConsent>>;
let lead: Awaited<ReturnType<typeof staff>>;
let nurse: Awaited<ReturnType<typeof staff>>;
let otherTeam: Awaited<ReturnType<typeof staff>>;
let convId: string;

const send = (token: string, text: string) => s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token, body: { clientId: clientId(), kind: 'text', text } });

beforeAll(async () => {
  s = await startStack({ ALERT_ESCALATE_POLL_MS: '0' });
  zw = await residentWithConsent(s, ZHANG_WEI);
  lead = await staff(s, 'D-FD-001');
  nurse = await staff(s, 'N-FD-001');
  otherTeam = await staff(s, 'D-FD-002');
  convId = (await s.api('POST', '/api/v1/doctor/conversations', { token: zw.token, body: { memberId: zw.selfId } })).body.id;
});
afterAll(() => s.close());

describe('rota with holidays and leave (下班不下线)', () => {
  const rules = {
    entries: [
      { staffId: 'D-FD-001', days: [1, 2, 3, 4, 5], start: '08:00', end: '17:30' },
      { staffId: 'N-FD-001', days: [1, 2, 3, 4, 5, 6, 7], start: '17:30', end: '08:00' },
    ],
    leave: [{ staffId: 'D-FD-001', from: '2026-12-02', to: '2026-12-02' }],
    holidays: [{ date: '2027-01-01', name: '元旦', cover: [{ staffId: 'P-FD-001', start: '09:00', end: '12:00' }] }],
  };
  it('covers overnight, skips a person on leave and lets a holiday replace the weekday shifts', () => {
    // Monday 2026-11-30 10:00: the doctor; 23:00: the nurse until 08:00 the next morning.
    expect(onDuty(rules, new Date('2026-11-30T10:00:00+08:00')).map((d) => d.staffId)).toEqual(['D-FD-001']);
    expect(shiftEnd(rules, 'N-FD-001', new Date('2026-11-30T23:00:00+08:00'))?.toISOString()).toBe(new Date('2026-12-01T08:00:00+08:00').toISOString());
    // Wednesday 2026-12-02: the doctor is on leave.
    expect(onDuty(rules, new Date('2026-12-02T10:00:00+08:00'))).toEqual([]);
    // Friday 2027-01-01 (元旦): only the holiday cover, but the night shift of 31 Dec still runs into the morning.
    expect(onDuty(rules, new Date('2027-01-01T10:00:00+08:00')).map((d) => d.staffId)).toEqual(['P-FD-001']);
    expect(onDuty(rules, new Date('2027-01-01T07:00:00+08:00')).map((d) => d.staffId)).toEqual(['N-FD-001']);
    expect(onDuty(rules, new Date('2027-01-01T20:00:00+08:00'))).toEqual([]);
  });

  it('the lead saves it; bad dates and strangers on leave are refused; the automatic reply names who covers', async () => {
    const body = { teamId: 'T001', ...rules };
    const backwards = await s.api('PUT', '/api/v1/workbench/rota', { token: lead.token, body: { ...body, leave: [{ staffId: 'D-FD-001', from: '2026-12-05', to: '2026-12-01' }] } });
    expect([backwards.status, backwards.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const stranger = await s.api('PUT', '/api/v1/workbench/rota', { token: lead.token, body: { ...body, leave: [{ staffId: 'D-FD-002', from: '2026-12-01', to: '2026-12-01' }] } });
    expect([stranger.status, stranger.body.error.code]).toEqual([400, 'ROTA_NOT_TEAM_MEMBER']);
    const nurseTry = await s.api('PUT', '/api/v1/workbench/rota', { token: nurse.token, body });
    expect(nurseTry.status).toBe(403);
    const ok = await s.api('PUT', '/api/v1/workbench/rota', { token: lead.token, body });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ leave: rules.leave, holidays: rules.holidays, editable: true });
    expect((await s.api('GET', '/api/v1/workbench/rota?teamId=T001', { token: nurse.token })).body.editable).toBe(false);
    // Monday 2026-11-30 21:00 China time, outside the doctor's hours: the nurse covers until 08:00.
    s.bff.services.doctor.chat.now = () => new Date('2026-11-30T21:00:00+08:00');
    await send(zw.token, '晚上血压有点高');
    const auto = await eventually(async () => (await s.bff.services.ds.getRepository(ChatMessage).findBy({ conversationId: convId, senderRole: 'system' }))[0]);
    const text = s.bff.services.doctor.chat.bodies.open(auto.text)!;
    expect(text).toContain('今晚由王丽（社区护士）值班（至 明天 08:00），预计 21:30 前回复您。');
    // The rota page previews the same sentence for the moment it is looked at.
    s.bff.services.doctor.rota.now = () => new Date('2026-11-30T21:00:00+08:00');
    expect((await s.api('GET', '/api/v1/workbench/rota?teamId=T001', { token: nurse.token })).body.replyPreview).toBe('今晚由王丽（社区护士）值班（至 明天 08:00），预计 21:30 前回复您。');
    // At 07:50 the reply is promised by the end of the shift, not after it.
    s.bff.services.doctor.rota.now = () => new Date('2026-12-01T07:50:00+08:00');
    expect((await s.api('GET', '/api/v1/workbench/rota?teamId=T001', { token: nurse.token })).body.replyPreview).toBe('今天由王丽（社区护士）值班（至 08:00），预计 08:00 前回复您。');
  });
});

describe('team work', () => {
  it('lists the caller’s teams with their members; a resident has none to see', async () => {
    const mine = await s.api('GET', '/api/v1/workbench/teams', { token: nurse.token });
    expect(mine.status).toBe(200);
    expect(mine.body.staffId).toBe('N-FD-001');
    expect(mine.body.items.map((t: any) => t.id)).toEqual(['T001']);
    expect(mine.body.items[0].members).toEqual(
      expect.arrayContaining([{ id: 'D-FD-001', name: '李明', role: expect.any(String), isLeader: true }, expect.objectContaining({ id: 'N-FD-001', name: '王丽', isLeader: false })]),
    );
    expect((await s.api('GET', '/api/v1/workbench/teams', { token: otherTeam.token })).body.items.map((t: any) => t.id)).not.toContain('T001');
    expect((await s.api('GET', '/api/v1/workbench/teams', { token: zw.token })).status).toBe(403);
  });

  it('hands a conversation to the nurse with a note the team sees and the resident does not', async () => {
    const foreign = await s.api('POST', `/api/v1/workbench/conversations/${convId}/assign`, { token: otherTeam.token, body: { staffId: 'N-FD-001', note: '请随访' } });
    expect(foreign.status).toBe(404);
    const stranger = await s.api('POST', `/api/v1/workbench/conversations/${convId}/assign`, { token: lead.token, body: { staffId: 'N-FD-002', note: '请随访' } });
    expect([stranger.status, stranger.body.error.code]).toEqual([400, 'ASSIGNEE_NOT_TEAM_MEMBER']);
    const empty = await s.api('POST', `/api/v1/workbench/conversations/${convId}/assign`, { token: lead.token, body: { staffId: 'N-FD-001', note: ' ' } });
    expect(empty.status).toBe(400);
    const ok = await s.api('POST', `/api/v1/workbench/conversations/${convId}/assign`, { token: lead.token, body: { staffId: 'N-FD-001', note: '血压偏高，请电话随访并指导家庭自测' } });
    expect(ok.status).toBe(200);
    expect(ok.body.assignedTo).toEqual({ staffId: 'N-FD-001', name: '王丽' });
    // Sealed at rest.
    const row = await s.bff.services.ds.getRepository(ConversationHandover).findOneByOrFail({ id: ok.body.handover.id });
    expect(row.note).not.toContain('血压');
    const view = await s.api('GET', `/api/v1/workbench/conversations/${convId}`, { token: nurse.token });
    expect(view.body.assignedTo).toEqual({ staffId: 'N-FD-001', name: '王丽' });
    expect(view.body.handovers).toEqual([expect.objectContaining({ fromName: '李明', toName: '王丽', note: '血压偏高，请电话随访并指导家庭自测' })]);
    const inbox = await s.api('GET', '/api/v1/workbench/inbox', { token: nurse.token });
    expect(inbox.body.items.find((i: any) => i.conversationId === convId)).toMatchObject({
      assignedStaffId: 'N-FD-001',
      handover: { fromName: '李明', toName: '王丽', note: '血压偏高，请电话随访并指导家庭自测' },
    });
    // The resident's side carries no handover.
    const mine = await s.api('GET', `/api/v1/doctor/conversations/${convId}/messages`, { token: zw.token });
    expect(JSON.stringify(mine.body)).not.toContain('电话随访');
  });

  it('shares quick replies in the team, refuses unknown variables, and other teams see none', async () => {
    const bad = await s.api('POST', '/api/v1/workbench/quick-replies', { token: nurse.token, body: { teamId: 'T001', title: '问候', text: '{名字}您好' } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'QUICK_REPLY_UNKNOWN_VARIABLE']);
    const made = await s.api('POST', '/api/v1/workbench/quick-replies', { token: nurse.token, body: { teamId: 'T001', title: '问候', text: '{称呼}您好，我是{团队}的护士' } });
    expect(made.status).toBe(201);
    const seen = await s.api('GET', '/api/v1/workbench/quick-replies?teamId=T001', { token: lead.token });
    expect(seen.body.items).toEqual([expect.objectContaining({ title: '问候', updatedByName: '王丽' })]);
    expect((await s.api('GET', '/api/v1/workbench/quick-replies?teamId=T001', { token: otherTeam.token })).status).toBe(404);
    expect((await s.api('DELETE', `/api/v1/workbench/quick-replies/${made.body.id}`, { token: otherTeam.token })).status).toBe(404);
    expect((await s.api('DELETE', `/api/v1/workbench/quick-replies/${made.body.id}`, { token: lead.token })).status).toBeLessThan(300);
    expect((await s.api('GET', '/api/v1/workbench/quick-replies?teamId=T001', { token: lead.token })).body.items).toEqual([]);
  });

  it('searches the team’s conversations through keyed tokens; other teams find nothing', async () => {
    await send(zw.token, '今天早上空腹血糖7.8，需要调整二甲双胍吗');
    const tokens = await s.bff.services.ds.getRepository(ChatSearchToken).findBy({ conversationId: convId });
    expect(tokens.length).toBeGreaterThan(5);
    expect(tokens.every((t) => /^[0-9a-f]{32}$/.test(t.token))).toBe(true);
    const hit = await s.api('GET', `/api/v1/workbench/search?q=${encodeURIComponent('二甲双胍')}`, { token: nurse.token });
    expect(hit.status).toBe(200);
    expect(hit.body.items).toEqual([expect.objectContaining({ conversationId: convId, memberName: '张伟', snippet: expect.stringContaining('二甲双胍') })]);
    // The grams of 双胍二甲 all occur, but the text does not contain it: no hit.
    expect((await s.api('GET', `/api/v1/workbench/search?q=${encodeURIComponent('甲双胍吗二甲')}`, { token: nurse.token })).body.items).toEqual([]);
    expect((await s.api('GET', `/api/v1/workbench/search?q=${encodeURIComponent('二甲双胍')}`, { token: otherTeam.token })).body.items).toEqual([]);
    expect((await s.api('GET', `/api/v1/workbench/search?q=${encodeURIComponent('二甲双胍')}&teamId=T001`, { token: otherTeam.token })).status).toBe(404);
    expect((await s.api('GET', '/api/v1/workbench/search?q=a', { token: nurse.token })).status).toBe(400);
  });
});

describe('workload figures (考核)', () => {
  it('counts first responses, consultations, alert acks per team and per doctor', async () => {
    const repo = s.bff.services.ds.getRepository(ChatMessage);
    const residentMsgs = await repo.find({ where: { conversationId: convId, senderRole: 'resident' }, order: { seq: 'ASC' } });
    expect(residentMsgs).toHaveLength(2);
    // Yesterday (China time) the resident wrote at 10:00 and 10:05 and the lead answered at 10:10:
    // one consultation-day whatever the hour the test runs (a wait across midnight would be two).
    const at = (hhmm: string) => new Date(`${new Date(Date.now() + 8 * 3600_000 - 24 * 3600_000).toISOString().slice(0, 10)}T${hhmm}:00+08:00`);
    await repo.update({ id: residentMsgs[0].id }, { createdAt: at('10:00') });
    await repo.update({ id: residentMsgs[1].id }, { createdAt: at('10:05') });
    const reply = await s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token: lead.token, body: { clientId: clientId(), kind: 'text', text: '建议今天来中心复查血压' } });
    await repo.update({ id: reply.body.id }, { createdAt: at('10:10') });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const weekAgo = new Date(Date.now() + 8 * 3600_000 - 6 * 24 * 3600_000).toISOString().slice(0, 10);
    const res = await s.api('GET', `/api/v1/workbench/workload?teamId=T001&from=${weekAgo}&to=${today}`, { token: lead.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      days: 7,
      teamName: '李明家庭医生团队',
      viewer: { staffId: 'D-FD-001', isLead: true },
      followUpAvailable: true,
      team: {
        consultations: { total: 1, perDay: 0.1 },
        followUp: { due: 0, done: 0, rate: null, hypertension: { due: 0, rate: null }, diabetes: { due: 0, rate: null } },
        alertAck: { count: 0, open: 0, p90Minutes: null },
      },
    });
    expect(res.body.team.firstResponse.count).toBe(1);
    expect(res.body.team.firstResponse.medianMinutes).toBeCloseTo(10, 0);
    expect(res.body.team.firstResponse.p90Minutes).toBeCloseTo(10, 0);
    // The lead sees each member of the team.
    const byId = Object.fromEntries(res.body.staff.map((x: any) => [x.staffId, x]));
    expect(Object.keys(byId)).toEqual(['D-FD-001', 'N-FD-001', 'P-FD-001', 'D001001']);
    expect(byId['D-FD-001']).toMatchObject({ name: '李明', firstResponse: { count: 1 }, consultations: { total: 1 } });
    expect(byId['N-FD-001']).toMatchObject({ firstResponse: { count: 0, medianMinutes: null, p90Minutes: null }, consultations: { total: 0 } });
    // Another member sees the team's totals and their own row only.
    const mine = await s.api('GET', `/api/v1/workbench/workload?teamId=T001&from=${weekAgo}&to=${today}`, { token: nurse.token });
    expect(mine.body.viewer).toEqual({ staffId: 'N-FD-001', isLead: false });
    expect(mine.body.staff.map((x: any) => x.staffId)).toEqual(['N-FD-001']);
    expect(mine.body.team).toEqual(res.body.team);
    // Without a team id: the caller's own team, and the teams to switch between.
    const own = await s.api('GET', `/api/v1/workbench/workload?from=${weekAgo}&to=${today}`, { token: nurse.token });
    expect(own.body).toMatchObject({ teamId: 'T001', teams: [{ id: 'T001', name: '李明家庭医生团队' }] });
    const foreign = await s.api('GET', `/api/v1/workbench/workload?from=${weekAgo}&to=${today}`, { token: otherTeam.token });
    expect(foreign.body.teamId).toBe('T002');
    const future = new Date(Date.now() + 8 * 3600_000 + 24 * 3600_000).toISOString().slice(0, 10);
    const ahead = await s.api('GET', `/api/v1/workbench/workload?teamId=T001&from=${today}&to=${future}`, { token: lead.token });
    expect([ahead.status, ahead.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const tooLong = await s.api('GET', `/api/v1/workbench/workload?teamId=T001&from=2025-01-01&to=${today}`, { token: lead.token });
    expect([tooLong.status, tooLong.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await s.api('GET', `/api/v1/workbench/workload?teamId=T001&from=${weekAgo}&to=${today}`, { token: otherTeam.token })).status).toBe(404);
    const backwards = await s.api('GET', `/api/v1/workbench/workload?teamId=T001&from=${today}&to=${weekAgo}`, { token: nurse.token });
    expect([backwards.status, backwards.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('counts 随访 due in the period as done when a later visit of the same resident and disease was recorded', async () => {
    const repo = s.bff.services.ds.getRepository(FollowupRecord);
    const visit = (recordNumber: string, kind: 'hypertension' | 'diabetes', date: string, nextVisitDate: string, doctorId = 'D-FD-001') =>
      repo.insert({
        id: `fu-${recordNumber}-${kind}-${date}`,
        recordNumber,
        teamId: 'T901',
        kind,
        residentName: '测试',
        date,
        nextVisitDate,
        classification: 'satisfied',
        sbp: 130,
        dbp: 80,
        bmiX10: 240,
        fastingGlucoseX10: null,
        form: {} as never,
        doctorId,
        doctorName: '李明',
        clientId: `c-${recordNumber}-${kind}-${date}`,
        writeback: 'written',
        platformId: null,
        writtenAt: null,
      });
    await visit('R1', 'hypertension', '2026-08-01', '2026-11-01'); // due in November, done on 11-03
    await visit('R1', 'hypertension', '2026-11-03', '2027-02-01');
    await visit('R1', 'diabetes', '2026-08-01', '2026-11-10'); // due, another disease's visit does not count
    await visit('R2', 'hypertension', '2026-08-20', '2026-11-20', 'N-FD-001'); // due, done only after the period
    await visit('R2', 'hypertension', '2026-12-05', '2027-03-05', 'N-FD-001');
    await visit('R3', 'hypertension', '2026-09-01', '2026-12-01'); // due after the period
    const f = await new FollowupCompletion(s.bff.services.ds).completion('T901', new Date('2026-11-01T00:00:00+08:00'), new Date('2026-11-30T00:00:00+08:00'));
    const kinds = (htn: [number, number], dm: [number, number]) => ({ hypertension: { due: htn[0], done: htn[1] }, diabetes: { due: dm[0], done: dm[1] } });
    expect(f).toEqual({
      due: 3,
      done: 1,
      byKind: kinds([2, 1], [1, 0]),
      byStaff: { 'D-FD-001': { due: 2, done: 1, byKind: kinds([1, 1], [1, 0]) }, 'N-FD-001': { due: 1, done: 0, byKind: kinds([1, 0], [0, 0]) } },
    });
    expect(await new FollowupCompletion(s.bff.services.ds).completion('T902', new Date('2026-11-01T00:00:00+08:00'), new Date('2026-11-30T00:00:00+08:00'))).toEqual({
      due: 0,
      done: 0,
      byKind: kinds([0, 0], [0, 0]),
      byStaff: {},
    });
  });
});
