import { startStack, type Stack } from '../../test/harness';
import { maskQuery, maskUnmatchedPath } from './log-mask';

let s: Stack;
const lines: string[] = [];
beforeAll(async () => {
  // Requests come from 127.0.0.1, our "proxy": the client is the X-Forwarded-For hop before it.
  s = await startStack({ LOG_LEVEL: 'info', TRUST_PROXY: '127.0.0.1' }, { logLines: lines });
});
afterAll(() => s.close());

const requestLines = (requestId: string) => lines.map((l) => JSON.parse(l)).filter((x) => x.msg === 'request' && x.requestId === requestId);

describe('the access log', () => {
  it('names the client address and the user, and shows the route with its values masked', async () => {
    const r = await s.resident({ name: '张伟' });
    const idNumber = '110101199003077838';
    const res = await s.api('GET', `/api/v1/records/${idNumber}/visits/ZY20260001234?status=paid&limit=20&q=${encodeURIComponent('张伟')}&phone=13800138000&memberId=m-12345678&from=2026-01-01`, {
      token: r.token,
      headers: { 'x-request-id': 'req-access-log-0001', 'x-forwarded-for': '203.0.113.7' },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(requestLines('req-access-log-0001')).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/api/v1/records/:ref/visits/:id',
        query: 'status=paid&limit=20&q=*&phone=*&memberId=*&from=*',
        status: res.status,
        ip: '203.0.113.7',
        userId: r.user.id,
      }),
    ]);
    const all = lines.join('\n');
    for (const secret of [idNumber, 'ZY20260001234', '13800138000', '张伟', 'm-12345678', encodeURIComponent('张伟')]) expect(all).not.toContain(secret);
  });

  it('masks identifiers in paths no route matched, and logs no user for anonymous requests', async () => {
    const res = await s.api('GET', '/api/v1/nothing/13800138000/files/9f0c2b9e-4a7e-4d1c-9d2e-6f0e1a2b3c4d/report.pdf', {
      headers: { 'x-request-id': 'req-access-log-0002', 'x-forwarded-for': '198.51.100.23, 203.0.113.9' },
    });
    expect(res.status).toBe(404);
    expect(requestLines('req-access-log-0002')).toEqual([expect.objectContaining({ path: '/api/v1/nothing/*/files/*/report.pdf', status: 404, ip: '203.0.113.9', userId: null })]);
  });

  it('names the signed-in user of a refused request too', async () => {
    const l = await s.login();
    const res = await s.api('GET', '/api/v1/admin/users', { token: l.accessToken, headers: { 'x-request-id': 'req-access-log-0003' } });
    expect(res.status).toBe(403);
    expect(requestLines('req-access-log-0003')).toEqual([expect.objectContaining({ path: '/api/v1/admin/users', status: 403, userId: l.user.id, ip: '127.0.0.1' })]);
  });
});

describe('masking', () => {
  it('keeps enum words and small numbers in queries, masks everything that could name someone', () => {
    expect(maskQuery('')).toBeUndefined();
    expect(maskQuery('role=doctor&page=2&cursor=eyJzZXEiOjEyMzR9&name=wangfang&idNumber=11010519491231002X&code=abc&doctorId=D-FD-001')).toBe(
      'role=doctor&page=2&cursor=*&name=*&idNumber=*&code=*&doctorId=*',
    );
  });

  it('masks ID numbers, phones, record numbers, uuids and names in path segments, keeps words and file names', () => {
    expect(maskUnmatchedPath('/a/11010519491231002X/b/13800138000/c/BL2026120200017')).toBe('/a/*/b/*/c/*');
    expect(maskUnmatchedPath(`/x/${encodeURIComponent('王秀英')}/assets/app.3f2a1b4c.js`)).toBe('/x/*/assets/app.3f2a1b4c.js');
  });
});
