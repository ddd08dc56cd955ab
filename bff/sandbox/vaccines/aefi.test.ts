import { createSandbox } from '../server';
import { PERSONA_RESIDENTS as P } from '../seed/world';

/** The platform's AEFI reports and the clinic's 接种时间, as the BFF meets them (API.md). */
let sbx: Awaited<ReturnType<ReturnType<typeof createSandbox>['listen']>>;
const call = async (method: string, p: string, body?: unknown) => {
  const res = await fetch(sbx.url + p, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};
beforeAll(async () => {
  sbx = await createSandbox().listen(0);
});
afterAll(() => sbx.close());

const chinaIso = (ms: number) => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;

describe('接种时间 (givenAt)', () => {
  it('a dose recorded now has the time; one entered for earlier today keeps the time given; the future is refused', async () => {
    const now = await call('POST', '/platform/sandbox/immunizations', { recordNumber: P.son.recordNumber, code: 'Hib' });
    const given = now.body.items.find((i: any) => i.vaccineCode === 'Hib');
    expect(Math.abs(Date.parse(given.givenAt) - Date.now())).toBeLessThan(60_000);
    const future = await call('POST', '/platform/sandbox/immunizations', { recordNumber: P.son.recordNumber, code: 'Hib', givenAt: chinaIso(Date.now() + 3600_000) });
    expect(future.status).toBe(400);
    const seeded = (await call('GET', `/platform/residents/${P.son.recordNumber}/immunizations`)).body.items.filter((i: any) => i.vaccineCode === 'BCG');
    expect(seeded[0].givenAt).toBeNull();
  });
});

describe('AEFI 个案报告', () => {
  const report = (over: Record<string, unknown> = {}) => ({
    clientRef: 'r-1',
    clinicId: 'VC001',
    recordNumber: P.son.recordNumber,
    patient: { name: '张小宝', sex: 'male', birthDate: '2025-09-23' },
    vaccine: { code: 'PCV13', name: '13价肺炎疫苗', batchNo: 'PCV1320261201', manufacturer: '辉瑞', dose: 4, vaccinatedOn: '2026-12-01' },
    onsetDate: '2026-12-01',
    symptoms: ['发热'],
    temperatureC: 38.6,
    clinicalCourse: '接种当晚发热',
    treatment: { kind: 'not_seen', hospital: null },
    reporter: { name: '张伟', phone: '13800138000' },
    severe: false,
    ...over,
  });

  it('receives a report once per clientRef, as 被动监测 submitted, until the clinic accepts it', async () => {
    const first = await call('POST', '/platform/vaccination/aefi-reports', report());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ reportNo: expect.stringMatching(/^AEFI-VC001-\d{8}-\d{4}$/), status: 'submitted' });
    const again = await call('POST', '/platform/vaccination/aefi-reports', report());
    expect(again).toEqual({ status: 200, body: first.body });
    expect((await call('GET', '/platform/vaccination/sandbox/aefi-reports?clientRef=r-1')).body.items).toEqual([
      expect.objectContaining({ source: 'passive', vaccine: expect.objectContaining({ batchNo: 'PCV1320261201' }) }),
    ]);
    expect((await call('POST', `/platform/vaccination/sandbox/aefi-reports/${first.body.reportNo}/accept`)).body.status).toBe('accepted');
    expect((await call('GET', `/platform/vaccination/aefi-reports/${first.body.reportNo}`)).body).toMatchObject({ status: 'accepted', clientRef: 'r-1', acceptedAt: expect.any(String) });
  });

  it('names the first key item missing or wrong; an unknown clinic is 404', async () => {
    expect((await call('POST', '/platform/vaccination/aefi-reports', report({ clientRef: 'r-2', onsetDate: '2026-11-30' }))).body).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('onsetDate'),
    });
    expect((await call('POST', '/platform/vaccination/aefi-reports', report({ clientRef: 'r-3', symptoms: [] }))).body.message).toContain('symptoms');
    expect((await call('POST', '/platform/vaccination/aefi-reports', report({ clientRef: 'r-4', reporter: { name: '张伟', phone: '123' } }))).body.message).toContain('reporter');
    expect((await call('POST', '/platform/vaccination/aefi-reports', report({ clientRef: 'r-5', clinicId: 'VC999' }))).status).toBe(404);
    expect((await call('GET', '/platform/vaccination/aefi-reports/AEFI-NONE')).status).toBe(404);
  });
});
