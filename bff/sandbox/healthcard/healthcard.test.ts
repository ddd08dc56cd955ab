import { randomUUID } from 'node:crypto';
import { createSandbox } from '../server';
import { client, type Call } from '../../test/harness';
import { healthCardSign } from './sign';
import { APP_TOKEN_TTL_SECONDS, DYNAMIC_QR_TTL_SECONDS, HEALTHCARD_SANDBOX_APP as APP, RESULT } from './state';

const BASE = '/healthcard/rest/auth/HealthCard';
const ZW = { name: '张伟', gender: '男', nation: '汉族', birthday: '1990-03-07', idType: '01', idNumber: '110101199003077838', phone1: '13800138000' };

let close: () => Promise<void>;
let call: Call;
let nowSeconds: () => number;

beforeAll(async () => {
  const sandbox = createSandbox();
  const s = await sandbox.listen(0);
  close = s.close;
  call = client(s.url);
  nowSeconds = () => Math.floor(Date.now() / 1000);
});
afterAll(() => close());

/** A signed request as the platform's SDKs send it. */
async function platform(path: string, req: Record<string, unknown>, appToken = '', opts: { secret?: string; timestamp?: string } = {}) {
  const commonIn: Record<string, unknown> = { appToken, requestId: randomUUID().replace(/-/g, ''), hospitalId: APP.hospitalId, timestamp: opts.timestamp ?? String(nowSeconds()), channelNum: 1 };
  commonIn.sign = healthCardSign({ ...commonIn, ...req }, opts.secret ?? APP.appSecret);
  const res = await call('POST', BASE + path, { body: { commonIn, req } });
  expect(res.status).toBe(200);
  return res.body as { commonOut: { resultCode: number; errMsg: string; requestId: string }; rsp: any };
}
const token = async () => (await platform('/HealthOpenAuth/AuthObj/getAppToken', { appId: APP.appId })).rsp.appToken as string;

