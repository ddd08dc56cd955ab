import { createHash } from 'node:crypto';
import { upstream } from '@healthpocket/shared-types';
import type { z } from 'zod';
import type { Upstream } from '../upstream/http';
import { AppError, errors } from '../errors';
import type { Logger } from '../logger';

export interface WechatSession {
  openid: string;
  sessionKey: string;
  unionid: string | null;
}

const W = upstream.wechat;

/** The body of an answer, or nothing (a 4xx from WeChat carries no success fields). */
const bodyOf = <T>(res: { ok: true; body: T } | { ok: false }): Partial<T> => (res.ok ? res.body : {});

/** Which of our error codes a WeChat errcode becomes (../shared/notes/wechat.md). */
function loginError(errcode: number): AppError {
  if (errcode === 40029 || errcode === 40163) return errors.of('WECHAT_CODE_INVALID');
  if (errcode === 45011) return errors.of('RATE_LIMITED', '登录太频繁，请一分钟后再试');
  if (errcode === 40226) return errors.of('WECHAT_USER_BLOCKED');
  return errors.upstreamUnavailable('微信登录服务暂时不可用，请稍后再试');
}

/**
 * The WeChat server API: code2session, the stable access token (cached until 5 minutes before
 * expiry, one refresh in flight), phone numbers, subscribe messages and content checks.
 */
export class WechatClient {
  private token: { value: string; expiresAt: number } | null = null;
  private tokenFlight: Promise<string> | null = null;

  private readonly messagesHttp: Upstream;

  constructor(
    private readonly http: Upstream,
    private readonly app: { appid: string; secret: string },
    private readonly logger: Logger,
    /** Subscribe sends and content checks; defaults to the same upstream. */
    messagesHttp?: Upstream,
  ) {
    this.messagesHttp = messagesHttp ?? http;
  }

  async code2session(code: string): Promise<WechatSession> {
    const body = bodyOf(
      await this.http.get('/sns/jscode2session', W.Code2Session, {
        query: { appid: this.app.appid, secret: this.app.secret, js_code: code, grant_type: 'authorization_code' },
      }),
    );
    if (!body.openid || !body.session_key) throw loginError(body.errcode ?? -1);
    return { openid: body.openid, sessionKey: body.session_key, unionid: body.unionid ?? null };
  }

