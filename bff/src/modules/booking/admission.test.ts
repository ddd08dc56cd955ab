import { startStack, type Stack } from '../../../test/harness';
import { book, family, sessionPair, slotAtHis, waitFor } from './test-helpers';

// The rush's admission counter (bff/src/http/admission.ts) over real HTTP: it refuses from memory
// only what is gone, gives back what an admitted attempt did not use, and sees a returned place.
jest.setTimeout(60_000);

let s: Stack;
const taken = new Set<string>();
beforeAll(async () => {
  s = await startStack({ OUTBOX_POLL_MS: '100', OUTBOX_RETRY_BASE_MS: '50', TRUST_PROXY: 'true' });
});
afterAll(() => s.close());

describe('admission counter', () => {
  it('gives a refused attempt’s place back, refuses from memory once full, and admits again after a cancellation', async () => {
    const [a, b] = await sessionPair(s, 'H001', taken);
    // One place in the whole of session b.
    await s.sbx('POST', `/his/sandbox/sessions/${b.id}/reset`, { body: { capacityTotal: 1 } });
    let slot = '';
    for (const id of b.slotIds) if ((await slotAtHis(s, id)).capacity > 0) slot = id;
    const [first, second, third] = [await family(s), await family(s), await family(s)];
    expect((await book(s, first.token, { slotId: a.slotIds[0], memberId: first.memberIds[0] })).status).toBe(201);

    // Admitted to the one place, then refused by the per-department rule: the place goes back.
    const refused = await book(s, first.token, { slotId: slot, memberId: first.memberIds[0] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('BOOKING_LIMIT_REACHED');
    const won = await book(s, second.token, { slotId: slot, memberId: second.memberIds[0] });
    expect(won.status).toBe(201);

    // Full: refused with the same answer as the HIS would give, and the HIS is not asked for a hold.
    const late = await book(s, third.token, { slotId: slot, memberId: third.memberIds[0] });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'SLOT_FULL' });
    expect(await slotAtHis(s, slot)).toMatchObject({ booked: 1, remaining: 0 });
    const held = (await s.sbx('GET', `/his/sandbox/appointments?slotId=${slot}`)).body.items;
    expect(held).toHaveLength(1);

    // A cancellation returns the place at the HIS (through the outbox); the counter admits it again.
    expect((await s.api('POST', `/api/v1/bookings/${won.body.id}/cancel`, { token: second.token, body: {} })).status).toBe(200);
    await waitFor('place back at the HIS', async () => (await slotAtHis(s, slot)).remaining === 1);
    const again = await book(s, third.token, { slotId: slot, memberId: third.memberIds[0] });
    expect(again.status).toBe(201);
  });
});
