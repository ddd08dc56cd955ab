import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createSandbox } from '../server';
import { freshSandboxPayKeys } from './keys';
import { RETRY_SCHEDULE_S } from './state';
import { requestMessage, signRsa, verifyRsa } from './signing';

jest.setTimeout(30_000);

/** The WeChat Pay stand-in behaves like WeChat Pay v3: merchant signatures checked, answers signed, WeChat's codes. */
const keys = freshSandboxPayKeys();
const sandbox = createSandbox({ keysDir: keys.dir });
let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  const l = await sandbox.listen(0);
  base = l.url;
  close = l.close;
});
afterAll(() => close());
afterEach(() => fetch(`${base}/wechatpay/sandbox/settings`, { method: 'DELETE' }));

interface Opts {
  serial?: string;
  mchid?: string;
  timestamp?: number;
  keyPem?: string;
  /** Sign this body but send another. */
  signedBody?: string;
  noAuth?: boolean;
}

async function v3(method: 'GET' | 'POST', pathAndQuery: string, body?: object, o: Opts = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const ts = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString('hex');
  const sig = signRsa(requestMessage(method, pathAndQuery, ts, nonce, o.signedBody ?? text), o.keyPem ?? keys.merchantKeyPem);
  const auth = `WECHATPAY2-SHA256-RSA2048 mchid="${o.mchid ?? keys.mchid}",nonce_str="${nonce}",signature="${sig}",timestamp="${ts}",serial_no="${o.serial ?? keys.merchantCertSerial}"`;
  const res = await fetch(`${base}/wechatpay${pathAndQuery}`, {
    method,
    headers: { Accept: 'application/json', ...(text ? { 'Content-Type': 'application/json' } : {}), ...(o.noAuth ? {} : { Authorization: auth }) },
    body: text || undefined,
  });
  const raw = await res.text();
  return { status: res.status, raw, body: raw ? JSON.parse(raw) : null, headers: res.headers };
}

let seq = 0;
const tradeNo = () => `T${Date.now()}${seq++}`.padEnd(12, '0');
const prepayBody = (outTradeNo: string, over: Record<string, unknown> = {}) => ({
  appid: 'wxsandbox0000000001',
  mchid: keys.mchid,
  description: '门诊缴费',
  out_trade_no: outTradeNo,
  notify_url: 'http://127.0.0.1:9/api/v1/payments/wechat/notify',
  amount: { total: 2500, currency: 'CNY' },
  payer: { openid: 'o_test' },
  ...over,
});

