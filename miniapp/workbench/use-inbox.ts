import { useCallback, useEffect, useRef, useState } from 'react';
import type { InboxItem } from '@healthpocket/shared-types';
import { doctorApi } from '../services/doctor-api';

/**
 * The inbox, a page at a time (the server ranks: open alerts first, then longest waiting).
 * `loadMore` appends the next page (加载更多); `reload` refreshes from the top and fetches as many
 * pages as were shown, so a doctor who had paged on keeps their place when a message arrives.
 */
export function useInbox() {
  const [items, setItems] = useState<InboxItem[] | undefined>(undefined);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const shown = useRef(0);
  const seq = useRef(0);

  const reload = useCallback(async () => {
    const id = ++seq.current;
    setLoading(true);
    try {
      const all: InboxItem[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: InboxItem[]; nextCursor: string | null } = await doctorApi.inbox(cursor ?? undefined);
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && all.length < shown.current);
      if (id !== seq.current) return;
      const unique = [...new Map(all.map((i) => [i.conversationId, i])).values()];
      shown.current = unique.length;
      setItems(unique);
      setNextCursor(cursor);
      setError(undefined);
    } catch (e) {
      if (id === seq.current) setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      if (id === seq.current) setLoading(false);
    }
  }, []);

  const loadMore = useCallback(async () => {
    if (!nextCursor || loadingMore) return;
    const id = seq.current;
    setLoadingMore(true);
    try {
      const page = await doctorApi.inbox(nextCursor);
      if (id !== seq.current) return; // a reload started meanwhile: its answer wins
      setItems((prev) => {
        const merged = [...new Map([...(prev ?? []), ...page.items].map((i) => [i.conversationId, i])).values()];
        shown.current = merged.length;
        return merged;
      });
      setNextCursor(page.nextCursor);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setLoadingMore(false);
    }
  }, [nextCursor, loadingMore]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data: items ? { items } : undefined, error, loading, reload, nextCursor, loadMore, loadingMore };
}
