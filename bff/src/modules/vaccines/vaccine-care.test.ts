import { startStack, type Stack } from '../../../test/harness';
import { OutboxMessage } from '../../outbox/entity';
import { VaccineAefiReport, VaccineStockAlert } from './care-entities';
import { VaccineStock } from './entities';
import { adult, idemKey, zhangFamily, type ZhangFamily } from './test-kit';

/** 留观, 到苗提醒 and AEFI reports against the sandbox platform, with the BFF's clock moved where time matters. */
let s: Stack;
let zw: ZhangFamily;
const SON_RECORD = '11010100100100105';
beforeAll(async () => {
  s = await startStack({ VACCINE_JOB_INTERVAL_SECONDS: '0', TRUST_PROXY: 'true' });
  zw = await zhangFamily(s);
});
afterAll(() => s.close());

const svc = () => s.bff.services.vaccines;
const ds = () => s.bff.services.ds;
const travelTo = (ms: number) => {
  svc().context.clock = () => ms;
};
afterEach(() => {
  svc().context.clock = Date.now;
});
const MIN = 60_000;
/** One pass of the vaccines job (the stack runs it by hand: VACCINE_JOB_INTERVAL_SECONDS=0). */
const jobPass = () => svc().jobs.runOnce() as Promise<{ stockAlerts: { notified: number; sent: number } }>;

/** A clinic gives 张小宝 a dose now (the clinic's client records it on the platform). */
async function giveSonDose(code: string) {
  const r = await s.sbx('POST', '/platform/sandbox/immunizations', { body: { recordNumber: SON_RECORD, code, clinicId: 'VC001' } });
  expect(r.status).toBe(201);
  return r.body.items[0] as { id: string; vaccineCode: string; givenAt: string; date: string; batchNo: string; manufacturer: string };
}

describe('留观 30 minutes', () => {
  it('no dose recorded today: no countdown, still the signs to watch for', async () => {
    const res = await s.api('GET', `/api/v1/vaccines/members/${zw.daughter}/observation`, { token: zw.token });
    expect(res.status).toBe(200);
    expect(res.body.current).toBeNull();
    expect(res.body.watchFor).toContain('呼吸困难、喉咙发紧、声音嘶哑');
    expect(res.body.advice).toContain('不要提前离开');
  });

  it('counts down from the platform’s 接种时间 in server time and ends at 30 minutes with 留观结束', async () => {
    const dose = await giveSonDose('MPSV-A');
    expect(dose.vaccineCode).toBe('MPSV-A');
    const givenAt = Date.parse(dose.givenAt);
    const at = async (ms: number) => {
      travelTo(ms);
      const res = await s.api('GET', `/api/v1/vaccines/members/${zw.son}/observation`, { token: zw.token });
      expect(res.status).toBe(200);
      return res.body;
    };
    const start = await at(givenAt + 5 * MIN);
    expect(start.current).toMatchObject({ doseId: dose.id, vaccineName: 'A群流脑多糖疫苗', dose: 2, state: 'observing', secondsLeft: 25 * 60 });
    expect(Date.parse(start.current.observedUntil)).toBe(givenAt + 30 * MIN);
    expect(Date.parse(start.now)).toBe(givenAt + 5 * MIN);
    expect((await at(givenAt + 29 * MIN + 59_000)).current).toMatchObject({ state: 'observing', secondsLeft: 1 });
    expect((await at(givenAt + 30 * MIN)).current).toMatchObject({ state: 'ended', secondsLeft: 0 });
    expect((await at(givenAt + 149 * MIN)).current).toMatchObject({ state: 'ended' });
    expect((await at(givenAt + 150 * MIN)).current).toBeNull();
  });

  it('a dose the clinic records just after the record was read shows its countdown at once (not after the record cache)', async () => {
    const before = await s.api('GET', `/api/v1/vaccines/members/${zw.son}/timeline`, { token: zw.token });
    expect(before.status).toBe(200);
    const dose = await giveSonDose('PCV13');
    const res = await s.api('GET', `/api/v1/vaccines/members/${zw.son}/observation`, { token: zw.token });
    expect(res.status).toBe(200);
    expect(res.body.current).toMatchObject({ doseId: dose.id, state: 'observing' });
  });

  it('another user’s member: 404, nothing of the dose', async () => {
    const other = await adult(s, 'male');
    const res = await s.api('GET', `/api/v1/vaccines/members/${zw.son}/observation`, { token: other.token });
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain('流脑');
  });
});

