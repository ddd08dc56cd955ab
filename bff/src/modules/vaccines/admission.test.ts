import { startStack, type Stack } from '../../../test/harness';
import { VaccineSessionQuota } from './entities';
import { adult, book, nextSession } from './test-kit';

// The rush counter for a session's doses (bff/src/http/admission.ts): it refuses what is gone with
// the booking's own answer, and a cancellation's place is admitted again.
let s: Stack;
beforeAll(async () => {
  s = await startStack({ VACCINE_JOB_INTERVAL_SECONDS: '0', TRUST_PROXY: 'true' });
});
afterAll(() => s.close());

describe('admission counter for vaccine sessions', () => {
  it('refuses the second woman for a one-place session as the booking would, and admits her after the first cancels', async () => {
    const a = await adult(s, 'female', '1990-03-12');
    const b = await adult(s, 'female', '1992-07-15');
    const session = await nextSession(s, a.token, 'VC003', 'Flu', 1);
    await s.bff.services.ds.getRepository(VaccineSessionQuota).insert({ id: `${session.id}|Flu`, clinicId: 'VC003', sessionId: session.id, vaccineCode: 'Flu', capacity: 1, booked: 0 });
    const body = (who: { self: string }) => ({ memberId: who.self, clinicId: 'VC003', sessionId: session.id, vaccineCode: 'Flu' });

    const first = await book(s, a.token, body(a));
    expect(first.status).toBe(201);
    const refused = await book(s, b.token, body(b));
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('VACCINE_SESSION_FULL');
    expect(refused.body.error.message).toContain('已约满，请选择其他场次');

    const cancel = await s.api('POST', `/api/v1/vaccines/appointments/${first.body.id}/cancel`, { token: a.token, body: {} });
    expect(cancel.status).toBe(200);
    expect((await s.bff.services.ds.getRepository(VaccineSessionQuota).findOneByOrFail({ id: `${session.id}|Flu` })).booked).toBe(0);
    const again = await book(s, b.token, body(b));
    expect(again.status).toBe(201);
  }, 60_000);
});
