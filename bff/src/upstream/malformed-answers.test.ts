import { startStack, type Stack } from '../../test/harness';
import { AuditLog } from '../db/entities';
import { book, family, freshSession, key, slotAtHis } from '../modules/booking/test-helpers';
import { RN, zhangFamily, type ZhangFamily } from '../modules/records/test-family';
import { redactPath } from './http';

/**
 * An upstream that answers 2xx in a shape outside its contract (the sandbox's `malformed` fault:
 * every top-level field of another type) is an upstream fault for the resident: the usual 503
 * UPSTREAM_UNAVAILABLE with the upstream's Chinese message, one warning naming the upstream, path and
 * failing fields, and the BFF carries on once the upstream answers properly again.
 */
jest.setTimeout(60_000);

const logLines: string[] = [];
let s: Stack;
let zw: ZhangFamily;
const taken = new Set<string>();

beforeAll(async () => {
  s = await startStack({ LOG_LEVEL: 'warn', OUTBOX_POLL_MS: '100', TRUST_PROXY: 'true' }, { logLines });
  zw = await zhangFamily(s);
});
afterAll(() => s.close());
afterEach(() => s.sbx('DELETE', '/sandbox/faults'));

const malformed = (pathPrefix: string, extra: Record<string, unknown> = {}) => s.sbx('POST', '/sandbox/faults', { body: { pathPrefix, malformed: true, ...extra } });

/** The warnings the client logged about contract faults since `from`. */
const contractLines = (from: number) =>
  logLines
    .slice(from)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.reason === 'contract');

describe('a malformed HIS answer', () => {
  it("on a doctor's schedule: 503 医院系统暂时无法访问 and one warning; the schedule shows again once the HIS answers well", async () => {
    const session = await freshSession(s, { hospitalId: 'H001', taken });
    const schedulePath = `/api/v1/booking/doctors/${session.doctorId}/schedule`;
    await malformed(`/his/doctors/${session.doctorId}/schedules`);
    const from = logLines.length;
    const res = await s.api('GET', schedulePath);
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: '医院系统暂时无法访问，请稍后再试' });
    const lines = contractLines(from);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'upstream unavailable', upstream: 'his', path: redactPath(`/his/doctors/${session.doctorId}/schedules`), issues: ['items (invalid_type)'] });

    await s.sbx('DELETE', '/sandbox/faults');
    const back = await s.api('GET', schedulePath);
    expect(back.status).toBe(200);
    expect(back.body.items.length).toBeGreaterThan(0);
  });

  it('to a hold: the resident gets 503 (not a booking read from garbage), and a retry with the same key gets the place the HIS held', async () => {
    const f = await family(s);
    const session = await freshSession(s, { hospitalId: 'H001', free: false, taken });
    const slotId = session.slotIds[0];
    await malformed('/his/appointments', { method: 'POST', times: 1 });
    const k = key();
    const first = await book(s, f.token, { slotId, memberId: f.memberIds[0] }, k);
    expect(first.status).toBe(503);
    expect(first.body.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: '医院系统暂时无法访问，请稍后再试' });
    // The HIS did take the place; its answer was what broke.
    expect((await slotAtHis(s, slotId)).booked).toBe(1);
    const retry = await book(s, f.token, { slotId, memberId: f.memberIds[0] }, k);
    expect(retry.status).toBe(201);
    expect(retry.body.status).toBe('pending_payment');
    expect((await slotAtHis(s, slotId)).booked).toBe(1);
  });
});

describe('a malformed platform answer', () => {
  it('on a record section: 503 健康档案平台暂时无法访问, one warning, nothing audited as read; the section reads again afterwards', async () => {
    const audited = () => s.bff.services.ds.getRepository(AuditLog).countBy({ subjectType: 'health_record', subjectId: RN.mother, action: 'record.read' });
    const before = await audited();
    await malformed(`/platform/residents/${RN.mother}/followups`);
    const from = logLines.length;
    const res = await s.api('GET', `/api/v1/records/${zw.mother}/followups`, { token: zw.token });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: '健康档案平台暂时无法访问，请稍后再试' });
    const lines = contractLines(from);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ upstream: 'platform', issues: ['items (invalid_type)'] });
    // The record number in the path is masked.
    expect(lines[0].path).toBe('/platform/residents/110…17/followups');
    expect(await audited()).toBe(before);

    await s.sbx('DELETE', '/sandbox/faults');
    const back = await s.api('GET', `/api/v1/records/${zw.mother}/followups`, { token: zw.token });
    expect(back.status).toBe(200);
    expect(back.body.items.length).toBeGreaterThan(0);
  });

  it("on the identity look-up behind the record overview: the same 503, never a 500 or another resident's screen", async () => {
    await malformed('/platform/residents/by-id-number/');
    await malformed(`/platform/residents/${RN.zhangWei}`);
    const res = await s.api('GET', `/api/v1/records/${zw.self}`, { token: zw.token });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: '健康档案平台暂时无法访问，请稍后再试' });
  });
});
