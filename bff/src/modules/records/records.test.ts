import { randomIdNumber, startStack, type Stack } from '../../../test/harness';
import { AuditLog } from '../../db/entities';
import { RN, grantHealthConsent, staff, zhangFamily, type ZhangFamily } from './test-family';

let s: Stack;
let zw: ZhangFamily;
beforeAll(async () => {
  s = await startStack();
  zw = await zhangFamily(s);
});
afterAll(() => s.close());

const get = (path: string, token: string) => s.api('GET', path, { token });
const auditRows = (recordNumber: string) => s.bff.services.ds.getRepository(AuditLog).find({ where: { subjectType: 'health_record', subjectId: recordNumber }, order: { createdAt: 'ASC' } });

describe('health record content', () => {
  it("shows 王秀英's record home with masked identifiers, conditions and the latest readings", async () => {
    const res = await get(`/api/v1/records/${zw.mother}`, zw.token);
    expect(res.status).toBe(200);
    const b = res.body;
    expect(b).toMatchObject({ access: 'family', canSeeAudit: false, stale: false });
    expect(b.fetchedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/);
    expect(b.basic).toMatchObject({
      recordNumber: RN.mother,
      name: '王秀英',
      sexCode: 2,
      sexLabel: '女',
      idNumberMasked: '110***********002X',
      phoneMasked: '137****0088',
      addressMasked: '东华街道花园社区****',
      bloodType: { abo: 2, aboLabel: 'B', rhLabel: 'Rh阳性' },
      allergies: ['磺胺类'],
    });
    expect(b.basic.chronicConditions.map((c: any) => c.code)).toEqual(['I10', 'E11']);
    expect(b.contract).toMatchObject({ teamName: '李明家庭医生团队', doctorName: '李明' });
    // The fixed demo series: the newest follow-up is 156/88 (uncontrolled at 65+) and 7.8 mmol/L.
    expect(b.latest.bp).toMatchObject({ sbp: 156, dbp: 88, source: 'followup', category: 'uncontrolled' });
    expect(b.latest.glucose).toMatchObject({ value: 7.8, category: 'uncontrolled' });
    expect(b.counts.followups).toBeGreaterThanOrEqual(20);
    expect(b.counts.abnormalReports).toBeGreaterThan(0);
    const text = JSON.stringify(b);
    for (const secret of ['11010519491231002X', '13701010088', '花园路12号院']) expect(text).not.toContain(secret);
  });

  it('lists follow-ups with coded values, an urgent one referred, and filters by kind', async () => {
    const all = await get(`/api/v1/records/${zw.mother}/followups`, zw.token);
    expect(all.status).toBe(200);
    const urgent = all.body.items.find((f: any) => f.kind === 'hypertension' && f.sbp === 184);
    expect(urgent).toMatchObject({ dbp: 112, bpCategory: 'urgent', classification: '控制不满意', referral: { institution: '市第一人民医院', department: '心血管内科' } });
    for (const f of all.body.items) {
      expect(['规律', '间断', '不服药']).toContain(f.adherence);
      expect(['控制满意', '控制不满意', '不良反应', '并发症']).toContain(f.classification);
    }
    const dm = await get(`/api/v1/records/${zw.mother}/followups?kind=diabetes`, zw.token);
    expect(dm.body.items.every((f: any) => f.kind === 'diabetes' && f.fastingGlucose !== null)).toBe(true);
    expect(dm.body.items.some((f: any) => f.glucoseCategory === 'urgent' && f.fastingGlucose === 17.2)).toBe(true);
    const one = await get(`/api/v1/records/${zw.mother}/followups/${urgent.id}`, zw.token);
    expect(one.body).toMatchObject({ id: urgent.id, sbp: 184, kindLabel: '高血压患者随访' });
    const bad = await get(`/api/v1/records/${zw.mother}/followups?kind=asthma`, zw.token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const missing = await get(`/api/v1/records/${zw.mother}/followups/FUH-none`, zw.token);
    expect(missing.status).toBe(404);
  });

  it('shows check-ups, SOAP visits with a referral, and reports with abnormal values flagged', async () => {
    const checkups = await get(`/api/v1/records/${zw.mother}/checkups`, zw.token);
    expect(checkups.body.items.length).toBeGreaterThanOrEqual(1);
    expect(checkups.body.items[0].vitals).toEqual(expect.objectContaining({ bpLeft: expect.any(Object), bpRight: expect.any(Object), bmi: expect.any(Number) }));
    const visits = await get(`/api/v1/records/${zw.mother}/visits`, zw.token);
    const referral = visits.body.items.find((v: any) => v.type === 'referral');
    expect(referral).toMatchObject({ typeLabel: '双向转诊单' });
    expect(referral.plan).toContain('转诊');
    const reports = await get(`/api/v1/records/${zw.mother}/reports`, zw.token);
    const carotid = reports.body.items.find((r: any) => r.title === '颈动脉彩超');
    expect(carotid).toMatchObject({ kind: 'imaging', abnormalCount: 1 });
    const lab = reports.body.items.find((r: any) => r.kind === 'lab' && r.abnormalCount > 0);
    const detail = await get(`/api/v1/records/${zw.mother}/reports/${lab.id}`, zw.token);
    expect(detail.status).toBe(200);
    const flagged = detail.body.items.filter((i: any) => i.flag !== 'normal');
    expect(flagged.length).toBe(lab.abnormalCount);
    expect(detail.body.items[0]).toEqual(expect.objectContaining({ referenceRange: expect.any(String), unit: expect.any(String) }));
  });

  it('draws the BP trend with the 65+ target, home and urgent thresholds, oldest first', async () => {
    const res = await get(`/api/v1/records/${zw.mother}/trend?metric=bp`, zw.token);
    expect(res.status).toBe(200);
    expect(res.body.thresholds).toEqual({ uncontrolled: { sbp: 150, dbp: 90 }, home: { sbp: 135, dbp: 85 }, urgent: { sbp: 180, dbp: 110 } });
    const times = res.body.points.map((p: any) => Date.parse(p.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(res.body.points.filter((p: any) => p.category === 'urgent').map((p: any) => [p.sbp, p.dbp])).toContainEqual([184, 112]);
    const g = await get(`/api/v1/records/${zw.mother}/trend?metric=glucose&months=24`, zw.token);
    expect(g.body.thresholds).toEqual({ uncontrolled: 7, urgentHigh: 16.7, urgentLow: 3.9 });
    expect(g.body.points.some((p: any) => p.value === 17.2 && p.category === 'urgent')).toBe(true);
    const bad = await get(`/api/v1/records/${zw.mother}/trend?metric=weight`, zw.token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('指标');
  });

  it("matches a child without ID card and shows the immunizations; 张伟's own record has no follow-ups", async () => {
    const child = await get(`/api/v1/records/${zw.son}`, zw.token);
    expect(child.status).toBe(200);
    expect(child.body).toMatchObject({ access: 'family', canSeeAudit: true, basic: { recordNumber: RN.son, name: '张小宝', idNumberMasked: null } });
    const imm = await get(`/api/v1/records/${zw.son}/immunizations`, zw.token);
    expect(imm.body.items.length).toBeGreaterThan(5);
    expect(imm.body.items.find((i: any) => i.vaccineCode === 'BCG')).toBeDefined();
    expect(imm.body.certNo).toMatch(/^110101/);
    const self = await get(`/api/v1/records/${zw.self}/followups`, zw.token);
    expect(self.body.items).toEqual([]);
  });

  it('says the platform has no record for a member who is not on it', async () => {
    const r = await s.resident();
    await grantHealthConsent(s, r.token);
    const self = (await get('/api/v1/family/members', r.token)).body.items[0].id;
    const res = await get(`/api/v1/records/${self}`, r.token);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('没有找到');
  });
});

describe('home readings (family-doctor module) in the trend', () => {
  it('merges home BP and glucose readings, labelled by the home threshold and urgent by the referral one', async () => {
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3600_000).toISOString().replace('Z', '+00:00');
    const add = (body: Record<string, unknown>) => s.api('POST', '/api/v1/doctor/readings', { token: zw.token, body: { memberId: zw.mother, ...body } });
    for (const [values, hoursAgo] of [
      [{ systolic: 132, diastolic: 80 }, 30],
      [{ systolic: 138, diastolic: 82 }, 20],
      [{ systolic: 182, diastolic: 100 }, 10],
    ] as const) {
      const res = await add({ kind: 'bp', values, measuredAt: at(hoursAgo) });
      expect(res.status).toBeLessThan(300);
    }
    expect((await add({ kind: 'glucose', values: { mmol: 3.6, context: 'fasting' }, measuredAt: at(5) })).status).toBeLessThan(300);

    const bp = await get(`/api/v1/records/${zw.mother}/trend?metric=bp`, zw.token);
    const home = bp.body.points.filter((p: any) => p.source === 'home');
    // 132/80 is under the home limit 135/85; 138/82 is over it (though under the clinic 150/90 for 65+); 182/100 is urgent.
    expect(home.map((p: any) => [p.sbp, p.dbp, p.category, p.sourceLabel])).toEqual([
      [132, 80, 'normal', '家庭自测'],
      [138, 82, 'uncontrolled', '家庭自测'],
      [182, 100, 'urgent', '家庭自测'],
    ]);
    expect(bp.body.points.at(-1)).toMatchObject({ sbp: 182, source: 'home' });
    const g = await get(`/api/v1/records/${zw.mother}/trend?metric=glucose`, zw.token);
    expect(g.body.points.at(-1)).toMatchObject({ value: 3.6, source: 'home', fasting: true, category: 'urgent' });
    const overview = await get(`/api/v1/records/${zw.mother}`, zw.token);
    expect(overview.body.latest.bp).toMatchObject({ sbp: 182, dbp: 100, source: 'home', category: 'urgent' });
  });
});

describe('audit and masking', () => {
  it('writes one audit row per read with actor, sections, access and request id', async () => {
    const before = (await auditRows(RN.mother)).length;
    const res = await s.api('GET', `/api/v1/records/${zw.mother}/reports`, { token: zw.token, headers: { 'x-request-id': 'req-records-audit-1' } });
    expect(res.status).toBe(200);
    const rows = await auditRows(RN.mother);
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toMatchObject({
      actorUserId: zw.userId,
      actorRole: 'resident',
      action: 'record.read',
      requestId: 'req-records-audit-1',
      detail: { sections: ['reports'], access: 'family', memberId: zw.mother, stale: false },
    });
    expect(rows.at(-1)!.createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('writes no audit row when the read is refused', async () => {
    const stranger = await s.resident();
    await grantHealthConsent(s, stranger.token);
    const before = (await auditRows(RN.mother)).length;
    expect((await get(`/api/v1/records/${zw.mother}`, stranger.token)).status).toBe(404);
    expect((await get(`/api/v1/records/${RN.mother}`, stranger.token)).status).toBe(404);
    expect((await auditRows(RN.mother)).length).toBe(before);
  });

  it('reveals a full identifier only on a separate request, audited as such', async () => {
    const res = await s.api('POST', `/api/v1/records/${zw.mother}/reveal`, { token: zw.token, body: { field: 'idNumber' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ field: 'idNumber', value: '11010519491231002X' });
    const phone = await s.api('POST', `/api/v1/records/${zw.mother}/reveal`, { token: zw.token, body: { field: 'address' } });
    expect(phone.body.value).toContain('花园路12号院');
    const row = (await auditRows(RN.mother)).at(-1)!;
    expect(row).toMatchObject({ action: 'record.reveal', detail: { field: 'address', sections: ['address'] } });
    const bad = await s.api('POST', `/api/v1/records/${zw.mother}/reveal`, { token: zw.token, body: { field: 'bloodType' } });
    expect(bad.status).toBe(400);
  });

  it('lists who read my record (本人, the family doctor), newest first, with paging', async () => {
    const doctor = await staff(s, ['doctor'], 'D-FD-001');
    expect((await get(`/api/v1/records/${RN.zhangWei}/visits`, doctor.token)).status).toBe(200);
    for (let i = 0; i < 3; i++) await get(`/api/v1/records/${zw.self}`, zw.token);
    const page1 = await get(`/api/v1/records/${zw.self}/audit?limit=2`, zw.token);
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(2);
    // SQLite keeps audit times to the second, so rows of one second may come in any order: check the set.
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await get(`/api/v1/records/${zw.self}/audit?limit=50&cursor=${page1.body.nextCursor}`, zw.token);
    const all = [...page1.body.items, ...page2.body.items];
    expect(new Set(all.map((x: any) => x.id)).size).toBe(all.length);
    expect(all.filter((x: any) => x.viewer === '本人' && x.action === 'read').length).toBeGreaterThanOrEqual(3);
    expect(all.find((x: any) => x.viewerRole === '家庭医生')).toMatchObject({ viewer: '家庭医生 李明', sections: ['接诊记录'] });
    const times = all.map((x: any) => Date.parse(x.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const badCursor = await get(`/api/v1/records/${zw.self}/audit?cursor=bm9wZQ`, zw.token);
    expect(badCursor.status).toBe(400);
  });

  it("keeps an adult relative's audit trail to themselves, but shows a child's to the guardian", async () => {
    const mother = await get(`/api/v1/records/${zw.mother}/audit`, zw.token);
    expect(mother.status).toBe(403);
    expect(mother.body.error.code).toBe('FORBIDDEN');
    const child = await get(`/api/v1/records/${zw.son}/audit`, zw.token);
    expect(child.status).toBe(200);
    expect(child.body.items.length).toBeGreaterThan(0);
  });

  it('needs the health-data consent, and stops after it is withdrawn', async () => {
    const other = await s.resident({ idNumber: randomIdNumber() });
    const self = (await get('/api/v1/family/members', other.token)).body.items[0].id;
    const res = await get(`/api/v1/records/${self}`, other.token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CONSENT_REQUIRED');
    expect((await s.api('DELETE', '/api/v1/me/consents/health_data', { token: zw.token })).status).toBe(204);
    const after = await get(`/api/v1/records/${zw.mother}`, zw.token);
    expect(after.body.error.code).toBe('CONSENT_REQUIRED');
    await grantHealthConsent(s, zw.token);
    expect((await get(`/api/v1/records/${zw.mother}`, zw.token)).status).toBe(200);
  });
});
