import { createSandbox } from '../server';

/** Report status in the platform stand-in: registered (待出报告, no results) → published (已出报告). */
describe('platform report status and the order/publish controls', () => {
  const sandbox = createSandbox({ seed: 20261202 });
  const RN = '11010100100100102'; // 张伟
  let url = '';
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ url, close } = await sandbox.listen(0));
  });
  afterAll(() => close());
  const call = async (method: string, path: string) => {
    const res = await fetch(url + path, { method });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('a registered report is listed without results; publishing gives it a time and its lines, once', async () => {
    const ordered = await call('POST', `/platform/sandbox/residents/${RN}/reports`);
    expect(ordered).toMatchObject({ status: 201, body: { status: 'registered' } });
    const id = ordered.body.id as string;
    const list = await call('GET', `/platform/residents/${RN}/reports`);
    expect(list.body.items[0]).toMatchObject({ id, status: 'registered', reportedAt: null, abnormalCount: 0, criticalCount: 0 });
    expect(list.body.items.slice(1).every((r: any) => r.status === 'final' && /T16:30:00\+08:00$/.test(r.reportedAt))).toBe(true);
    expect((await call('GET', `/platform/residents/${RN}/reports/${id}`)).body).toMatchObject({ status: 'registered', items: [], imaging: null });

    const published = await call('POST', `/platform/sandbox/reports/${id}/publish`);
    expect(published.body.reportedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/);
    const again = await call('POST', `/platform/sandbox/reports/${id}/publish`);
    expect(again.body.reportedAt).toBe(published.body.reportedAt);
    const report = (await call('GET', `/platform/residents/${RN}/reports/${id}`)).body;
    expect(report).toMatchObject({ status: 'final', abnormalCount: 2, criticalCount: 1 });
    expect(report.items.map((i: any) => [i.name, i.flag])).toEqual([
      ['空腹血糖(GLU)', 'critical_high'],
      ['血钾(K)', null],
      ['谷丙转氨酶(ALT)', 'normal'],
      ['血清肌酐(CREA)', 'normal'],
    ]);
    expect((await call('GET', `/platform/residents/${RN}/reports?status=registered`)).body.items.map((r: any) => r.id)).not.toContain(id);
  });

  it('answers 404 for an unknown resident or report and 400 for an unknown status', async () => {
    expect((await call('POST', '/platform/sandbox/residents/11010100100199999/reports')).status).toBe(404);
    expect((await call('POST', `/platform/sandbox/reports/LIS-${RN}-20990101-E9/publish`)).status).toBe(404);
    const bad = await call('GET', `/platform/residents/${RN}/reports?status=pending`);
    expect(bad.status).toBe(400);
  });
});
