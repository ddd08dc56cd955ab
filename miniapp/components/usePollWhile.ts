import { useEffect, useRef, useState } from 'react';

/**
 * Looks again while something is in progress on the server (a refund being processed, a bill the
 * hospital has not confirmed): `reload` `firstMs` after the page shows it, then after each answer at
 * doubling intervals up to `maxMs`, at most `maxTries` looks while it stays in progress. Stops as
 * soon as `active` is false or the page unmounts, so the resident sees 已退款 without reloading the
 * page and nothing polls forever.
 */
export function usePollWhile(active: boolean, reload: () => unknown, opts: { firstMs?: number; maxMs?: number; maxTries?: number } = {}): void {
  const { firstMs = 2000, maxMs = 15_000, maxTries = 12 } = opts;
  const tries = useRef(0);
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  const [looks, setLooks] = useState(0);
  useEffect(() => {
    if (!active) {
      tries.current = 0;
      return;
    }
    if (tries.current >= maxTries) return;
    let live = true;
    const t = setTimeout(
      () => {
        tries.current += 1;
        void Promise.resolve(reloadRef.current()).finally(() => live && setLooks((n) => n + 1));
      },
      Math.min(maxMs, firstMs * 2 ** Math.min(tries.current, 10)),
    );
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [active, looks, firstMs, maxMs, maxTries]);
}