/** All released stock of a clinic's product booked (the doses are gone): what 到苗提醒 waits on. */
async function drain(clinicId: string, productId: string) {
  const product = (await svc().context.platform.products()).find((p) => p.id === productId)!;
  await svc().context.inventory.syncStock(product, clinicId);
  await ds().getRepository(VaccineStock).update({ clinicId, productId }, { remaining: 0 });
}
const alerts = (token: string, memberId: string) => s.api('GET', `/api/v1/vaccines/members/${memberId}/stock-alerts`, { token });
const subscribe = (token: string, memberId: string, clinicId: string, vaccineCode: string) =>
  s.api('POST', `/api/v1/vaccines/members/${memberId}/stock-alerts`, { token, body: { clinicId, vaccineCode } });

describe('到苗提醒', () => {
  it('only for a self-paid vaccine the clinic gives and has none of', async () => {
    const li = await adult(s, 'female');
    const programme = await subscribe(li.token, li.self, 'VC001', 'MPSV-A');
    expect(programme.status).toBe(409);
    expect(programme.body.error.code).toBe('VACCINE_ALERT_PROGRAMME');
    expect((await subscribe(li.token, li.self, 'VC001', 'HPV9')).body.error.code).toBe('VACCINE_NOT_OFFERED');
    const inStock = await subscribe(li.token, li.self, 'VC003', 'HZ');
    expect(inStock.status).toBe(409);
    expect(inStock.body.error).toMatchObject({ code: 'VACCINE_IN_STOCK', message: expect.stringContaining('可以直接预约') });
    expect((await s.api('POST', `/api/v1/vaccines/members/${li.self}/stock-alerts`, { token: li.token, body: { clinicId: '../VC003', vaccineCode: 'HZ' } })).status).toBe(400);
    expect((await alerts(li.token, li.self)).body.items).toEqual([]);
  });

  it('fires once when a batch arrives: one subscribe message, one notice, and not again', async () => {
    const li = await adult(s, 'female');
    await drain('VC003', 'P-HPV9');
    const first = await subscribe(li.token, li.self, 'VC003', 'HPV9');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'waiting', statusLabel: '等待到苗', vaccineName: '九价HPV疫苗', clinicName: '市第一人民医院成人预防接种门诊' });
    // Subscribing again (a double tap) answers the waiting one.
    expect((await subscribe(li.token, li.self, 'VC003', 'HPV9')).body.id).toBe(first.body.id);
    const listed = await alerts(li.token, li.self);
    expect(listed.body).toMatchObject({ templateId: 'sbx_tmpl_vaccine_stock', limit: 10 });
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([first.body.id]);
    // wx.requestSubscribeMessage in the tap: one send accepted.
    await s.sbx('POST', '/wechat/sandbox/subscriptions', { body: { openid: li.openid, templateIds: ['sbx_tmpl_vaccine_stock'], count: 5 } });
    const notes = async () => (await s.api('GET', '/api/v1/messages?category=vaccine', { token: li.token })).body.items;
    const before = await notes();

    // Still none: nothing is sent.
    expect((await jobPass()).stockAlerts).toEqual({ notified: 0, sent: 0 });
    const batch = await s.sbx('POST', '/platform/vaccination/sandbox/batches', { body: { clinicId: 'VC003', productId: 'P-HPV9', quantity: 5 } });
    expect(batch.status).toBe(201);
    expect((await jobPass()).stockAlerts).toEqual({ notified: 1, sent: 1 });
    expect((await jobPass()).stockAlerts).toEqual({ notified: 0, sent: 0 });

    const sent = (await s.sbx('GET', `/wechat/sandbox/sent?touser=${li.openid}`)).body.items;
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ template_id: 'sbx_tmpl_vaccine_stock', data: { thing1: { value: '九价HPV疫苗' }, thing4: { value: '已到苗，名额有限请尽快预约' } } });
    expect(sent[0].page).toContain('clinicId=VC003');
    // Its 消息中心 copy, once.
    expect(await notes()).toEqual([expect.objectContaining({ category: 'vaccine', title: '九价HPV疫苗到苗了', memberId: li.self, read: false }), ...before]);
    expect((await alerts(li.token, li.self)).body.items[0]).toMatchObject({ id: first.body.id, status: 'notified', statusLabel: '已通知', notifiedAt: expect.any(String) });
    // Back in stock, a new subscription is refused: book instead.
    expect((await subscribe(li.token, li.self, 'VC003', 'HPV9')).body.error.code).toBe('VACCINE_IN_STOCK');
  });

  it('a batch the 疾控 withdraws (停用) gives nothing more: the clinic is out of stock and 到苗提醒 opens', async () => {
    const flu = (await s.sbx('GET', '/platform/vaccination/products')).body.items.find((p: { id: string }) => p.id === 'P-FLU');
    const batch = flu.batches.find((b: { clinicId: string }) => b.clinicId === 'VC001');
    const sessionsPath = `/api/v1/vaccines/clinics/VC001/sessions?vaccineCode=Flu&memberId=${zw.son}`;
    const before = await s.api('GET', sessionsPath, { token: zw.token });
    expect(before.body.items[0].stock.remaining).toBeGreaterThan(0);
    expect((await s.sbx('POST', `/platform/vaccination/sandbox/batches/${batch.id}/withdraw`)).body.status).toBe('withdrawn');
    await svc().context.platform.products({ fresh: true });
    const after = await s.api('GET', sessionsPath, { token: zw.token });
    expect(after.body.items.every((x: { stock: { remaining: number }; bookable: boolean }) => x.stock.remaining === 0 && !x.bookable)).toBe(true);
    expect(await ds().getRepository(VaccineStock).findOneByOrFail({ id: batch.id })).toMatchObject({ remaining: 0, quantity: 0 });
    expect((await subscribe(zw.token, zw.son, 'VC001', 'Flu')).status).toBe(201);
  });

  it('at most 10 waiting per user; cancelling one makes room; another member’s alert is 404', async () => {
    const wang = await adult(s, 'female', '1990-02-02');
    const combos: Array<[string, string, string]> = [
      ['VC001', 'P-FLU', 'Flu'],
      ['VC001', 'P-PCV13', 'PCV13'],
      ['VC001', 'P-HIB', 'Hib'],
      ['VC001', 'P-EV71', 'EV71'],
      ['VC001', 'P-VAR', 'VAR'],
      ['VC002', 'P-HPV4', 'HPV4'],
      ['VC002', 'P-FLU', 'Flu'],
      ['VC002', 'P-PCV13', 'PCV13'],
      ['VC002', 'P-EV71', 'EV71'],
      ['VC002', 'P-VAR', 'VAR'],
      ['VC003', 'P-RABIES', 'Rabies'],
    ];
    const ids: string[] = [];
    for (const [clinicId, productId, code] of combos) {
      await drain(clinicId, productId);
      const r = await subscribe(wang.token, wang.self, clinicId, code);
      if (ids.length < 10) {
        expect(r.status).toBe(201);
        ids.push(r.body.id);
      } else {
        expect(r.status).toBe(409);
        expect(r.body.error).toMatchObject({ code: 'VACCINE_ALERT_LIMIT', message: expect.stringContaining('最多同时订阅10个') });
      }
    }
    expect(await ds().getRepository(VaccineStockAlert).countBy({ ownerUserId: wang.userId, status: 'waiting' })).toBe(10);

    // 张伟 cannot cancel it through his own member.
    const foreign = await s.api('DELETE', `/api/v1/vaccines/members/${zw.self}/stock-alerts/${ids[0]}`, { token: zw.token });
    expect(foreign.status).toBe(404);
    expect((await ds().getRepository(VaccineStockAlert).findOneByOrFail({ id: ids[0] })).status).toBe('waiting');

    const cancelled = await s.api('DELETE', `/api/v1/vaccines/members/${wang.self}/stock-alerts/${ids[0]}`, { token: wang.token });
    expect(cancelled.body).toMatchObject({ id: ids[0], status: 'cancelled' });
    expect((await alerts(wang.token, wang.self)).body.items.map((a: { id: string }) => a.id)).not.toContain(ids[0]);
    expect((await subscribe(wang.token, wang.self, 'VC003', 'Rabies')).status).toBe(201);
  });
});

