import { createSandbox } from '../server';

let sbx: Awaited<ReturnType<ReturnType<typeof createSandbox>['listen']>>;
beforeAll(async () => {
  sbx = await createSandbox().listen(0);
});
afterAll(() => sbx.close());

const send = async (key: string | null, body: unknown) => {
  const res = await fetch(`${sbx.url}/wecom/cgi-bin/webhook/send${key === null ? '' : `?key=${key}`}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};
const received = async (key: string) => (await (await fetch(`${sbx.url}/wecom/sandbox/robot-messages?key=${key}`)).json()).items as any[];

describe('sandbox 企业微信 group robot behaves like WeCom', () => {
  it('records a markdown message and answers errcode 0 with HTTP 200', async () => {
    expect(await send('k1', { msgtype: 'markdown', markdown: { content: '## 预警\n> 居民：王*英' } })).toEqual({ status: 200, body: { errcode: 0, errmsg: 'ok' } });
    expect(await received('k1')).toEqual([{ key: 'k1', msgtype: 'markdown', content: '## 预警\n> 居民：王*英', receivedAt: expect.any(String) }]);
  });

  it('refuses with WeCom errcodes (still HTTP 200) and records nothing', async () => {
    expect((await send(null, { msgtype: 'markdown', markdown: { content: 'x' } })).body.errcode).toBe(93000);
    expect((await send('k2', { msgtype: 'voice' })).body.errcode).toBe(40008);
    expect((await send('k2', { msgtype: 'markdown', markdown: {} })).body.errcode).toBe(40058);
    const long = await send('k2', { msgtype: 'markdown', markdown: { content: '字'.repeat(1366) } });
    expect([long.status, long.body.errcode, long.body.errmsg]).toEqual([200, 40058, expect.stringContaining('4096')]);
    expect(await received('k2')).toEqual([]);
  });

  it('takes at most 20 messages a minute per robot (45009), other robots unaffected', async () => {
    for (let i = 0; i < 20; i++) expect((await send('k3', { msgtype: 'text', text: { content: `m${i}` } })).body.errcode).toBe(0);
    expect((await send('k3', { msgtype: 'text', text: { content: 'm20' } })).body.errcode).toBe(45009);
    expect((await send('k4', { msgtype: 'text', text: { content: 'other' } })).body.errcode).toBe(0);
    expect(await received('k3')).toHaveLength(20);
  });
});