describe('sandbox 电子健康卡 open platform', () => {
  it('issues a 7,200 s app token, and a new one invalidates the previous', async () => {
    const first = await platform('/HealthOpenAuth/AuthObj/getAppToken', { appId: APP.appId });
    expect(first.commonOut.resultCode).toBe(0);
    expect(first.rsp.expiresIn).toBe(APP_TOKEN_TTL_SECONDS);
    const second = await token();
    const stale = await platform('/HealthOpenPlatform/ISVOpenObj/registerHealthCard', ZW, first.rsp.appToken);
    expect(stale.commonOut.resultCode).toBe(RESULT.APP_TOKEN_INVALID);
    expect(stale.rsp).toBeNull();
    expect((await platform('/HealthOpenPlatform/ISVOpenObj/registerHealthCard', ZW, second)).commonOut.resultCode).toBe(0);
  });

  it('refuses a wrong signature, an unknown app and a stale timestamp', async () => {
    expect((await platform('/HealthOpenAuth/AuthObj/getAppToken', { appId: APP.appId }, '', { secret: 'wrong' })).commonOut.resultCode).toBe(RESULT.SIGN_INVALID);
    expect((await platform('/HealthOpenAuth/AuthObj/getAppToken', { appId: 'nobody' })).commonOut.resultCode).toBe(RESULT.APP_INVALID);
    const old = String(nowSeconds() - 600);
    expect((await platform('/HealthOpenAuth/AuthObj/getAppToken', { appId: APP.appId }, '', { timestamp: old })).commonOut.resultCode).toBe(RESULT.TIMESTAMP_INVALID);
  });

  it('registers once per ID number: a repeat answers the same card', async () => {
    const t = await token();
    const idNumber = '11010519491231002X';
    const person = { ...ZW, name: '王秀英', gender: '女', birthday: '1949-12-31', idNumber };
    const a = await platform('/HealthOpenPlatform/ISVOpenObj/registerHealthCard', person, t);
    const b = await platform('/HealthOpenPlatform/ISVOpenObj/registerHealthCard', person, t);
    expect(a.rsp.healthCardId).toMatch(/^[0-9A-F]{64}$/);
    expect(b.rsp).toEqual(a.rsp);
    expect(a.rsp.qrCodeText).toBe(`${a.rsp.healthCardId}:1`);
    const cards = await call('GET', `/healthcard/sandbox/cards?idNumber=${idNumber}`);
    expect(cards.body.items).toHaveLength(1);
    expect(cards.body.items[0].idNumberMasked).not.toContain('19491231');
  });

  it('rejects identity data that contradicts the ID number', async () => {
    const t = await token();
    const res = await platform('/HealthOpenPlatform/ISVOpenObj/registerHealthCard', { ...ZW, birthday: '1990-03-08' }, t);
    expect(res.commonOut.resultCode).toBe(RESULT.IDENTITY_REJECTED);
  });

  it('refuses a registration without phone1, and a refusal the test asked for, with resultCode 10000', async () => {
    const t = await token();
    const { phone1: _omitted, ...noPhone } = ZW;
    const missing = await platform('/HealthOpenPlatform/ISVOpenObj/registerHealthCard', noPhone, t);
    expect([missing.commonOut.resultCode, missing.commonOut.errMsg]).toEqual([RESULT.BAD_REQUEST, '缺少参数 phone1']);
    expect(missing.rsp).toBeNull();

    expect((await call('POST', '/healthcard/sandbox/refusals', { body: { resultCode: 0 } })).status).toBe(400);
    expect((await call('POST', '/healthcard/sandbox/refusals', { body: { resultCode: RESULT.BAD_REQUEST, errMsg: 'phone1 格式不正确' } })).status).toBe(201);
    const refused = await platform('/HealthOpenPlatform/ISVOpenObj/registerHealthCard', ZW, t);
    expect([refused.commonOut.resultCode, refused.commonOut.errMsg]).toEqual([RESULT.BAD_REQUEST, 'phone1 格式不正确']);
    // Once only (times defaults to 1).
    expect((await platform('/HealthOpenPlatform/ISVOpenObj/registerHealthCard', ZW, t)).commonOut.resultCode).toBe(RESULT.OK);
  });

  it('registers a child without an ID card under a parent (childInfo)', async () => {
    const t = await token();
    const child = {
      name: '张小宝',
      gender: '男',
      nation: '汉族',
      birthday: '2024-05-01',
      phone1: '13800138000',
      relation: '子女',
      childInfo: { fatherName: '张伟', fatherIdType: '01', fatherIdNumber: ZW.idNumber },
    };
    const res = await platform('/HealthOpenPlatform/ISVOpenObj/registerHealthCard', child, t);
    expect(res.commonOut.resultCode).toBe(0);
    const again = await platform('/HealthOpenPlatform/ISVOpenObj/registerHealthCard', child, t);
    expect(again.rsp.healthCardId).toBe(res.rsp.healthCardId);
    const noGuardian = await platform('/HealthOpenPlatform/ISVOpenObj/registerHealthCard', { ...child, childInfo: undefined }, t);
    expect(noGuardian.commonOut.resultCode).toBe(RESULT.BAD_REQUEST);
    // The dynamic code of a child card is asked for with the guardian's ID number.
    const qr = await platform('/HealthOpenPlatform/ISVOpenObj/getDynamicQRCode', { healthCardId: res.rsp.healthCardId, idType: '01', idNumber: ZW.idNumber, codeType: '1' }, t);
    expect(qr.commonOut.resultCode).toBe(0);
  });

  it('gives a dynamic code the HIS resolves while fresh and refuses once expired', async () => {
    const t = await token();
    const card = (await platform('/HealthOpenPlatform/ISVOpenObj/registerHealthCard', ZW, t)).rsp;
    const wrongId = await platform('/HealthOpenPlatform/ISVOpenObj/getDynamicQRCode', { healthCardId: card.healthCardId, idType: '01', idNumber: '11010519491231002X', codeType: '1' }, t);
    expect(wrongId.commonOut.resultCode).toBe(RESULT.CARD_NOT_FOUND);
    const qr = await platform('/HealthOpenPlatform/ISVOpenObj/getDynamicQRCode', { healthCardId: card.healthCardId, idType: '01', idNumber: ZW.idNumber, codeType: '1' }, t);
    const [cardId, type, validUntil] = qr.rsp.qrCodeText.split(':');
    expect([cardId, type]).toEqual([card.healthCardId, '1']);
    expect(Number(validUntil)).toBeGreaterThanOrEqual(nowSeconds() + DYNAMIC_QR_TTL_SECONDS - 2);

    const fresh = await call('POST', '/his/health-cards/scan', { body: { qrCodeText: qr.rsp.qrCodeText } });
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ healthCardId: card.healthCardId, name: '张伟', gender: '男', idNumberMasked: '110***********7838', codeKind: 'dynamic' });
    expect(JSON.stringify(fresh.body)).not.toContain(ZW.idNumber);
    const viaPlatform = await platform('/HealthOpenPlatform/ISVOpenObj/getHealthCardByQRCode', { qrCodeText: qr.rsp.qrCodeText }, t);
    expect(viaPlatform.rsp.card.healthCardId).toBe(card.healthCardId);

    const unknown = await call('POST', '/his/health-cards/scan', { body: { qrCodeText: `${card.healthCardId}:1:${nowSeconds() + 3600}` } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('QR_CODE_UNKNOWN');

    await call('POST', '/healthcard/sandbox/advance', { body: { seconds: DYNAMIC_QR_TTL_SECONDS + 1 } });
    const expired = await call('POST', '/his/health-cards/scan', { body: { qrCodeText: qr.rsp.qrCodeText } });
    expect(expired.status).toBe(409);
    expect(expired.body.code).toBe('QR_CODE_EXPIRED');
  });
});
