import { randomUUID } from 'node:crypto';
import { AppError, errors } from '../../errors';
import type { Logger } from '../../logger';
import { upstream } from '@healthpocket/shared-types';
import type { z } from 'zod';
import type { Upstream } from '../../upstream/http';
import type { HealthCardSettings } from './settings';
import { signHealthCardRequest } from './sign';
import type { AppTokenHolder } from './token-holder';

const PATHS = {
  getAppToken: '/rest/auth/HealthCard/HealthOpenAuth/AuthObj/getAppToken',
  registerHealthCard: '/rest/auth/HealthCard/HealthOpenPlatform/ISVOpenObj/registerHealthCard',
  getDynamicQRCode: '/rest/auth/HealthCard/HealthOpenPlatform/ISVOpenObj/getDynamicQRCode',
};

/**
 * resultCode meaning "this appToken is invalid or expired". The public SDKs do not name the
 * number; the sandbox answers 10002. Change it here when the platform's documentation says otherwise.
 */
const TOKEN_INVALID_RESULT_CODES = new Set([10002]);
/** resultCode for identity data the platform refuses (name/ID/birthday/gender do not agree). */
export const IDENTITY_REJECTED_RESULT_CODES = new Set([20001]);
/**
 * resultCode for a request missing a required field or with one malformed (phone1 empty, no
 * childInfo for a child without an ID number…). The sandbox answers 10000; the resident gets a 4xx.
 */
export const DATA_INVALID_RESULT_CODES = new Set([10000]);

const HC = upstream.healthcard;
/** A schema of the platform's `{commonOut, rsp}` answer (upstream.healthcard.envelope). */
type Envelope = z.ZodType<{ commonOut: { requestId?: string; resultCode: number; errMsg?: string }; rsp?: unknown }>;

interface ChildInfo {
  fatherName?: string;
  fatherIdType?: string;
  fatherIdNumber?: string;
  motherName?: string;
  motherIdType?: string;
  motherIdNumber?: string;
}

export interface RegisterRequest {
  name: string;
  gender: '男' | '女';
  birthday: string;
  idType?: '01';
  idNumber?: string;
  phone1: string;
  relation?: string;
  openId?: string;
  childInfo?: ChildInfo;
}

export type RegisterResponse = NonNullable<z.infer<typeof HC.Registered>['rsp']>;

/** A refusal the platform answered (non-zero resultCode other than an invalid token). */
export class HealthCardPlatformRefusal extends Error {
  constructor(
    readonly resultCode: number,
    readonly errMsg: string,
  ) {
    super(`healthcard platform resultCode ${resultCode}`);
  }
}

/** The Tencent 电子健康卡 open platform: {commonIn, req} envelope, signature, app token, one retry on a stale token. */
export class HealthCardPlatform {
  private holder: AppTokenHolder | null = null;

  constructor(
    private readonly http: Upstream,
    private readonly settings: HealthCardSettings,
    private readonly logger: Logger,
  ) {}

  useTokenHolder(holder: AppTokenHolder) {
    this.holder = holder;
  }

  /** Only the token holder calls this: a fetch invalidates the token every instance is using. */
  async fetchAppToken(): Promise<{ token: string; expiresInSeconds: number }> {
    const out = await this.send(PATHS.getAppToken, HC.AppToken, { appId: this.settings.appId }, '');
    const code = out.commonOut?.resultCode;
    if (code !== 0 || !out.rsp?.appToken) throw this.refusal(PATHS.getAppToken, code, out.commonOut?.errMsg);
    return { token: out.rsp.appToken, expiresInSeconds: Number(out.rsp.expiresIn) || 7200 };
  }

  register(req: RegisterRequest): Promise<RegisterResponse> {
    // The platform answers the existing card for a person already registered, so a retry is safe.
    return this.call(PATHS.registerHealthCard, HC.Registered, { ...req });
  }

  dynamicQrCode(req: { healthCardId: string; idType: '01'; idNumber: string }): Promise<{ qrCodeText: string; qrCodeImg?: string }> {
    return this.call(PATHS.getDynamicQRCode, HC.DynamicQrCode, { ...req, codeType: '1' });
  }

  private async call<S extends Envelope>(path: string, schema: S, req: Record<string, unknown>): Promise<NonNullable<z.output<S>['rsp']>> {
    if (!this.holder) throw new Error('HealthCardPlatform used before its token holder was set');
    let token = await this.holder.get();
    let out = await this.send(path, schema, req, token);
    if (TOKEN_INVALID_RESULT_CODES.has(out.commonOut?.resultCode ?? -1)) {
      // Another instance may have fetched a new one, or the platform revoked it: refresh once.
      token = await this.holder.invalidate(token);
      out = await this.send(path, schema, req, token);
    }
    const code = out.commonOut?.resultCode;
    if (code !== 0 || !out.rsp) throw this.refusal(path, code, out.commonOut?.errMsg);
    return out.rsp as NonNullable<z.output<S>['rsp']>;
  }

  private refusal(path: string, code: number | undefined, errMsg: string | undefined): Error {
    this.logger.warn({ upstream: 'healthcard', path, resultCode: code }, 'health card platform refused');
    if (code !== undefined && !TOKEN_INVALID_RESULT_CODES.has(code)) return new HealthCardPlatformRefusal(code, errMsg ?? '');
    return errors.of('HEALTH_CARD_UNAVAILABLE');
  }

  private async send<S extends Envelope>(path: string, schema: S, req: Record<string, unknown>, appToken: string): Promise<z.output<S>> {
    const commonIn: Record<string, unknown> = {
      appToken,
      requestId: randomUUID().replace(/-/g, '').toUpperCase(),
      hospitalId: this.settings.hospitalId,
      timestamp: String(Math.floor(Date.now() / 1000)),
      channelNum: this.settings.channelNum,
    };
    commonIn.sign = signHealthCardRequest({ ...commonIn, ...req }, this.settings.appSecret);
    try {
      const res = await this.http.post(path, schema, { commonIn, req }, { idempotent: true });
      if (!res.ok) throw errors.of('HEALTH_CARD_UNAVAILABLE');
      return res.body;
    } catch (e) {
      if (e instanceof AppError && e.code === 'UPSTREAM_UNAVAILABLE') throw errors.of('HEALTH_CARD_UNAVAILABLE');
      throw e;
    }
  }
}
