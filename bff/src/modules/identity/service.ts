import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { parseIdNumber, upstream, type FaceVerifyStart, type UserView } from '@healthpocket/shared-types';
import { User } from '../../db/entities';
import { newId } from '../../db/columns';
import type { Tx } from '../../db/data-source';
import { isUniqueViolation } from '../../db/unique-violation';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { WechatClient } from '../../wechat/client';
import type { Upstream } from '../../upstream/http';
import type { Audit, Scope } from '../../audit/audit';
import type { RateLimit } from '../../http/route';
import { errors, type AppError } from '../../errors';
import type { IdentityBinder, ClaimedIdentity } from './binding';
import { IdentityVerification } from './verification-entity';
import { faceOutcome } from './face-outcome';

/** Attempts (phone checks and face starts) per account, and per ID number across all accounts. */
const ATTEMPTS_PER_ACCOUNT: RateLimit = { name: 'identity-account', points: 6, durationSeconds: 3600, by: 'user' };
const ATTEMPTS_PER_ID_NUMBER: RateLimit = { name: 'identity-id-number', points: 6, durationSeconds: 3600, by: 'user' };

/** WeChat's errcodes for queryverifyinfo that mean "this verify_id is over" (the sandbox's values; see API.md). */
const WX_VERIFY_ID_EXPIRED = 9_210_002;
const WX_NOT_FINISHED = 9_210_004;

/**
 * Identity verification before health information opens: by the phone the regional platform holds
 * for the ID number, or by 微信人脸核身 2.0 (verify_id → wx.requestFacialVerify → server-side
 * result). Nothing is bound until an authority said yes; nothing the client reports counts.
 */
