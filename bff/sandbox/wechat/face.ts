import { createHash, randomBytes } from 'node:crypto';
import type Router from '@koa/router';
import type { WechatState } from './state';

/**
 * 微信人脸核身 2.0 stand-in (documented in ../API.md): getverifyid, queryverifyinfo, and a
 * sandbox helper that plays wx.requestFacialVerify (the H5 sheet 通过 / 不通过 / 取消).
 */

/** verify_id validity (getverifyid's expires_in default). */
const VERIFY_ID_TTL_SECONDS = 3600;

/** verify_ret values of the official enum that the sandbox produces. */
const VERIFY_RET = { PASSED: 10000, PARAM_ERROR: 10001, FACE_MISMATCH: 10004, USER_CANCELLED: 90004 } as const;

/**
 * errcodes beyond the common ones (40001 token, 47001 data format). The official pages list none for
 * these cases; these values are the sandbox's own (see API.md) and the BFF relies on its own
 * out_seq_no / expiry records first.
 */
const FACE_ERR = {
  VERIFY_ID_NOT_FOUND: 9_210_001,
  VERIFY_ID_EXPIRED: 9_210_002,
  SESSION_MISMATCH: 9_210_003,
  NOT_FINISHED: 9_210_004,
  OUT_SEQ_NO_USED: 9_210_005,
} as const;

/** cert_hash = base64(sha256("cert_type=…&cert_name=…&cert_no=…")) (an assumption: see API.md). */
function certHash(cert: { cert_type: string; cert_name: string; cert_no: string }): string {
  return createHash('sha256').update(`cert_type=${cert.cert_type}&cert_name=${cert.cert_name}&cert_no=${cert.cert_no}`).digest('base64');
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function faceRoutes(r: Router, state: WechatState, err: (code: number, msg: string) => object): void {
  r.post('/cityservice/face/identify/getverifyid', (ctx) => {
    if (!state.tokenValid(ctx.query.access_token as string)) return void (ctx.body = err(40001, 'invalid credential, access_token is invalid or not latest'));
    const b = (ctx.request.body ?? {}) as { out_seq_no?: unknown; cert_info?: Record<string, unknown>; openid?: unknown };
    const outSeqNo = str(b.out_seq_no);
    const cert = { cert_type: str(b.cert_info?.cert_type), cert_name: str(b.cert_info?.cert_name), cert_no: str(b.cert_info?.cert_no) };
    const openid = str(b.openid);
    if (!/^[A-Za-z0-9_-]{5,32}$/.test(outSeqNo) || cert.cert_type !== 'IDENTITY_CARD' || !cert.cert_name || !/^\d{17}[\dX]$/.test(cert.cert_no) || !openid) {
      return void (ctx.body = err(47001, 'data format error'));
    }
    if (state.faceSeqNos.has(outSeqNo)) return void (ctx.body = err(FACE_ERR.OUT_SEQ_NO_USED, 'out_seq_no already used'));
    state.faceSeqNos.add(outSeqNo);
    const verifyId = 'sbxfv_' + randomBytes(24).toString('hex');
    state.faceSessions.set(verifyId, { verifyId, outSeqNo, openid, cert, expiresAt: state.now() + VERIFY_ID_TTL_SECONDS * 1000, verifyRet: null });
    ctx.body = { errcode: 0, errmsg: 'ok', verify_id: verifyId, expires_in: VERIFY_ID_TTL_SECONDS };
  });

  r.post('/cityservice/face/identify/queryverifyinfo', (ctx) => {
    if (!state.tokenValid(ctx.query.access_token as string)) return void (ctx.body = err(40001, 'invalid credential, access_token is invalid or not latest'));
    const b = (ctx.request.body ?? {}) as Record<string, unknown>;
    const [verifyId, outSeqNo, hash, openid] = [str(b.verify_id), str(b.out_seq_no), str(b.cert_hash), str(b.openid)];
    if (!verifyId || !outSeqNo || !hash || !openid) return void (ctx.body = err(47001, 'data format error'));
    const s = state.faceSessions.get(verifyId);
    if (!s) return void (ctx.body = err(FACE_ERR.VERIFY_ID_NOT_FOUND, 'verify_id not exist'));
    if (s.outSeqNo !== outSeqNo || s.openid !== openid || certHash(s.cert) !== hash) return void (ctx.body = err(FACE_ERR.SESSION_MISMATCH, 'verify info mismatch'));
    if (s.expiresAt < state.now()) return void (ctx.body = err(FACE_ERR.VERIFY_ID_EXPIRED, 'verify_id expired'));
    if (s.verifyRet === null) return void (ctx.body = err(FACE_ERR.NOT_FINISHED, 'user has not finished verify'));
    ctx.body = { errcode: 0, errmsg: 'ok', verify_ret: s.verifyRet };
  });

  /**
   * Sandbox only: stands for wx.requestFacialVerify({verifyId}) — the person in front of the camera.
   * `openid` is whoever runs it (default: the openid the verify_id was issued for); `outcome` is what
   * the H5 sheet's buttons say. One run per verify_id. Answers what the client callback would get.
   */
  r.post('/sandbox/face/verify', (ctx) => {
    const b = (ctx.request.body ?? {}) as { verify_id?: string; verifyId?: string; openid?: string; outcome?: string };
    const s = state.faceSessions.get(str(b.verify_id ?? b.verifyId));
    const fail = (status: number, errCode: number, why: string) => {
      ctx.status = status;
      ctx.body = { errCode, errMsg: `requestFacialVerify:fail ${why}` };
    };
    if (!s) return fail(404, FACE_ERR.VERIFY_ID_NOT_FOUND, 'verifyId not exist');
    if (!['pass', 'fail', 'cancel'].includes(str(b.outcome))) return fail(400, 47001, 'outcome must be pass, fail or cancel');
    if (s.expiresAt < state.now()) return fail(410, FACE_ERR.VERIFY_ID_EXPIRED, 'verifyId expired');
    if (s.verifyRet !== null) return fail(409, FACE_ERR.OUT_SEQ_NO_USED, 'verifyId already used');
    if (b.openid && b.openid !== s.openid) s.verifyRet = VERIFY_RET.PARAM_ERROR;
    else s.verifyRet = b.outcome === 'pass' ? VERIFY_RET.PASSED : b.outcome === 'cancel' ? VERIFY_RET.USER_CANCELLED : VERIFY_RET.FACE_MISMATCH;
    if (s.verifyRet === VERIFY_RET.PASSED) ctx.body = { errCode: 0, errMsg: 'requestFacialVerify:ok' };
    else fail(200, s.verifyRet, s.verifyRet === VERIFY_RET.USER_CANCELLED ? 'cancel' : 'verify failed');
  });

  /** Sandbox only: moves the stand-in's clock (verify_id and code expiry) forward. */
  r.post('/sandbox/clock', (ctx) => {
    const sec = Number((ctx.request.body as { advanceSeconds?: unknown } | undefined)?.advanceSeconds);
    if (!Number.isFinite(sec) || sec < 0) {
      ctx.status = 400;
      ctx.body = { errcode: 47001, errmsg: 'advanceSeconds must be a non-negative number' };
      return;
    }
    state.clockOffsetMs += sec * 1000;
    ctx.body = { now: new Date(state.now()).toISOString() };
  });
}
