import { createPublicKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import type { SandboxContext } from '../context';
import { ensureSandboxPayKeys, freshSandboxPayKeys, type SandboxPayKeys } from './keys';

type TradeState = 'NOTPAY' | 'USERPAYING' | 'SUCCESS' | 'CLOSED' | 'REFUND' | 'PAYERROR';
type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';

export interface Transaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  description: string;
  notify_url: string;
  time_expire?: string;
  attach?: string;
  amount: { total: number; currency: 'CNY' };
  payer: { openid: string };
  trade_state: TradeState;
  transaction_id?: string;
  success_time?: string;
  createdAt: number;
  prepayIds: string[];
}

export interface Refund {
  refund_id: string;
  out_refund_no: string;
  out_trade_no: string;
  transaction_id: string;
  reason?: string;
  notify_url?: string;
  amount: { refund: number; total: number; currency: 'CNY' };
  status: RefundStatus;
  create_time: string;
  success_time?: string;
}

/** How the next notifications are delivered (tests switch these through /wechatpay/sandbox/settings). */
export interface NotifySettings {
  /** normal: deliver now; drop: record, never send (a lost notify); delay: first attempt after delayMs; duplicate: `copies` concurrent deliveries. */
  mode: 'normal' | 'drop' | 'delay' | 'duplicate';
  /** How many notifications the mode applies to before falling back to normal (unset: all). */
  times?: number;
  delayMs: number;
  copies: number;
  /** WeChat's retry schedule (15 s … 6 h) multiplied by this: 0.01 turns 15 s into 150 ms. */
  timeScale: number;
  /** What a refund ends as, after refundDelayMs; 'manual' waits for /sandbox/refunds/:no/complete. */
  refundOutcome: RefundStatus | 'manual';
  refundDelayMs: number;
}

export const DEFAULT_SETTINGS: NotifySettings = { mode: 'normal', delayMs: 2000, copies: 5, timeScale: 0.01, refundOutcome: 'SUCCESS', refundDelayMs: 200 };

/** WeChat's notify retry intervals in seconds (../shared/notes/wechat.md). */
export const RETRY_SCHEDULE_S = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600];

export interface Delivery {
  /** Notification id (duplicates share it, as WeChat's retries do). */
  id: string;
  copy: number;
  event: string;
  outTradeNo: string;
  outRefundNo?: string;
  url: string;
  state: 'pending' | 'delivered' | 'dropped' | 'gave_up' | 'cancelled';
  attempts: Array<{ at: string; status: number | null; error?: string }>;
  nextAttemptAt: string | null;
}

export class WechatPayState {
  readonly keys: SandboxPayKeys;
  readonly merchantCertKey: KeyObject;
  readonly transactions = new Map<string, Transaction>();
  /** prepay_id → out_trade_no and when it stops being valid (2 hours). */
  readonly prepays = new Map<string, { outTradeNo: string; expiresAt: number }>();
  readonly refunds = new Map<string, Refund>();
  readonly deliveries: Delivery[] = [];
  readonly timers = new Set<NodeJS.Timeout>();
  settings: NotifySettings = { ...DEFAULT_SETTINGS };

  constructor(
    readonly appid: string,
    keys: SandboxPayKeys,
    readonly now: () => number,
  ) {
    this.keys = keys;
    this.merchantCertKey = new X509Certificate(keys.merchantCertPem).publicKey;
    // The public half must match the platform key pair (a broken key set should fail loudly here).
    createPublicKey(keys.platformPublicKeyPem);
  }

  newTransactionId(): string {
    // 4200 + date + 18 digits: 32 digits like WeChat's transaction ids.
    const d = new Date(this.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
    return `4200${d}${BigInt('0x' + randomBytes(8).toString('hex'))
      .toString()
      .padStart(20, '0')
      .slice(0, 20)}`;
  }

  newPrepayId(): string {
    const t = new Date(this.now() + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
    return `wx${t}${randomBytes(12).toString('hex')}`;
  }

  newRefundId(): string {
    return `5030${BigInt('0x' + randomBytes(12).toString('hex'))
      .toString()
      .padStart(28, '0')
      .slice(0, 28)}`;
  }

  /** Takes one use of the current mode; returns the mode that applies to this notification. */
  takeMode(): NotifySettings['mode'] {
    const mode = this.settings.mode;
    if (mode !== 'normal' && this.settings.times !== undefined) {
      this.settings.times -= 1;
      if (this.settings.times <= 0) this.settings = { ...this.settings, mode: 'normal', times: undefined };
    }
    return mode;
  }

  later(ms: number, fn: () => void): void {
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        fn();
      },
      Math.max(0, ms),
    );
    // Pending retries never keep a process (or a test run) alive.
    t.unref();
    this.timers.add(t);
  }

  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const d of this.deliveries) if (d.state === 'pending') d.state = 'cancelled';
  }
}

const states = new WeakMap<SandboxContext, WechatPayState>();

/** The WeChat Pay stand-in's state for one sandbox instance (keys from ctx.keysDir, else a fresh temp set). */
export function wechatPayOf(ctx: SandboxContext): WechatPayState {
  let s = states.get(ctx);
  if (!s) {
    const keys = ctx.keysDir ? ensureSandboxPayKeys(ctx.keysDir) : freshSandboxPayKeys();
    s = new WechatPayState(ctx.appid, keys, () => ctx.wechat.now());
    states.set(ctx, s);
  }
  return s;
}
