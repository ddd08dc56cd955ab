import { ApiError } from './api';
import { client, urlOf } from './client';
import { errorBody, mockRequests, signIn } from '../test/helpers';

beforeEach(() => signIn());

describe('typed client', () => {
  it('fills path parameters URI-encoded and appends the query in the order given, leaving out undefined and null', () => {
    expect(urlOf('/api/v1/records/{ref}/reports/{id}', { path: { ref: 'm 1', id: 'a/b?' } })).toBe('/api/v1/records/m%201/reports/a%2Fb%3F');
    expect(urlOf('/api/v1/doctor/readings', { query: { memberId: 'm&1', limit: 50 } })).toBe('/api/v1/doctor/readings?memberId=m%261&limit=50');
    expect(urlOf('/api/v1/workbench/inbox', { query: { cursor: undefined, q: null, beforeSeq: 0 } })).toBe('/api/v1/workbench/inbox?beforeSeq=0');
    expect(urlOf('/api/v1/workbench/inbox', { query: { cursor: undefined } })).toBe('/api/v1/workbench/inbox');
    expect(() => urlOf('/api/v1/bookings/{id}', {})).toThrow('missing path parameter id');
  });

  it('sends through the one http layer: token, JSON body ({} when none), Idempotency-Key from the header parameters', async () => {
    const calls = mockRequests((c) => (c.method === 'DELETE' ? { status: 204 } : { status: 201, data: { order: { id: 'o-1' }, bills: [] } }));

    const paid = await client.POST('/api/v1/bills/pay', { params: { header: { 'Idempotency-Key': 'key-12345678' } }, body: { memberId: 'm-1', billNos: ['B1'] } });
    await client.POST('/api/v1/payments/orders/{id}/cancel', { params: { path: { id: 'o-1' } } });
    const gone = await client.DELETE('/api/v1/family/members/{id}', { params: { path: { id: 'm-2' } } });

    expect(paid.order.id).toBe('o-1');
    expect(gone).toBeUndefined();
    expect(calls.map((c) => [c.method, c.url, c.data])).toEqual([
      ['POST', '/api/v1/bills/pay', { memberId: 'm-1', billNos: ['B1'] }],
      ['POST', '/api/v1/payments/orders/o-1/cancel', {}],
      ['DELETE', '/api/v1/family/members/m-2', undefined],
    ]);
    expect(calls[0].header).toEqual({ 'Content-Type': 'application/json', Authorization: 'Bearer access-1', 'Idempotency-Key': 'key-12345678' });
  });

  it('leaves the token off when auth is false, and answers failures with the ApiError of every request', async () => {
    const calls = mockRequests(() => ({ status: 404, data: errorBody('NOT_FOUND', '医院不存在') }));

    const err = await client.GET('/api/v1/booking/hospitals/{id}', { params: { path: { id: 'h-9' } }, auth: false }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('NOT_FOUND');
    expect(calls[0].header.Authorization).toBeUndefined();
  });
});
