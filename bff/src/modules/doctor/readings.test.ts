import { startStack, type Stack } from '../../../test/harness';
import { adultApproves } from '../records/test-family';
import { HealthAlert, HealthDevice, HealthReading } from './entities';
import { WANG_XIUYING, WsClient, ZHANG_WEI, eventually, residentWithConsent, staff } from './test-helpers';

jest.setTimeout(30_000);

let s: Stack;
let zw: Awaited<ReturnType<typeof residentWithConsent>>;
let motherId: string;
let doctor: Awaited<ReturnType<typeof staff>>;

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString().replace('Z', '+00:00');

beforeAll(async () => {
  s = await startStack();
  zw = await residentWithConsent(s, ZHANG_WEI);
  const m = await s.api('POST', '/api/v1/family/members', { token: zw.token, body: { name: WANG_XIUYING.name, relation: 'parent', idNumber: WANG_XIUYING.idNumber } });
  motherId = m.body.id;
  // 王秀英 is an adult: her readings open to her son once she approves his 家人授权 (查看健康信息).
  await adultApproves(s, zw.token, motherId, WANG_XIUYING);
  doctor = await staff(s, 'D-FD-001');
});
afterAll(() => s.close());

describe('readings typed by hand', () => {
  it('labels a home reading by the home threshold and lists readings newest first', async () => {
    const a = await s.api('POST', '/api/v1/doctor/readings', { token: zw.token, body: { memberId: motherId, kind: 'bp', values: { systolic: 128, diastolic: 78, pulse: 72 }, measuredAt: at(60) } });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ category: 'normal', source: 'manual', reason: null });
    const b = await s.api('POST', '/api/v1/doctor/readings', { token: zw.token, body: { memberId: motherId, kind: 'bp', values: { systolic: 138, diastolic: 80 }, measuredAt: at(30) } });
    expect(b.body).toMatchObject({ category: 'uncontrolled', reason: '家庭自测血压 138/80 mmHg 未达标（目标 <135/85）' });
    expect(b.body.measuredAt).toMatch(/\+08:00$/);
    const g = await s.api('POST', '/api/v1/doctor/readings', { token: zw.token, body: { memberId: motherId, kind: 'glucose', values: { mmol: 7.46, context: 'fasting' }, measuredAt: at(10) } });
    expect(g.body).toMatchObject({ category: 'uncontrolled', values: { mmol: 7.5, context: 'fasting' } });
    const list = await s.api('GET', `/api/v1/doctor/readings?memberId=${motherId}`, { token: zw.token });
    expect(list.body.items.map((r: any) => r.id)).toEqual([g.body.id, b.body.id, a.body.id]);
    // Nothing urgent, so no alert.
    expect(await s.bff.services.ds.getRepository(HealthAlert).countBy({ memberId: motherId })).toBe(0);
  });

  it('refuses impossible values and future times with Chinese messages, storing nothing', async () => {
    const before = await s.bff.services.ds.getRepository(HealthReading).countBy({ memberId: motherId });
    const bad = await s.api('POST', '/api/v1/doctor/readings', { token: zw.token, body: { memberId: motherId, kind: 'bp', values: { systolic: 400, diastolic: 80 }, measuredAt: at(1) } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('收缩压应在 50–300 mmHg 之间');
    const future = await s.api('POST', '/api/v1/doctor/readings', { token: zw.token, body: { memberId: motherId, kind: 'glucose', values: { mmol: 6, context: 'random' }, measuredAt: at(-60) } });
    expect(future.status).toBe(400);
    expect(future.body.error.message).toBe('测量时间不能晚于现在');
    const wrongKind = await s.api('POST', '/api/v1/doctor/readings', { token: zw.token, body: { memberId: motherId, kind: 'glucose', values: { systolic: 120, diastolic: 80 }, measuredAt: at(1) } });
    expect(wrongKind.status).toBe(400);
    expect(await s.bff.services.ds.getRepository(HealthReading).countBy({ memberId: motherId })).toBe(before);
  });

  it('needs the health-data consent, and another user cannot add to or read this member', async () => {
    const plain = await s.resident();
    const own = await s.api('GET', '/api/v1/family/members', { token: plain.token });
    const res = await s.api('POST', '/api/v1/doctor/readings', {
      token: plain.token,
      body: { memberId: own.body.items[0].id, kind: 'bp', values: { systolic: 120, diastolic: 80 }, measuredAt: at(1) },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CONSENT_REQUIRED');
    const stranger = await s.api('GET', `/api/v1/doctor/readings?memberId=${motherId}`, { token: plain.token });
    expect(stranger.status).toBe(404);
  });
});

describe('devices', () => {
  let device: { id: string; secret: string };
  const ingest = (auth: string | null, readings: unknown[]) => s.api('POST', '/api/v1/ingest/readings', { body: { readings }, headers: auth ? { authorization: auth } : {} });

  beforeAll(async () => {
    const res = await s.api('POST', '/api/v1/doctor/devices', { token: zw.token, body: { memberId: motherId, name: '欧姆龙血压计', kind: 'bp' } });
    expect(res.status).toBe(201);
    expect(res.body.ingestUrl).toMatch(/\/api\/v1\/ingest\/readings$/);
    device = res.body;
  });

  it('keeps only a hash of the device secret', async () => {
    const row = await s.bff.services.ds.getRepository(HealthDevice).findOneByOrFail({ id: device.id });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(device.secret);
    const list = await s.api('GET', `/api/v1/doctor/devices?memberId=${motherId}`, { token: zw.token });
    expect(JSON.stringify(list.body)).not.toContain(device.secret);
  });

  it('refuses a missing, malformed or wrong credential with 401 and stores nothing', async () => {
    const r = [{ externalId: 'x1', kind: 'bp', values: { systolic: 120, diastolic: 80 }, measuredAt: at(1) }];
    for (const auth of [null, 'Bearer abc', `Device ${device.id}:${'A'.repeat(32)}`, `Device 00000000-0000-0000-0000-000000000000:${device.secret}`]) {
      const res = await ingest(auth, r);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('DEVICE_AUTH_FAILED');
    }
    expect(await s.bff.services.ds.getRepository(HealthReading).countBy({ deviceId: device.id })).toBe(0);
  });

  it('takes a batch once: a resent externalId is a duplicate, not a second reading', async () => {
    const batch = [
      { externalId: 'm-001', kind: 'bp', values: { systolic: 126, diastolic: 82, pulse: 70 }, measuredAt: at(20) },
      { externalId: 'm-002', kind: 'bp', values: { systolic: 136, diastolic: 86, pulse: 74 }, measuredAt: at(15) },
    ];
    const first = await ingest(`Device ${device.id}:${device.secret}`, batch);
    expect(first.body).toEqual({ accepted: 2, duplicates: 0, alerts: 0 });
    const again = await ingest(`Device ${device.id}:${device.secret}`, batch);
    expect(again.body).toEqual({ accepted: 0, duplicates: 2, alerts: 0 });
    const rows = await s.bff.services.ds.getRepository(HealthReading).findBy({ deviceId: device.id });
    expect(rows.map((r) => [r.externalId, r.category, r.source]).sort()).toEqual([
      ['m-001', 'normal', 'device'],
      ['m-002', 'uncontrolled', 'device'],
    ]);
    const wrongKind = await ingest(`Device ${device.id}:${device.secret}`, [{ externalId: 'g1', kind: 'glucose', values: { mmol: 6, context: 'random' }, measuredAt: at(1) }]);
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.message).toBe('该设备只能上传血压数据');
  });

  it('an urgent reading alerts the contracted doctor live and messages the resident, offline by subscribe message', async () => {
    await s.sbx('POST', '/wechat/sandbox/subscriptions', { body: { openid: zw.openid, templateIds: ['sbx_tmpl_health_alert'], count: 1 } });
    const docWs = await WsClient.open(s.bff.url, doctor.token);
    const res = await ingest(`Device ${device.id}:${device.secret}`, [{ externalId: 'm-003', kind: 'bp', values: { systolic: 186, diastolic: 112, pulse: 88 }, measuredAt: at(1) }]);
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, alerts: 1 });
    const alert = await docWs.next<{ type: 'alert'; alert: any }>((f) => f.type === 'alert');
    expect(alert.alert).toMatchObject({ memberName: '王秀英', status: 'open', reason: '血压 186/112 mmHg 达到紧急转诊标准（≥180/110）', values: { systolic: 186, diastolic: 112 } });
    // The resident's conversation got the advice, and the team sees it too.
    const msg = await docWs.next<{ type: 'message'; message: any }>((f) => f.type === 'message' && f.message.senderRole === 'system');
    expect(msg.message.text).toContain('【健康提醒】王秀英');
    expect(msg.message.text).toContain('请立即就医或拨打120');
    expect(msg.message.conversationId).toBe(alert.alert.conversationId);
    // The resident had no socket: one subscribe message.
    const sent = await eventually(async () => {
      const items = (await s.sbx('GET', `/wechat/sandbox/sent?touser=${zw.openid}`)).body.items as any[];
      return items.find((i) => i.template_id === 'sbx_tmpl_health_alert');
    });
    expect(sent.data.name1.value).toBe('王秀英');
    // And in 张伟's 消息中心, for his mother.
    const inbox = (await s.api('GET', '/api/v1/messages?category=reminder', { token: zw.token })).body.items as Array<{ title: string; body: string; memberId: string }>;
    expect(inbox.map((m) => [m.title, m.memberId])).toEqual([['健康数据异常提醒', motherId]]);
    expect(inbox[0].body).toContain('血压 186/112 mmHg');

    const list = await s.api('GET', '/api/v1/workbench/alerts', { token: doctor.token });
    expect(list.body.items.map((a: any) => a.id)).toContain(alert.alert.id);
    const ack = await s.api('POST', `/api/v1/workbench/alerts/${alert.alert.id}/ack`, { token: doctor.token, body: { outcome: 'phoned' } });
    expect(ack.body.status).toBe('acknowledged');
    const open = await s.api('GET', '/api/v1/workbench/alerts', { token: doctor.token });
    expect(open.body.items.map((a: any) => a.id)).not.toContain(alert.alert.id);

    // Resending the urgent reading raises nothing new.
    await ingest(`Device ${device.id}:${device.secret}`, [{ externalId: 'm-003', kind: 'bp', values: { systolic: 186, diastolic: 112, pulse: 88 }, measuredAt: at(1) }]);
    expect(await s.bff.services.ds.getRepository(HealthAlert).countBy({ memberId: motherId })).toBe(1);
    docWs.close();
  });

  it("another team's doctor sees no alert and cannot acknowledge it", async () => {
    const other = await staff(s, 'D-FD-002');
    const alert = await s.bff.services.ds.getRepository(HealthAlert).findOneByOrFail({ memberId: motherId });
    expect((await s.api('GET', '/api/v1/workbench/alerts?status=all', { token: other.token })).body.items).toEqual([]);
    expect((await s.api('POST', `/api/v1/workbench/alerts/${alert.id}/ack`, { token: other.token, body: { outcome: 'phoned' } })).status).toBe(404);
  });

  it('an unbound device stops working', async () => {
    expect((await s.api('DELETE', `/api/v1/doctor/devices/${device.id}`, { token: zw.token })).status).toBe(204);
    const res = await ingest(`Device ${device.id}:${device.secret}`, [{ externalId: 'm-009', kind: 'bp', values: { systolic: 120, diastolic: 80 }, measuredAt: at(1) }]);
    expect(res.status).toBe(401);
  });
});

describe('glucose from a diabetic with a fast pulse', () => {
  it('a diabetic resident with a pulse over 100 is urgent even with normal BP', async () => {
    const res = await s.api('POST', '/api/v1/doctor/readings', { token: zw.token, body: { memberId: motherId, kind: 'bp', values: { systolic: 128, diastolic: 80, pulse: 108 }, measuredAt: at(2) } });
    expect(res.body).toMatchObject({ category: 'urgent', reason: '糖尿病患者心率 108 次/分，超过 100 次/分，达到紧急转诊标准' });
    const low = await s.api('POST', '/api/v1/doctor/readings', { token: zw.token, body: { memberId: motherId, kind: 'glucose', values: { mmol: 3.2, context: 'random' }, measuredAt: at(1) } });
    expect(low.body.category).toBe('urgent');
    expect(await s.bff.services.ds.getRepository(HealthAlert).countBy({ memberId: motherId })).toBe(3);
  });
});
