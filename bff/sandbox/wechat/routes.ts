import Router from '@koa/router';
import { upstream } from '@healthpocket/shared-types';
import { answer } from '../contracts';
import type { WechatState } from './state';
import { PERSONA_PHONES } from '../seed/personas';
import { faceRoutes } from './face';

/** WeChat's text field limits for subscribe messages (../shared/notes/wechat.md). */
function fieldProblem(key: string, value: string): string | null {
  const len = [...value].length;
  if (key.startsWith('thing') && len > 20) return 'thing too long';
  if (key.startsWith('phrase') && (len > 5 || !/^[\u4e00-\u9fa5]+$/.test(value))) return 'phrase invalid';
  if (key.startsWith('character_string') && len > 32) return 'character_string too long';
  if (key.startsWith('name') && len > 10) return 'name too long';
  if (key.startsWith('time') && !/^\d{4}[-年]\d{1,2}[-月]\d{1,2}/.test(value)) return 'time invalid';
  return null;
}

const RISKY_WORDS = ['代开处方', '出售发票', '赌博', '枪支'];

export function wechatRoutes(state: WechatState): Router {
  const r = new Router({ prefix: '/wechat' });
  const err = (errcode: number, errmsg: string) => ({ errcode, errmsg: `${errmsg} rid: sbx` });

  r.get('/sns/jscode2session', (ctx) => {
    const { appid, secret, js_code, grant_type } = ctx.query as Record<string, string | undefined>;
    if (appid !== state.appid) return void (ctx.body = err(40013, 'invalid appid'));
    if (secret !== state.secret) return void (ctx.body = err(40125, 'invalid appsecret'));
    if (grant_type !== 'authorization_code') return void (ctx.body = err(40002, 'invalid grant_type'));
    const entry = js_code ? state.loginCodes.get(js_code) : undefined;
    if (!entry || entry.used || entry.expiresAt < state.now()) {
      if (entry) entry.used = true;
      return void (ctx.body = err(40029, 'invalid code'));
    }
    entry.used = true;
    if (state.blockedOpenids.has(entry.openid)) return void (ctx.body = err(40226, 'high risk user'));
    const now = state.now();
    const calls = (state.loginCalls.get(entry.openid) ?? []).filter((t) => now - t < 60_000);
    calls.push(now);
    state.loginCalls.set(entry.openid, calls);
    if (calls.length > 100) return void (ctx.body = err(45011, 'api minute-quota reach limit'));
    ctx.body = answer(upstream.wechat.Code2Session, {
      openid: entry.openid,
      session_key: Buffer.from(`${entry.openid}:${now}`).toString('base64').slice(0, 24),
      unionid: `sbxunion_${entry.openid}`,
    });
  });

  r.post('/cgi-bin/stable_token', (ctx) => {
    const b = (ctx.request.body ?? {}) as Record<string, unknown>;
    if (b.grant_type !== 'client_credential') return void (ctx.body = err(40002, 'invalid grant_type'));
    if (b.appid !== state.appid) return void (ctx.body = err(40013, 'invalid appid'));
    if (b.secret !== state.secret) return void (ctx.body = err(40125, 'invalid appsecret'));
    const { token, expiresIn } = state.issueToken(b.force_refresh === true);
    ctx.body = answer(upstream.wechat.StableToken, { access_token: token, expires_in: expiresIn });
  });

  r.post('/wxa/business/getuserphonenumber', (ctx) => {
    if (!state.tokenValid(ctx.query.access_token as string)) return void (ctx.body = err(40001, 'invalid credential, access_token is invalid or not latest'));
    const code = (ctx.request.body as { code?: string } | undefined)?.code;
    const entry = code ? state.phoneCodes.get(code) : undefined;
    if (!entry || entry.used || entry.expiresAt < state.now()) return void (ctx.body = err(40029, 'invalid code'));
    entry.used = true;
    ctx.body = {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: entry.phoneNumber,
        purePhoneNumber: entry.phoneNumber,
        countryCode: '86',
        watermark: { timestamp: Math.floor(state.now() / 1000), appid: state.appid },
      },
    };
  });

  r.post('/cgi-bin/message/subscribe/send', (ctx) => {
    if (!state.tokenValid(ctx.query.access_token as string)) return void (ctx.body = err(40001, 'invalid credential'));
    const b = (ctx.request.body ?? {}) as { touser?: string; template_id?: string; page?: string; data?: Record<string, { value: string }> };
    if (!b.touser || !b.template_id || !b.data) return void (ctx.body = err(47001, 'data format error'));
    for (const [k, v] of Object.entries(b.data)) {
      const p = typeof v?.value === 'string' ? fieldProblem(k, v.value) : 'missing value';
      if (p) return void (ctx.body = err(47003, `argument invalid! data.${k}.value ${p}`));
    }
    const key = `${b.touser}|${b.template_id}`;
    const quota = state.subscriptions.get(key) ?? 0;
    if (quota <= 0) return void (ctx.body = err(43101, 'user refuse to accept the msg'));
    state.subscriptions.set(key, quota - 1);
    state.sent.push({ touser: b.touser, template_id: b.template_id, page: b.page, data: b.data, sentAt: new Date(state.now()).toISOString() });
    ctx.body = { errcode: 0, errmsg: 'ok', msgid: state.sent.length };
  });

  r.post('/wxa/msg_sec_check', (ctx) => {
    if (!state.tokenValid(ctx.query.access_token as string)) return void (ctx.body = err(40001, 'invalid credential'));
    const b = (ctx.request.body ?? {}) as { version?: number; openid?: string; scene?: number; content?: string };
    if (b.version !== 2 || !b.openid || ![1, 2, 3, 4].includes(b.scene ?? 0) || typeof b.content !== 'string' || [...b.content].length > 2500) {
      return void (ctx.body = err(47001, 'data format error'));
    }
    const hit = RISKY_WORDS.find((w) => b.content!.includes(w));
    ctx.body = {
      errcode: 0,
      errmsg: 'ok',
      result: hit ? { suggest: 'risky', label: 20006 } : { suggest: 'pass', label: 100 },
      detail: [{ strategy: 'content_model', errcode: 0, suggest: hit ? 'risky' : 'pass', label: hit ? 20006 : 100, keyword: hit ?? '' }],
      trace_id: `sbx${Date.now()}`,
    };
  });

  faceRoutes(r, state, err);

  // --- Sandbox-only helpers standing in for the WeChat client (wx.login, getPhoneNumber, subscribe). ---
  r.post('/sandbox/codes', (ctx) => {
    const openid = (ctx.request.body as { openid?: string } | undefined)?.openid;
    if (!openid || !/^[A-Za-z0-9_-]{6,64}$/.test(openid)) {
      ctx.status = 400;
      ctx.body = { errcode: 40003, errmsg: 'invalid openid' };
      return;
    }
    ctx.body = { code: state.mintLoginCode(openid) };
  });

  r.post('/sandbox/phone-codes', (ctx) => {
    const b = (ctx.request.body ?? {}) as { phoneNumber?: string; openid?: string };
    const phone = b.phoneNumber ?? (b.openid ? PERSONA_PHONES[b.openid] : undefined);
    if (!phone || !/^1[3-9]\d{9}$/.test(phone)) {
      ctx.status = 400;
      ctx.body = { errcode: 40003, errmsg: 'invalid phoneNumber' };
      return;
    }
    ctx.body = { code: state.mintPhoneCode(phone) };
  });

  /** Stands for wx.requestSubscribeMessage: the user accepts `count` one-time sends of a template. */
  r.post('/sandbox/subscriptions', (ctx) => {
    const b = (ctx.request.body ?? {}) as { openid?: string; templateIds?: string[]; count?: number };
    if (!b.openid || !Array.isArray(b.templateIds) || b.templateIds.length === 0 || b.templateIds.length > 3) {
      ctx.status = 400;
      ctx.body = { errcode: 40003, errmsg: 'openid and 1..3 templateIds required' };
      return;
    }
    for (const t of b.templateIds) {
      const key = `${b.openid}|${t}`;
      state.subscriptions.set(key, (state.subscriptions.get(key) ?? 0) + (b.count ?? 1));
    }
    ctx.body = Object.fromEntries(b.templateIds.map((t) => [t, 'accept']));
  });

  r.get('/sandbox/sent', (ctx) => {
    const touser = ctx.query.touser as string | undefined;
    ctx.body = { items: touser ? state.sent.filter((m) => m.touser === touser) : state.sent };
  });

  r.post('/sandbox/blocked', (ctx) => {
    const openid = (ctx.request.body as { openid?: string } | undefined)?.openid;
    if (openid) state.blockedOpenids.add(openid);
    ctx.status = 204;
  });

  return r;
}
