import { randomUUID } from 'node:crypto';
import { notifyEnvelope, signedHeaders, wechatTime, type NotifyEvent } from './signing';
import { RETRY_SCHEDULE_S, type Delivery, type WechatPayState } from './state';

/** Bodies of sent notifications, kept so a test can redeliver the very same bytes. */
const bodies = new WeakMap<Delivery, string>();

/**
 * Delivers a signed, encrypted notification to the merchant's notify_url the way WeChat does:
 * POST until the merchant answers 200/204, retrying on WeChat's schedule (time-compressed by
 * settings.timeScale). The current mode can drop it, delay it or send several copies at once.
 */
export function sendNotify(s: WechatPayState, n: { event: NotifyEvent; resource: object; url: string; outTradeNo: string; outRefundNo?: string }): Delivery[] {
  const id = randomUUID();
  const body = notifyEnvelope(n.event, n.resource, s.keys.apiV3Key, id);
  const mode = s.takeMode();
  const copies = mode === 'duplicate' ? Math.max(1, s.settings.copies) : 1;
  const out: Delivery[] = [];
  for (let copy = 0; copy < copies; copy++) {
    const d: Delivery = {
      id,
      copy,
      event: n.event,
      outTradeNo: n.outTradeNo,
      outRefundNo: n.outRefundNo,
      url: n.url,
      state: mode === 'drop' ? 'dropped' : 'pending',
      attempts: [],
      nextAttemptAt: null,
    };
    s.deliveries.push(d);
    bodies.set(d, body);
    out.push(d);
    if (mode === 'drop') continue;
    const first = mode === 'delay' ? s.settings.delayMs : 0;
    d.nextAttemptAt = wechatTime(s.now() + first);
    if (first === 0 && mode === 'duplicate') void attempt(s, d, body);
    else s.later(first, () => void attempt(s, d, body));
  }
  return out;
}

/** Sends a recorded notification again now, as a new copy with its own retries (a late duplicate). */
export function redeliver(s: WechatPayState, original: Delivery): Delivery {
  const copies = s.deliveries.filter((x) => x.id === original.id).length;
  const d: Delivery = { ...original, copy: copies, state: 'pending', attempts: [], nextAttemptAt: wechatTime(s.now()) };
  const body = bodies.get(original)!;
  s.deliveries.push(d);
  bodies.set(d, body);
  void attempt(s, d, body);
  return d;
}

async function attempt(s: WechatPayState, d: Delivery, body: string): Promise<void> {
  if (d.state !== 'pending') return;
  const headers = { 'Content-Type': 'application/json', 'User-Agent': 'Mozilla/4.0', ...signedHeaders(body, s.keys.platformPrivateKeyPem, s.keys.platformKeyId) };
  let status: number | null = null;
  let error: string | undefined;
  try {
    const res = await fetch(d.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) });
    status = res.status;
    await res.body?.cancel();
  } catch (e) {
    error = (e as Error).message;
  }
  d.attempts.push({ at: wechatTime(s.now()), status, ...(error ? { error } : {}) });
  if (status === 200 || status === 204) {
    d.state = 'delivered';
    d.nextAttemptAt = null;
    return;
  }
  const retryIndex = d.attempts.length - 1;
  if (retryIndex >= RETRY_SCHEDULE_S.length) {
    d.state = 'gave_up';
    d.nextAttemptAt = null;
    return;
  }
  const wait = RETRY_SCHEDULE_S[retryIndex] * 1000 * s.settings.timeScale;
  d.nextAttemptAt = wechatTime(s.now() + wait);
  s.later(wait, () => void attempt(s, d, body));
}