  async accessToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh && this.token && this.token.expiresAt - Date.now() > 5 * 60_000) return this.token.value;
    if (this.tokenFlight) return this.tokenFlight;
    this.tokenFlight = (async () => {
      const body = bodyOf(
        await this.http.post(
          '/cgi-bin/stable_token',
          W.StableToken,
          { grant_type: 'client_credential', appid: this.app.appid, secret: this.app.secret, force_refresh: forceRefresh },
          { idempotent: true },
        ),
      );
      if (!body.access_token) {
        this.logger.error({ errcode: body.errcode }, 'wechat stable_token failed');
        throw errors.upstreamUnavailable('微信服务暂时不可用，请稍后再试');
      }
      this.token = { value: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 7200) * 1000 };
      return body.access_token;
    })().finally(() => {
      this.tokenFlight = null;
    });
    return this.tokenFlight;
  }

  /** Calls an access-token API; refreshes the token once when WeChat says it is invalid (40001/42001). */
  private async withToken<S extends typeof W.WxResult>(path: string, schema: S, payload: unknown, http: Upstream = this.http): Promise<Partial<z.output<S>>> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken(attempt > 0);
      const body = bodyOf(await http.post(path, schema, payload, { query: { access_token: token } }));
      if ((body.errcode === 40001 || body.errcode === 42001) && attempt === 0) continue;
      return body;
    }
  }

  async phoneNumber(code: string): Promise<string> {
    const body = await this.withToken('/wxa/business/getuserphonenumber', W.PhoneNumber, { code });
    if (body.phone_info?.purePhoneNumber) return body.phone_info.purePhoneNumber;
    if (body.errcode === 40029) throw errors.of('PHONE_CODE_INVALID');
    throw errors.upstreamUnavailable('获取手机号失败，请稍后再试');
  }

  /**
   * 人脸核身 2.0 step 1: a verify_id for this identity and openid (the same user must run
   * wx.requestFacialVerify in this appid). `{errcode}` when WeChat refuses the request.
   */
  async faceVerifyId(req: { outSeqNo: string; name: string; idNumber: string; openid: string }): Promise<{ verifyId: string; expiresIn: number } | { errcode: number }> {
    const body = await this.withToken('/cityservice/face/identify/getverifyid', W.FaceVerifyId, {
      out_seq_no: req.outSeqNo,
      cert_info: { cert_type: 'IDENTITY_CARD', cert_name: req.name, cert_no: req.idNumber },
      openid: req.openid,
    });
    if (body.errcode === 0 && body.verify_id) return { verifyId: body.verify_id, expiresIn: body.expires_in ?? 3600 };
    this.logger.warn({ errcode: body.errcode, errmsg: body.errmsg }, 'wechat getverifyid refused');
    if (typeof body.errcode === 'number' && body.errcode !== 0) return { errcode: body.errcode };
    throw errors.upstreamUnavailable('微信人脸核身服务暂时不可用，请稍后再试');
  }

  /** 人脸核身 2.0 step 3: the real result, asked server-side. `verifyRet` 10000 means passed. */
  async faceVerifyResult(req: { verifyId: string; outSeqNo: string; name: string; idNumber: string; openid: string }): Promise<{ verifyRet: number } | { errcode: number }> {
    const body = await this.withToken('/cityservice/face/identify/queryverifyinfo', W.FaceVerifyResult, {
      verify_id: req.verifyId,
      out_seq_no: req.outSeqNo,
      cert_hash: faceCertHash(req.name, req.idNumber),
      openid: req.openid,
    });
    if (body.errcode === 0 && typeof body.verify_ret === 'number') return { verifyRet: body.verify_ret };
    if (typeof body.errcode === 'number' && body.errcode !== 0) return { errcode: body.errcode };
    throw errors.upstreamUnavailable('微信人脸核身服务暂时不可用，请稍后再试');
  }

  /** Subscribe message: `sent`, or `refused` (43101: no acceptance left), or `invalid` (47003 field value). */
  async sendSubscribeMessage(msg: {
    touser: string;
    templateId: string;
    page?: string;
    data: Record<string, string>;
  }): Promise<{ result: 'sent' | 'refused' | 'invalid'; errcode: number; errmsg?: string }> {
    const body = await this.withToken(
      '/cgi-bin/message/subscribe/send',
      W.WxResult,
      {
        touser: msg.touser,
        template_id: msg.templateId,
        page: msg.page,
        data: Object.fromEntries(Object.entries(msg.data).map(([k, v]) => [k, { value: v }])),
        miniprogram_state: 'formal',
        lang: 'zh_CN',
      },
      this.messagesHttp,
    );
    const errcode = body.errcode ?? -1;
    if (errcode === 0) return { result: 'sent', errcode };
    if (errcode === 43101) return { result: 'refused', errcode, errmsg: body.errmsg };
    if (errcode === 47003 || errcode === 47001) return { result: 'invalid', errcode, errmsg: body.errmsg };
    throw errors.upstreamUnavailable('消息发送失败，请稍后再试');
  }

  /** Content security check for user-written text others will read (scene 1 资料, 2 评论, 3 论坛, 4 社交日志). */
  async checkText(openid: string, content: string, scene: 1 | 2 | 3 | 4 = 2): Promise<'pass' | 'review' | 'risky'> {
    const body = await this.withToken(
      '/wxa/msg_sec_check',
      W.MsgSecCheck,
      {
        version: 2,
        openid,
        scene,
        content,
      },
      this.messagesHttp,
    );
    if (body.result?.suggest) return body.result.suggest;
    throw errors.upstreamUnavailable('内容安全检查暂时不可用，请稍后再试');
  }
}

/** queryverifyinfo's cert_hash over the cert_info sent to getverifyid (recipe: bff/sandbox/API.md). */
function faceCertHash(name: string, idNumber: string): string {
  return createHash('sha256').update(`cert_type=IDENTITY_CARD&cert_name=${name}&cert_no=${idNumber}`).digest('base64');
}
