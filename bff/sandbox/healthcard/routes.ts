import Router from '@koa/router';
import type Koa from 'koa';
import { parseIdNumber } from '@healthpocket/shared-types';
import type { SandboxContext } from '../context';
import { healthCardSign } from './sign';
import { HEALTHCARD_SANDBOX_APP as APP, RESULT, TIMESTAMP_SKEW_SECONDS, healthCardStateOf, identityProblem, scannedView, type GuardianInfo } from './state';

const BASE = '/healthcard/rest/auth/HealthCard';

interface CommonIn {
  appToken?: string;
  requestId?: string;
  hospitalId?: string;
  timestamp?: string;
  channelNum?: number;
  sign?: string;
}

/**
 * Stand-in for the Tencent 电子健康卡 open platform: the real paths, the {commonIn, req} envelope,
 * the signature, one app token at a time, idempotent registration, dynamic QR codes. ../API.md.
 */
export function healthCardRoutes(sctx: SandboxContext): Router {
  const r = new Router();
  const state = () => healthCardStateOf(sctx);

  /** Checks the envelope; answers the error itself and returns null when it is refused. */
  const envelope = (ctx: Koa.Context, needsToken: boolean): { commonIn: CommonIn; req: Record<string, any> } | null => {
    const body = (ctx.request.body ?? {}) as { commonIn?: CommonIn; req?: Record<string, any> };
    const commonIn = body.commonIn ?? {};
    const req = body.req ?? {};
    const fail = (code: number, errMsg: string) => {
      ctx.body = { commonOut: { requestId: commonIn.requestId ?? '', resultCode: code, errMsg }, rsp: null };
      return null;
    };
    if (!commonIn.requestId || !commonIn.timestamp || !commonIn.sign) return fail(RESULT.BAD_REQUEST, 'commonIn 缺少 requestId、timestamp 或 sign');
    if (commonIn.hospitalId !== APP.hospitalId) return fail(RESULT.APP_INVALID, 'hospitalId 与应用不匹配');
    if (Math.abs(Number(commonIn.timestamp) - state().wallClock() / 1000) > TIMESTAMP_SKEW_SECONDS) return fail(RESULT.TIMESTAMP_INVALID, 'timestamp 与平台时间相差超过5分钟');
    if (healthCardSign({ ...commonIn, ...req }, APP.appSecret) !== commonIn.sign) return fail(RESULT.SIGN_INVALID, '签名校验失败');
    if (needsToken && !state().tokenValid(commonIn.appToken)) return fail(RESULT.APP_TOKEN_INVALID, 'appToken 无效或已过期，请重新获取');
    return { commonIn, req };
  };
  const ok = (ctx: Koa.Context, commonIn: CommonIn, rsp: unknown) => {
    ctx.body = { commonOut: { requestId: commonIn.requestId, resultCode: RESULT.OK, errMsg: 'success' }, rsp };
  };
  const fail = (ctx: Koa.Context, commonIn: CommonIn, code: number, errMsg: string) => {
    ctx.body = { commonOut: { requestId: commonIn.requestId, resultCode: code, errMsg }, rsp: null };
  };

  r.post(`${BASE}/HealthOpenAuth/AuthObj/getAppToken`, (ctx) => {
    const e = envelope(ctx, false);
    if (!e) return;
    if (e.req.appId !== APP.appId) return fail(ctx, e.commonIn, RESULT.APP_INVALID, 'appId 不存在');
    ok(ctx, e.commonIn, state().issueToken());
  });

  r.post(`${BASE}/HealthOpenPlatform/ISVOpenObj/registerHealthCard`, (ctx) => {
    const e = envelope(ctx, true);
    if (!e) return;
    const q = e.req;
    const refusal = state().takeRefusal();
    if (refusal) return fail(ctx, e.commonIn, refusal.resultCode, refusal.errMsg);
    for (const f of ['name', 'gender', 'birthday', 'phone1'] as const) {
      if (!q[f]) return fail(ctx, e.commonIn, RESULT.BAD_REQUEST, `缺少参数 ${f}`);
    }
    let guardian: GuardianInfo | null = null;
    if (q.idNumber) {
      const problem = identityProblem({ name: q.name, gender: q.gender, birthday: q.birthday, idType: q.idType ?? '', idNumber: q.idNumber });
      if (problem) return fail(ctx, e.commonIn, RESULT.IDENTITY_REJECTED, problem);
    } else {
      // A child without an ID card: registered under a parent's identity (childInfo).
      const c = (q.childInfo ?? {}) as Record<string, string>;
      const side = c.motherIdNumber ? 'mother' : c.fatherIdNumber ? 'father' : null;
      if (!side) return fail(ctx, e.commonIn, RESULT.BAD_REQUEST, '无证件号码的儿童须在 childInfo 中提供父亲或母亲的证件信息');
      guardian = { name: c[`${side}Name`], idType: c[`${side}IdType`] ?? '01', idNumber: c[`${side}IdNumber`] };
      if (!guardian.name || guardian.idType !== '01' || !parseIdNumber(guardian.idNumber ?? '').ok) {
        return fail(ctx, e.commonIn, RESULT.IDENTITY_REJECTED, '监护人证件信息校验失败');
      }
    }
    const { card } = state().register({
      name: q.name,
      gender: q.gender,
      nation: q.nation ?? '',
      birthday: q.birthday,
      idType: q.idNumber ? q.idType : '',
      idNumber: q.idNumber ?? '',
      phone1: q.phone1,
      relation: q.relation ?? '',
      guardian,
      openId: q.openId ?? '',
    });
    ok(ctx, e.commonIn, { qrCodeText: card.staticQrCodeText, healthCardId: card.healthCardId, phid: card.phid, adminExt: '' });
  });

  r.post(`${BASE}/HealthOpenPlatform/ISVOpenObj/getDynamicQRCode`, (ctx) => {
    const e = envelope(ctx, true);
    if (!e) return;
    const card = state().cards.get(String(e.req.healthCardId ?? ''));
    const idMatches = card && (card.idNumber ? card.idNumber === e.req.idNumber : card.guardian?.idNumber === e.req.idNumber);
    if (!card || !idMatches) return fail(ctx, e.commonIn, RESULT.CARD_NOT_FOUND, '健康卡不存在或证件号码不符');
    const { qrCodeText } = state().dynamicCode(card);
    ok(ctx, e.commonIn, { qrCodeText, qrCodeImg: '' });
  });

  r.post(`${BASE}/HealthOpenPlatform/ISVOpenObj/getHealthCardByQRCode`, (ctx) => {
    const e = envelope(ctx, true);
    if (!e) return;
    const res = state().resolve(String(e.req.qrCodeText ?? ''));
    if (!res.ok) return fail(ctx, e.commonIn, res.reason === 'expired' ? RESULT.QR_EXPIRED : RESULT.QR_INVALID, res.reason === 'expired' ? '二维码已过期' : '二维码无效');
    const { healthCardId, phid, name, gender, birthday, idType } = res.card;
    ok(ctx, e.commonIn, { card: { healthCardId, phid, name, gender, birthday, idType, qrCodeText: res.card.staticQrCodeText } });
  });

  // Sandbox helpers (not in the real platform).
  r.get('/healthcard/sandbox/app', (ctx) => {
    ctx.body = APP;
  });
  r.get('/healthcard/sandbox/stats', (ctx) => {
    ctx.body = { ...state().stats, cards: state().cards.size };
  });
  r.get('/healthcard/sandbox/cards', (ctx) => {
    const idNumber = String(ctx.query.idNumber ?? '');
    ctx.body = { items: state().cardsOfIdNumber(idNumber).map(scannedView) };
  });
  r.post('/healthcard/sandbox/refusals', (ctx) => {
    const b = (ctx.request.body ?? {}) as { resultCode?: unknown; errMsg?: unknown; times?: unknown };
    const times = b.times === undefined ? 1 : Number(b.times);
    if (!Number.isInteger(b.resultCode) || b.resultCode === RESULT.OK || !Number.isInteger(times) || times < 1) {
      ctx.status = 400;
      ctx.body = { code: 'BAD_REQUEST', message: 'resultCode 应为非零整数，times 应为正整数' };
      return;
    }
    state().refuseRegistrations({ resultCode: b.resultCode as number, errMsg: typeof b.errMsg === 'string' ? b.errMsg : '参数错误', times });
    ctx.status = 201;
    ctx.body = { resultCode: b.resultCode, times };
  });
  r.delete('/healthcard/sandbox/refusals', (ctx) => {
    state().clearRefusals();
    ctx.status = 204;
  });
  r.post('/healthcard/sandbox/advance', (ctx) => {
    const seconds = Number((ctx.request.body as { seconds?: unknown })?.seconds);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      ctx.status = 400;
      ctx.body = { code: 'BAD_REQUEST', message: 'seconds 应为正数' };
      return;
    }
    state().advance(seconds);
    ctx.body = { now: new Date(state().now()).toISOString() };
  });
  return r;
}
