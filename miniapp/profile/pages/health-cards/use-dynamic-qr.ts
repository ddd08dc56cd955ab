import { useCallback, useEffect, useRef, useState } from 'react';
import { healthCardApi, type HealthCardQr } from '../../../services/health-cards';

/** Fetch a new code this long before the current one expires, so the one on screen is always valid. */
const REFRESH_BEFORE_SECONDS = 10;

/**
 * The member's dynamic QR code, fetched again before it expires; `secondsLeft` counts down to
 * that refresh. Nothing runs while `memberId` is null.
 */
export function useDynamicQr(memberId: string | null) {
  const [qr, setQr] = useState<HealthCardQr | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(() => Date.now());
  const seq = useRef(0);
  const refreshAt = useRef<number | null>(null);
  const inFlight = useRef(false);

  const load = useCallback(async () => {
    if (!memberId) return;
    const mine = ++seq.current;
    inFlight.current = true;
    try {
      const next = await healthCardApi.qr(memberId);
      if (mine !== seq.current) return;
      const fetchedAt = Date.now();
      refreshAt.current = fetchedAt + Math.max(5, next.validSeconds - REFRESH_BEFORE_SECONDS) * 1000;
      setQr(next);
      setError(null);
    } catch (e) {
      if (mine !== seq.current) return;
      refreshAt.current = null;
      setError(e);
    } finally {
      if (mine === seq.current) inFlight.current = false;
    }
  }, [memberId]);

  useEffect(() => {
    setQr(null);
    setError(null);
    refreshAt.current = null;
    if (!memberId) return;
    void load();
    const tick = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (refreshAt.current !== null && t >= refreshAt.current && !inFlight.current) void load();
    }, 1000);
    return () => {
      clearInterval(tick);
      // A counter, not a rendered node: bumping it drops the answer of a load still in flight.
      // eslint-disable-next-line react-hooks/exhaustive-deps
      seq.current++;
    };
  }, [memberId, load]);

  const secondsLeft = refreshAt.current === null ? null : Math.max(0, Math.ceil((refreshAt.current - now) / 1000));
  return { qr, error, secondsLeft, reload: load };
}
