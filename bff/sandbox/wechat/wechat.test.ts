import { createSandbox, SANDBOX_DEFAULTS } from '../server';

let sbx: Awaited<ReturnType<ReturnType<typeof createSandbox>['listen']>>;
let sandbox: ReturnType<typeof createSandbox>;
beforeAll(async () => {
  sandbox = createSandbox();
  sbx = await sandbox.listen(0);
});
afterAll(() => sbx.close());

const get = async (p: string) => (await fetch(sbx.url + p)).json();
const post = async (p: string, body: unknown) => (await fetch(sbx.url + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
const session = (code: string, over: Record<string, string> = {}) =>
  get(`/wechat/sns/jscode2session?${new URLSearchParams({ appid: SANDBOX_DEFAULTS.appid, secret: SANDBOX_DEFAULTS.secret, js_code: code, grant_type: 'authorization_code', ...over })}`);
const token = async () => (await post('/wechat/cgi-bin/stable_token', { grant_type: 'client_credential', appid: SANDBOX_DEFAULTS.appid, secret: SANDBOX_DEFAULTS.secret })).access_token as string;

describe('sandbox WeChat API behaves like WeChat', () => {
  it('jscode2session: a code works once, then 40029; wrong secret 40125', async () => {
    const { code } = await post('/wechat/sandbox/codes', { openid: 'sbx_test_user1' });
    expect(await session(code)).toMatchObject({ openid: 'sbx_test_user1', session_key: expect.any(String) });
    expect(await session(code)).toMatchObject({ errcode: 40029 });
    const { code: c2 } = await post('/wechat/sandbox/codes', { openid: 'sbx_test_user1' });
    expect(await session(c2, { secret: 'wrong' })).toMatchObject({ errcode: 40125 });
  });

  it('jscode2session: a code older than 5 minutes is invalid', async () => {
    const { code } = await post('/wechat/sandbox/codes', { openid: 'sbx_test_user2' });
    sandbox.context.wechat.loginCodes.get(code)!.expiresAt = Date.now() - 1;
    expect(await session(code)).toMatchObject({ errcode: 40029 });
  });

  it('stable_token returns the same token until force_refresh', async () => {
    const a = await token();
    expect(await token()).toBe(a);
    const forced = await post('/wechat/cgi-bin/stable_token', { grant_type: 'client_credential', appid: SANDBOX_DEFAULTS.appid, secret: SANDBOX_DEFAULTS.secret, force_refresh: true });
    expect(forced.access_token).not.toBe(a);
    expect(forced.expires_in).toBe(7200);
  });

  it('getuserphonenumber needs a valid token and a one-time code', async () => {
    const { code } = await post('/wechat/sandbox/phone-codes', { phoneNumber: '13712345678' });
    expect(await post(`/wechat/wxa/business/getuserphonenumber?access_token=bogus`, { code })).toMatchObject({ errcode: 40001 });
    const t = await token();
    expect(await post(`/wechat/wxa/business/getuserphonenumber?access_token=${t}`, { code })).toMatchObject({ errcode: 0, phone_info: { purePhoneNumber: '13712345678', countryCode: '86' } });
    expect(await post(`/wechat/wxa/business/getuserphonenumber?access_token=${t}`, { code })).toMatchObject({ errcode: 40029 });
  });

  it('subscribe/send: 43101 without acceptance, 47003 over field limits, one send per acceptance', async () => {
    const t = await token();
    const msg = { touser: 'sbx_sub_user', template_id: 'TPL1', data: { thing1: { value: '门诊预约提醒' }, time2: { value: '2026-11-23 09:00' } } };
    expect(await post(`/wechat/cgi-bin/message/subscribe/send?access_token=${t}`, msg)).toMatchObject({ errcode: 43101 });
    await post('/wechat/sandbox/subscriptions', { openid: 'sbx_sub_user', templateIds: ['TPL1'] });
    expect(await post(`/wechat/cgi-bin/message/subscribe/send?access_token=${t}`, { ...msg, data: { thing1: { value: '这是一个超过二十个字符长度限制的提醒内容标题文字' } } })).toMatchObject({
      errcode: 47003,
    });
    expect(await post(`/wechat/cgi-bin/message/subscribe/send?access_token=${t}`, msg)).toMatchObject({ errcode: 0 });
    expect(await post(`/wechat/cgi-bin/message/subscribe/send?access_token=${t}`, msg)).toMatchObject({ errcode: 43101 });
    expect((await get('/wechat/sandbox/sent?touser=sbx_sub_user')).items).toHaveLength(1);
  });

  it('msg_sec_check flags risky text and passes ordinary text', async () => {
    const t = await token();
    const check = (content: string) => post(`/wechat/wxa/msg_sec_check?access_token=${t}`, { version: 2, openid: 'o1', scene: 2, content });
    expect((await check('医生您好，我血压有点高')).result.suggest).toBe('pass');
    expect((await check('可以代开处方吗')).result.suggest).toBe('risky');
    expect(await post(`/wechat/wxa/msg_sec_check?access_token=${t}`, { version: 1, openid: 'o1', scene: 2, content: 'x' })).toMatchObject({ errcode: 47001 });
  });

  it('injects faults per route and clears them', async () => {
    await post('/sandbox/faults', { pathPrefix: '/wechat/cgi-bin/stable_token', status: 503, times: 1 });
    const res = await fetch(`${sbx.url}/wechat/cgi-bin/stable_token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(503);
    expect(await token()).toEqual(expect.any(String));
  });
});
