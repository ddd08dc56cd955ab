import { useCallback, useEffect, useRef, useState } from 'react';
import { onSessionStarted } from '../services/session-events';

export interface RequestState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  /** Runs the request again; resolves with the data, or undefined when it failed (never rejects: `void reload()` is safe). */
  reload: () => Promise<T | undefined>;
  /** Replace the data locally (after a mutation the server already confirmed). */
  setData: (data: T | undefined) => void;
}

/**
 * Loads data for a page: `useRequest(() => api.members(), [])`. Runs on mount and whenever
 * `deps` change (unless `manual`); an answer that arrives after a newer call started is dropped.
 * After a (re-)login it runs again, so a page that failed with 请先登录 shows its data.
 */
export function useRequest<T>(fn: () => Promise<T>, deps: readonly unknown[] = [], opts: { manual?: boolean } = {}): RequestState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState<boolean>(!opts.manual);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const seq = useRef(0);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const reload = useCallback(async () => {
    const id = ++seq.current;
    setLoading(true);
    setError(undefined);
    try {
      const result = await fnRef.current();
      if (mounted.current && id === seq.current) {
        setData(result);
        setLoading(false);
      }
      return result;
    } catch (e) {
      if (mounted.current && id === seq.current) {
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      }
      return undefined;
    }
  }, []);

  const manual = !!opts.manual;
  useEffect(() => (manual ? undefined : onSessionStarted(() => void reload())), [manual, reload]);

  useEffect(() => {
    if (!opts.manual) void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return { data, error, loading, reload, setData };
}
