import { errors } from '../../errors';
import type { Logger } from '../../logger';
import type { WechatPayKeys } from '../../wechat/pay/config';
import { WxNotifyEnvelope, WxRefundNotify, WxTransaction } from '../../wechat/pay/types';
import { DecryptError, PlatformKeys, decryptResource, signatureHeaders } from '../../wechat/pay/verify';

export type VerifiedNotify =
  { kind: 'transaction'; id: string; event: string; transaction: WxTransaction } | { kind: 'refund'; id: string; event: string; refund: WxRefundNotify } | { kind: 'other'; id: string; event: string };

/**
 * Checks a WeChat Pay notification before anything acts on it: the signature over the raw body
 * with the platform key named by Wechatpay-Serial, the timestamp within the allowed skew, then
 * AES-256-GCM decryption with the tag and associated data checked. Anything else is refused with
 * a 4xx and logged (without the body: it may carry payer data).
 */
export class NotifyVerifier {
  private readonly platform: PlatformKeys;

  constructor(
    private readonly keys: WechatPayKeys,
    private readonly maxSkewSeconds: number,
    private readonly logger: Logger,
  ) {
    this.platform = new PlatformKeys(keys.platformKeys);
  }

  verify(rawBody: string | undefined, header: (name: string) => string, requestId: string, nowMs = Date.now()): VerifiedNotify {
    const reject = (code: Parameters<typeof errors.of>[0], reason: string, extra: Record<string, unknown> = {}): never => {
      this.logger.warn({ requestId, reason, serial: header('wechatpay-serial') || undefined, ...extra }, 'wechat pay notify rejected');
      throw errors.of(code);
    };
    if (typeof rawBody !== 'string' || !rawBody) return reject('NOTIFY_MALFORMED', 'empty or non-JSON body');
    const h = signatureHeaders((n) => header(n) || null);
    if (!h) return reject('NOTIFY_SIGNATURE_INVALID', 'missing Wechatpay-* headers');
    const check = this.platform.check(h, rawBody, { nowMs, maxSkewSeconds: this.maxSkewSeconds });
    if (check === 'unknown_serial') return reject('NOTIFY_SIGNATURE_INVALID', 'unknown Wechatpay-Serial');
    if (check === 'bad_signature') return reject('NOTIFY_SIGNATURE_INVALID', 'signature does not verify');
    if (check === 'stale') return reject('NOTIFY_TIMESTAMP_STALE', 'timestamp outside the allowed window', { timestamp: h.timestamp });

    let envelope: WxNotifyEnvelope;
    try {
      envelope = WxNotifyEnvelope.parse(JSON.parse(rawBody));
    } catch {
      return reject('NOTIFY_MALFORMED', 'envelope does not parse');
    }
    const ctx = { notifyId: envelope.id, event: envelope.event_type };
    if (envelope.resource_type !== 'encrypt-resource') return reject('NOTIFY_MALFORMED', 'resource_type is not encrypt-resource', ctx);
    let plaintext: string;
    try {
      plaintext = decryptResource(this.keys.apiV3Key, envelope.resource);
    } catch (e) {
      return reject('NOTIFY_DECRYPT_FAILED', e instanceof DecryptError ? e.message : 'decrypt failed', ctx);
    }
    let resource: unknown;
    try {
      resource = JSON.parse(plaintext);
    } catch {
      return reject('NOTIFY_MALFORMED', 'resource is not JSON', ctx);
    }
    if (envelope.event_type.startsWith('TRANSACTION.')) {
      if (envelope.resource.associated_data !== 'transaction') return reject('NOTIFY_MALFORMED', 'associated_data is not transaction', ctx);
      const t = WxTransaction.safeParse(resource);
      if (!t.success) return reject('NOTIFY_MALFORMED', 'transaction resource does not parse', ctx);
      return { kind: 'transaction', id: envelope.id, event: envelope.event_type, transaction: t.data };
    }
    if (envelope.event_type.startsWith('REFUND.')) {
      if (envelope.resource.associated_data !== 'refund') return reject('NOTIFY_MALFORMED', 'associated_data is not refund', ctx);
      const r = WxRefundNotify.safeParse(resource);
      if (!r.success) return reject('NOTIFY_MALFORMED', 'refund resource does not parse', ctx);
      return { kind: 'refund', id: envelope.id, event: envelope.event_type, refund: r.data };
    }
    return { kind: 'other', id: envelope.id, event: envelope.event_type };
  }
}
