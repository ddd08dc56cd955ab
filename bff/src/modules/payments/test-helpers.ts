/**
 * Helpers for the payments tests (not used by the BFF itself): a resident with bills, paying through
 * the sandbox cashier, and forging WeChat Pay notifications with chosen keys and defects.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Stack } from '../../../test/harness';
import { testPayKeys } from '../../../test/harness';
import { encryptResource, signRsa, wechatTime } from '../../../sandbox/wechatpay/signing';

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Payer {
  token: string;
  openid: string;
  idNumber: string;
  memberId: string;
}

/** A real-named resident (self member) with `bills` new unpaid bills at the sandbox HIS. */
export async function payerWithBills(s: Stack, idNumber: string, bills: Array<Array<{ code: string; quantity?: number }>> = [[{ code: 'JY0001' }]]): Promise<Payer & { billNos: string[] }> {
  const r = await s.resident({ idNumber });
  const members = await s.api('GET', '/api/v1/family/members', { token: r.token });
  const self = members.body.items.find((m: { relation: string }) => m.relation === 'self');
  const billNos: string[] = [];
  for (const items of bills) {
    const b = await s.sbx('POST', '/his/sandbox/bills', { body: { idNumber, name: '张伟', items } });
    if (b.status !== 201) throw new Error(`sandbox bill: ${b.status} ${JSON.stringify(b.body)}`);
    billNos.push(b.body.billNo);
  }
  return { token: r.token, openid: r.openid, idNumber, memberId: self.id, billNos };
}

let keyCounter = 0;
/** An Idempotency-Key that is new each call. */
export const idemKey = () => `test-${process.pid}-${Date.now()}-${keyCounter++}`;

/** Creates the bill order and its prepay; returns the order and the prepay answer. */
export async function orderFor(s: Stack, p: Payer, billNos: string[]) {
  const pay = await s.api('POST', '/api/v1/bills/pay', { token: p.token, body: { memberId: p.memberId, billNos }, headers: { 'Idempotency-Key': idemKey() } });
  if (pay.status !== 201) throw new Error(`pay: ${pay.status} ${JSON.stringify(pay.body)}`);
  const prepay = await s.api('POST', `/api/v1/payments/orders/${pay.body.order.id}/prepay`, { token: p.token });
  if (prepay.status !== 200) throw new Error(`prepay: ${prepay.status} ${JSON.stringify(prepay.body)}`);
  return { order: pay.body.order, prepay: prepay.body };
}

export async function orderState(s: Stack, token: string, orderId: string): Promise<any> {
  return (await s.api('GET', `/api/v1/payments/orders/${orderId}`, { token })).body;
}

export function transactionResource(s: { appid?: string }, t: { outTradeNo: string; amountFen: number; openid: string; mchid?: string; appid?: string; transactionId?: string }) {
  const keys = testPayKeys();
  return {
    appid: t.appid ?? s.appid ?? 'wxsandbox0000000001',
    mchid: t.mchid ?? keys.mchid,
    out_trade_no: t.outTradeNo,
    transaction_id: t.transactionId ?? `4200${Date.now()}${Math.floor(Math.random() * 1e9)}`.slice(0, 28),
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    success_time: wechatTime(),
    payer: { openid: t.openid },
    amount: { total: t.amountFen, payer_total: t.amountFen, currency: 'CNY', payer_currency: 'CNY' },
  };
}

export interface ForgeOptions {
  event?: string;
  associatedData?: string;
  /** Seconds since epoch in Wechatpay-Timestamp (default now). */
  timestamp?: number;
  serial?: string;
  /** PEM of the key that signs (default: the sandbox platform key). */
  signingKeyPem?: string;
  apiV3Key?: string;
  /** associated_data written in the envelope (default: the one used to encrypt). */
  claimedAssociatedData?: string;
  /** Changes the body after encryption, before signing (flip a bit …). */
  mutateCiphertext?: (ct: Buffer) => Buffer;
}

/** A notification as WeChat would send it, with the chosen defects; signed over the final body. */
export function forgeNotify(resource: object, o: ForgeOptions = {}): { body: string; headers: Record<string, string> } {
  const keys = testPayKeys();
  const event = o.event ?? 'TRANSACTION.SUCCESS';
  const ad = o.associatedData ?? (event.startsWith('REFUND') ? 'refund' : 'transaction');
  const res = encryptResource(JSON.stringify(resource), o.apiV3Key ?? keys.apiV3Key, ad, ad);
  if (o.claimedAssociatedData !== undefined) res.associated_data = o.claimedAssociatedData;
  if (o.mutateCiphertext) res.ciphertext = o.mutateCiphertext(Buffer.from(res.ciphertext, 'base64')).toString('base64');
  const body = JSON.stringify({ id: randomUUID(), create_time: wechatTime(), resource_type: 'encrypt-resource', event_type: event, summary: '支付成功', resource: res });
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomUUID().replace(/-/g, '').toUpperCase();
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-serial': o.serial ?? keys.platformKeyId,
      'wechatpay-signature': signRsa(`${timestamp}\n${nonce}\n${body}\n`, o.signingKeyPem ?? keys.platformPrivateKeyPem),
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
  };
}

export function otherRsaKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function postNotify(s: Stack, n: { body: string; headers: Record<string, string> }) {
  return s.api('POST', '/api/v1/payments/wechat/notify', { raw: n.body, headers: n.headers });
}

/** Admin token: the refund routes need payments.refund, which only the admin role holds. */
export async function refunderToken(s: Stack): Promise<string> {
  const l = await s.login(`adm_${process.pid}_${Date.now()}_${keyCounter++}`);
  await s.bff.services.auth.grant(l.openid, ['admin']);
  return (await s.login(l.openid)).accessToken;
}