export class IdentityService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly crypto: FieldCrypto,
    private readonly wechat: WechatClient,
    private readonly platform: Upstream,
    private readonly audit: Audit,
    private readonly binder: IdentityBinder,
    private readonly consume: (l: RateLimit, key: string) => Promise<void>,
    private readonly present: (userId: string) => Promise<UserView>,
  ) {}

  /** 手机号快速验证: the WeChat phone equals the platform's phone on file → verified; otherwise face is required. */
  async byPhone(scope: Scope, input: { name: string; idNumber: string; phoneCode: string }): Promise<UserView> {
    const c = this.parse(input);
    const user = await this.attempt(scope, c);
    if (user.realNameVerifiedAt && user.idNumberHash === c.idHash) return this.present(user.id);
    // The phone code is one-time: exchange it before opening the transaction.
    const phone = await this.wechat.phoneNumber(input.phoneCode);
    const res = await this.platform.post('/residents/phone-check', upstream.platform.PhoneCheck, { idNumber: c.idNumber, phone }, { idempotent: true });
    if (!res.ok) throw errors.upstreamUnavailable('健康档案平台暂时无法核验手机号，请稍后再试，或使用「刷脸认证」');
    if (!res.body.match) {
      await this.tx.run((m) => this.binder.claim(m, scope.actor.userId, c));
      await this.binder.claimed(scope.actor.userId);
      await this.record(scope, c, 'phone', 'mismatch');
      throw errors.of('FACE_VERIFY_REQUIRED');
    }
    try {
      const { displaced } = await this.tx.run((m) => this.binder.bind(scope, m, c, { method: 'phone', phone }));
      await this.binder.changed(scope.actor.userId, displaced);
    } catch (e) {
      const err = isUniqueViolation(e) ? errors.of('ID_NUMBER_TAKEN') : e;
      await this.record(scope, c, 'phone', (err as AppError).code ?? 'error');
      throw err;
    }
    await this.record(scope, c, 'phone', 'verified');
    return this.present(scope.actor.userId);
  }

  /** 刷脸认证 step 1: WeChat's verify_id for this identity and the actor's openid (valid 3600 s, one use). */
  async startFace(scope: Scope, input: { name: string; idNumber: string }): Promise<FaceVerifyStart> {
    const c = this.parse(input);
    const user = await this.attempt(scope, c);
    if (user.realNameVerifiedAt) throw errors.of('REAL_NAME_ALREADY_BOUND');
    const outSeqNo = 'hp' + randomBytes(15).toString('hex');
    const res = await this.wechat.faceVerifyId({ outSeqNo, name: c.name, idNumber: c.idNumber, openid: user.openid });
    if ('errcode' in res) {
      await this.record(scope, c, 'face', `getverifyid_${res.errcode}`);
      throw errors.upstreamUnavailable('微信人脸核身暂时无法发起，请稍后再试，或使用「手机号快速验证」');
    }
    await this.tx.run(async (m) => {
      await m.getRepository(IdentityVerification).insert({
        id: newId(),
        outSeqNo,
        userId: user.id,
        openid: user.openid,
        name: c.name,
        idNumberEnc: this.crypto.encrypt(c.idNumber),
        idNumberHash: c.idHash,
        verifyId: res.verifyId,
        status: 'pending',
        expiresAt: new Date(Date.now() + res.expiresIn * 1000),
        verifyRet: null,
        finishedAt: null,
      });
      if (!user.realNameVerifiedAt) await this.binder.claim(m, user.id, c);
    });
    await this.binder.claimed(user.id);
    await this.record(scope, c, 'face', 'started');
    return { verifyId: res.verifyId, expiresIn: res.expiresIn };
  }

  /** 刷脸认证 step 3: asks WeChat for the real result of this verify_id, and binds only on 10000. */
  async finishFace(scope: Scope, verifyId: string): Promise<UserView> {
    const repo = this.ds.getRepository(IdentityVerification);
    const attempt = await repo.findOneBy({ verifyId, userId: scope.actor.userId });
    if (!attempt) throw errors.of('FACE_VERIFY_NOT_FOUND');
    const c = this.parse({ name: attempt.name, idNumber: this.crypto.decrypt(attempt.idNumberEnc) });
    if (attempt.status === 'passed') return this.present(scope.actor.userId);
    if (attempt.status !== 'pending') throw this.settledError(attempt);
    if (attempt.expiresAt.getTime() < Date.now()) return this.settle(scope, c, attempt, 'expired', null);
    const res = await this.wechat.faceVerifyResult({ verifyId, outSeqNo: attempt.outSeqNo, name: c.name, idNumber: c.idNumber, openid: attempt.openid });
    if ('errcode' in res) {
      if (res.errcode === WX_NOT_FINISHED) throw errors.of('FACE_VERIFY_PENDING');
      if (res.errcode === WX_VERIFY_ID_EXPIRED) return this.settle(scope, c, attempt, 'expired', null);
      await this.record(scope, c, 'face', `queryverifyinfo_${res.errcode}`);
      throw errors.upstreamUnavailable('微信人脸核身结果暂时无法查询，请稍后再试');
    }
    const outcome = faceOutcome(res.verifyRet);
    if (outcome.status !== 'passed') return this.settle(scope, c, attempt, outcome.status, res.verifyRet);
    try {
      const { displaced } = await this.tx.run(async (m) => {
        // Conditional: of two concurrent result calls for one verify_id, one binds.
        const upd = await m.getRepository(IdentityVerification).update({ id: attempt.id, status: 'pending' }, { status: 'passed', verifyRet: res.verifyRet, finishedAt: new Date() });
        if (!upd.affected) return { displaced: null };
        return this.binder.bind(scope, m, c, { method: 'face', phone: null });
      });
      await this.binder.changed(scope.actor.userId, displaced);
    } catch (e) {
      const err = isUniqueViolation(e) ? errors.of('IDENTITY_BUSY') : e;
      await this.record(scope, c, 'face', (err as AppError).code ?? 'error');
      throw err;
    }
    await this.record(scope, c, 'face', 'verified');
    return this.present(scope.actor.userId);
  }

  private parse(input: { name: string; idNumber: string }): ClaimedIdentity {
    const p = parseIdNumber(input.idNumber);
    if (!p.ok) throw errors.of('ID_NUMBER_INVALID');
    return { name: input.name, idNumber: p.value.idNumber, idHash: this.crypto.hash(p.value.idNumber), sex: p.value.sex, birthDate: p.value.birthDate };
  }

  /** Counts an attempt against the account and the ID number; refuses a different identity for a verified account. */
  private async attempt(scope: Scope, c: ClaimedIdentity): Promise<User> {
    const user = await this.ds.getRepository(User).findOneBy({ id: scope.actor.userId });
    if (!user) throw errors.unauthenticated();
    if (user.realNameVerifiedAt && user.idNumberHash !== c.idHash) throw errors.of('REAL_NAME_ALREADY_BOUND');
    try {
      await this.consume(ATTEMPTS_PER_ACCOUNT, `u:${user.id}`);
      await this.consume(ATTEMPTS_PER_ID_NUMBER, `id:${c.idHash}`);
    } catch (e) {
      await this.record(scope, c, 'any', 'rate_limited');
      throw e;
    }
    return user;
  }

  private async settle(scope: Scope, c: ClaimedIdentity, attempt: IdentityVerification, status: 'failed' | 'cancelled' | 'expired', verifyRet: number | null): Promise<never> {
    await this.ds.getRepository(IdentityVerification).update({ id: attempt.id, status: 'pending' }, { status, verifyRet, finishedAt: new Date() });
    await this.record(scope, c, 'face', status, verifyRet);
    throw this.settledError({ status, verifyRet });
  }

  private settledError(a: { status: string; verifyRet: number | null }): AppError {
    if (a.status === 'expired') return errors.of('FACE_VERIFY_EXPIRED');
    return faceOutcome(a.verifyRet ?? -1).error ?? errors.of('FACE_VERIFY_FAILED');
  }

  /** Every attempt is audited, whatever its outcome (outside any rolled-back transaction). */
  private async record(scope: Scope, c: ClaimedIdentity, method: 'face' | 'phone' | 'any', outcome: string, verifyRet?: number | null): Promise<void> {
    await this.audit.record(scope, {
      action: 'identity.attempt',
      subjectType: 'user',
      subjectId: scope.actor.userId,
      detail: { method, outcome, idHash: c.idHash, ...(verifyRet != null ? { verifyRet } : {}) },
    });
  }
}