const report = (memberId: string, body: Record<string, unknown>, key = idemKey()) =>
  s.api('POST', `/api/v1/vaccines/members/${memberId}/adverse-reactions`, { token: zw.token, body, headers: { 'Idempotency-Key': key } });
const fever = (doseId: string, onsetDate: string) => ({
  doseId,
  onsetDate,
  symptoms: ['fever', 'local_redness'],
  temperatureC: 38.7,
  description: '接种当晚发热38.7℃，接种部位红肿约3厘米',
  treatment: 'outpatient',
  hospital: '市妇幼保健院',
  reporterName: '张伟',
  reporterPhone: '13800138000',
});

describe('疑似预防接种异常反应', () => {
  it('reports from a recorded dose: kept while the platform is down, delivered once, then 已提交 and 已受理', async () => {
    // The booster given today (the reporting window is 3 months after a dose).
    const dose = await giveSonDose('PCV13');
    const fault = await s.sbx('POST', '/sandbox/faults', { body: { pathPrefix: '/platform/vaccination/aefi-reports', method: 'POST', status: 503 } });
    expect(fault.status).toBeLessThan(300);
    const key = idemKey();
    const today = svc().context.today();
    const res = await report(zw.son, fever(dose.id, today), key);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'sending',
      statusLabel: '提交中',
      vaccineName: '13价肺炎疫苗',
      batchNo: dose.batchNo,
      manufacturer: '辉瑞',
      vaccinatedOn: dose.date,
      severe: false,
      symptomLabels: ['发热', '接种部位红肿'],
    });
    // A retry of the same submit is the same report.
    expect((await report(zw.son, fever(dose.id, today), key)).body.id).toBe(res.body.id);
    await s.bff.services.outbox.runOnce();
    expect((await ds().getRepository(VaccineAefiReport).findOneByOrFail({ id: res.body.id })).status).toBe('sending');

    await s.sbx('DELETE', '/sandbox/faults');
    // The backoff waited out: the next pass delivers it.
    await ds()
      .getRepository(OutboxMessage)
      .update({ dedupeKey: `aefi:${res.body.id}` }, { nextAttemptAt: new Date(Date.now() - 1000) });
    await s.bff.services.outbox.runOnce();
    const received = (await s.sbx('GET', `/platform/vaccination/sandbox/aefi-reports?clientRef=${res.body.id}`)).body.items;
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      clinicId: 'VC001',
      recordNumber: SON_RECORD,
      patient: { name: '张小宝', sex: 'male' },
      vaccine: { code: 'PCV13', batchNo: dose.batchNo, manufacturer: '辉瑞', vaccinatedOn: dose.date },
      onsetDate: today,
      symptoms: ['发热', '接种部位红肿'],
      temperatureC: 38.7,
      treatment: { kind: 'outpatient', hospital: '市妇幼保健院' },
      reporter: { name: '张伟', phone: '13800138000' },
      source: 'passive',
      status: 'submitted',
    });
    const submitted = (await s.api('GET', `/api/v1/vaccines/members/${zw.son}/adverse-reactions`, { token: zw.token })).body.items;
    expect(submitted).toEqual([
      expect.objectContaining({ id: res.body.id, status: 'submitted', statusLabel: '已提交', platformReportNo: received[0].reportNo, nextStep: expect.stringContaining('48小时内') }),
    ]);

    await s.sbx('POST', `/platform/vaccination/sandbox/aefi-reports/${received[0].reportNo}/accept`);
    expect(await svc().aefi.refreshSubmitted()).toBe(1);
    const accepted = (await s.api('GET', `/api/v1/vaccines/members/${zw.son}/adverse-reactions`, { token: zw.token })).body.items;
    expect(accepted[0]).toMatchObject({ status: 'accepted', statusLabel: '已受理' });
  });

  it('severe signs are marked; another member’s dose is 404; the onset must be between the dose and today', async () => {
    const dose = await giveSonDose('Hib');
    const today = svc().context.today();
    const old = (await s.api('GET', `/api/v1/vaccines/members/${zw.son}/record`, { token: zw.token })).body.items.find((i: { vaccineCode: string }) => i.vaccineCode === 'EV71');
    const late = await report(zw.son, fever(old.id, today));
    expect(late.status).toBe(400);
    expect(late.body.error).toMatchObject({ code: 'AEFI_ONSET_INVALID', message: expect.stringContaining('3个月以后') });
    const severe = await report(zw.son, { ...fever(dose.id, today), symptoms: ['breathing', 'rash'], treatment: 'inpatient' });
    expect(severe.status).toBe(201);
    expect(severe.body.severe).toBe(true);

    const other = await report(zw.daughter, fever(dose.id, today));
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('VACCINE_DOSE_NOT_FOUND');
    const before = await report(zw.son, fever(dose.id, '2020-01-01'));
    expect(before.status).toBe(400);
    expect(before.body.error.code).toBe('AEFI_ONSET_INVALID');
    const tomorrow = new Date(Date.now() + 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await report(zw.son, fever(dose.id, tomorrow))).body.error.code).toBe('AEFI_ONSET_INVALID');
    const huge = await report(zw.son, { ...fever(dose.id, today), description: '很'.repeat(501) });
    expect(huge.status).toBe(400);
    expect(huge.body.error.code).toBe('VALIDATION_FAILED');
    expect((await report(zw.son, { ...fever(dose.id, today), symptoms: ['poison'] })).status).toBe(400);
    expect(await ds().getRepository(VaccineAefiReport).countBy({ memberId: zw.daughter })).toBe(0);
  });
});