describe('merchant authentication', () => {
  it.each<[string, Opts]>([
    ['no Authorization header', { noAuth: true }],
    ['another certificate serial', { serial: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' }],
    ['another merchant id', { mchid: '1900000001' }],
    ['a timestamp 6 minutes old', { timestamp: Math.floor(Date.now() / 1000) - 360 }],
    ['a signature over another body', { signedBody: '{"amount":1}' }],
    ['a signature by another key', { keyPem: freshSandboxPayKeys().merchantKeyPem }],
  ])('refuses %s with 401 SIGN_ERROR and creates nothing', async (_n, o) => {
    const no = tradeNo();
    const r = await v3('POST', '/v3/pay/transactions/jsapi', prepayBody(no), o);
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('SIGN_ERROR');
    expect((await fetch(`${base}/wechatpay/sandbox/transactions/${no}`)).status).toBe(404);
  });

  it('signs every answer with the platform key, named by Wechatpay-Serial', async () => {
    const r = await v3('POST', '/v3/pay/transactions/jsapi', prepayBody(tradeNo()));
    expect(r.status).toBe(200);
    expect(r.body.prepay_id).toMatch(/^wx\d{14}[0-9a-f]{24}$/);
    const h = (n: string) => r.headers.get(n)!;
    expect(h('wechatpay-serial')).toBe(keys.platformKeyId);
    expect(verifyRsa(`${h('wechatpay-timestamp')}\n${h('wechatpay-nonce')}\n${r.raw}\n`, h('wechatpay-signature'), keys.platformPublicKeyPem)).toBe(true);
  });
});

describe('WeChat Pay v3 shapes and codes', () => {
  it.each([
    ['description longer than 127', { description: '药'.repeat(128) }, 'PARAM_ERROR'],
    ['out_trade_no with a space', { out_trade_no: 'bad no 123' }, 'PARAM_ERROR'],
    ['notify_url with a query', { notify_url: 'https://hp.example.cn/notify?x=1' }, 'PARAM_ERROR'],
    ['notify_url over plain http', { notify_url: 'http://hp.example.cn/notify' }, 'PARAM_ERROR'],
    ['amount 0', { amount: { total: 0, currency: 'CNY' } }, 'PARAM_ERROR'],
    ['no payer', { payer: undefined }, 'PARAM_ERROR'],
    ['another appid', { appid: 'wx1111111111111111' }, 'APPID_MCHID_NOT_MATCH'],
  ])('prepay with %s → 400 and WeChat’s code', async (_n, over, code) => {
    const r = await v3('POST', '/v3/pay/transactions/jsapi', prepayBody(tradeNo(), over));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe(code);
  });

  it('the same out_trade_no with other content → 403 OUT_TRADE_NO_USED; the same content → a new prepay_id', async () => {
    const no = tradeNo();
    const a = await v3('POST', '/v3/pay/transactions/jsapi', prepayBody(no));
    const b = await v3('POST', '/v3/pay/transactions/jsapi', prepayBody(no));
    expect(b.status).toBe(200);
    expect(b.body.prepay_id).not.toBe(a.body.prepay_id);
    const c = await v3('POST', '/v3/pay/transactions/jsapi', prepayBody(no, { amount: { total: 1, currency: 'CNY' } }));
    expect([c.status, c.body.code]).toEqual([403, 'OUT_TRADE_NO_USED']);
  });

  it('query, pay at the cashier, close and refund follow WeChat', async () => {
    const no = tradeNo();
    expect((await v3('GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${keys.mchid}`)).body.code).toBe('ORDER_NOT_EXIST');
    const { body } = await v3('POST', '/v3/pay/transactions/jsapi', prepayBody(no));
    const q = await v3('GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${keys.mchid}`);
    expect(q.body).toMatchObject({ out_trade_no: no, trade_state: 'NOTPAY', amount: { total: 2500, currency: 'CNY' }, payer: { openid: 'o_test' } });
    expect((await v3('GET', `/v3/pay/transactions/out-trade-no/${no}`)).body.code).toBe('PARAM_ERROR');

    const paid = await fetch(`${base}/wechatpay/sandbox/pay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ prepay_id: body.prepay_id, result: 'success' }),
    }).then((r) => r.json());
    expect(paid.transaction_id).toMatch(/^4200\d{28}$/);
    const after = await v3('GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${keys.mchid}`);
    expect(after.body).toMatchObject({ trade_state: 'SUCCESS', transaction_id: paid.transaction_id, success_time: expect.stringMatching(/\+08:00$/) });
    expect((await v3('GET', `/v3/pay/transactions/id/${paid.transaction_id}?mchid=${keys.mchid}`)).body.out_trade_no).toBe(no);
    expect((await v3('POST', `/v3/pay/transactions/out-trade-no/${no}/close`, { mchid: keys.mchid })).body.code).toBe('ORDERPAID');

    const refund = (out_refund_no: string, refundFen: number) =>
      v3('POST', '/v3/refund/domestic/refunds', { out_trade_no: no, out_refund_no, reason: '退费', amount: { refund: refundFen, total: 2500, currency: 'CNY' } });
    const r1 = await refund('R1', 1000);
    expect(r1.body).toMatchObject({ out_refund_no: 'R1', status: 'PROCESSING', amount: { refund: 1000, total: 2500 } });
    expect((await refund('R1', 1000)).body.refund_id).toBe(r1.body.refund_id);
    expect((await refund('R1', 900)).body.code).toBe('INVALID_REQUEST');
    expect((await refund('R2', 1501)).body.code).toBe('INVALID_REQUEST');
    expect((await refund('R3', 1500)).status).toBe(200);
  });

  it('close of an unpaid order answers 204 and the cashier then refuses it', async () => {
    const no = tradeNo();
    const { body } = await v3('POST', '/v3/pay/transactions/jsapi', prepayBody(no));
    const c = await v3('POST', `/v3/pay/transactions/out-trade-no/${no}/close`, { mchid: keys.mchid });
    expect(c.status).toBe(204);
    const pay = await fetch(`${base}/wechatpay/sandbox/pay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ prepay_id: body.prepay_id, result: 'success' }),
    });
    expect(pay.status).toBe(400);
    expect((await pay.json()).code).toBe('ORDER_CLOSED');
    expect((await v3('POST', '/v3/pay/transactions/jsapi', prepayBody(no))).body.code).toBe('ORDER_CLOSED');
  });
});

describe('notifications', () => {
  /** A merchant that fails `failures` times, recording when each attempt arrived. */
  async function merchant(failures: number) {
    const arrivals: number[] = [];
    const server = http.createServer((req, res) => {
      arrivals.push(Date.now());
      req.resume();
      res.writeHead(arrivals.length <= failures ? 500 : 204).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`, arrivals, close: () => server.close() };
  }

  async function payWith(url: string) {
    const no = tradeNo();
    const { body } = await v3('POST', '/v3/pay/transactions/jsapi', prepayBody(no, { notify_url: url }));
    await fetch(`${base}/wechatpay/sandbox/pay`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ prepay_id: body.prepay_id, result: 'success' }) });
    return no;
  }

  const deliveries = async (no: string) => (await fetch(`${base}/wechatpay/sandbox/notifies?out_trade_no=${no}`).then((r) => r.json())).items;

  it("retries on WeChat's schedule (time-compressed) until 204, never earlier than scheduled", async () => {
    const scale = 0.002;
    await fetch(`${base}/wechatpay/sandbox/settings`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ timeScale: scale }) });
    const m = await merchant(4);
    try {
      const no = await payWith(m.url);
      for (let i = 0; i < 200 && m.arrivals.length < 5; i++) await new Promise((r) => setTimeout(r, 25));
      expect(m.arrivals).toHaveLength(5);
      const gaps = m.arrivals.slice(1).map((t, i) => t - m.arrivals[i]);
      gaps.forEach((g, i) => expect(g).toBeGreaterThanOrEqual(RETRY_SCHEDULE_S[i] * 1000 * scale - 5));
      const [d] = await deliveries(no);
      expect(d).toMatchObject({ state: 'delivered', event: 'TRANSACTION.SUCCESS' });
      expect(d.attempts.map((a: { status: number }) => a.status)).toEqual([500, 500, 500, 500, 204]);
    } finally {
      m.close();
    }
  });

  it('drop loses the notification; times limits the switch; duplicate sends copies with one id', async () => {
    const post = (b: object) => fetch(`${base}/wechatpay/sandbox/settings`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b) });
    const m = await merchant(0);
    try {
      await post({ mode: 'drop', times: 1 });
      const lost = await payWith(m.url);
      const kept = await payWith(m.url);
      await post({ mode: 'duplicate', copies: 3, times: 1 });
      const dup = await payWith(m.url);
      for (let i = 0; i < 100 && m.arrivals.length < 4; i++) await new Promise((r) => setTimeout(r, 20));
      expect((await deliveries(lost)).map((d: { state: string }) => d.state)).toEqual(['dropped']);
      expect((await deliveries(kept)).map((d: { state: string }) => d.state)).toEqual(['delivered']);
      const copies = await deliveries(dup);
      expect(copies).toHaveLength(3);
      expect(new Set(copies.map((d: { id: string }) => d.id)).size).toBe(1);
      expect(m.arrivals).toHaveLength(4);
      const settings = await fetch(`${base}/wechatpay/sandbox/settings`).then((r) => r.json());
      expect(settings.mode).toBe('normal');
    } finally {
      m.close();
    }
  });

  it('rejects settings it does not know', async () => {
    const r = await fetch(`${base}/wechatpay/sandbox/settings`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ mode: 'sometimes' }) });
    expect(r.status).toBe(400);
  });
});
