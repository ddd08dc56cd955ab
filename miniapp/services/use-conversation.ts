import { useCallback, useEffect, useRef, useState } from 'react';
import type { MessageView, ServerFrame } from '@healthpocket/shared-types';
import { ApiError, messageOf } from './api';
import { chatSocket, type SocketState } from './chat-socket';
import { doctorApi, newClientId } from './doctor-api';
import { SeqCursor } from './seq-cursor';

export interface ChatItem extends MessageView {
  /** Local state of my own message before the server stored it. */
  pending?: 'sending' | 'failed';
  error?: string;
  /** False when sending the same thing again cannot help (refused content, invalid input). */
  retryable?: boolean;
}

const FINAL_CODES = ['CONTENT_RISKY', 'VALIDATION_FAILED', 'NOT_FOUND'];

const POLL_MS = 3000;
const ACK_TIMEOUT_MS = 8000;

/**
 * One conversation on screen: history, live messages over the socket (catch-up by seq after every
 * (re)connect), a polling fallback while the socket is down, sending with a client id (retries,
 * and the HTTP fallback, can never duplicate), and read receipts.
 */
export function useConversation(conversationId: string | undefined, mySide: 'resident' | 'doctor') {
  const [items, setItems] = useState<ChatItem[]>([]);
  const [peerReadSeq, setPeerReadSeq] = useState(0);
  const [olderFrom, setOlderFrom] = useState<number | null>(null);
  const [socket, setSocket] = useState<SocketState>(chatSocket.current);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  /** Catch-up starts after the last seq up to which nothing is missing. */
  const cursor = useRef(new SeqCursor());
  const readSent = useRef(0);
  const acks = useRef(new Map<string, (m: MessageView | null, err?: { code: string; message: string }) => void>());

  const merge = useCallback((incoming: MessageView[]) => {
    if (incoming.length === 0) return;
    setItems((prev) => {
      const seen = new Set(prev.filter((p) => !p.pending).map((p) => p.id));
      const next = prev.filter((p) => !(p.pending && incoming.some((m) => m.clientId && m.clientId === p.clientId)));
      for (const m of incoming) if (!seen.has(m.id)) next.push(m);
      // Stored messages in seq order; my unsent ones stay at the end.
      return next.sort((a, b) => (a.pending ? Infinity : a.seq) - (b.pending ? Infinity : b.seq));
    });
    for (const m of incoming) cursor.current.see(m.seq);
  }, []);

  const catchUp = useCallback(async () => {
    if (!conversationId) return;
    if (!chatSocket.send({ type: 'sync', conversationId, afterSeq: cursor.current.complete })) {
      const page = await doctorApi.messages(conversationId, { afterSeq: cursor.current.complete, limit: 100 });
      merge(page.items);
      setPeerReadSeq((p) => Math.max(p, page.peerReadSeq));
    }
  }, [conversationId, merge]);

  // First page of history.
  const load = useCallback(async () => {
    if (!conversationId) return;
    setLoading(true);
    setError(null);
    try {
      const page = await doctorApi.messages(conversationId, { limit: 30 });
      // The page is the newest messages: everything before its first one counts as here (older pages load on scroll).
      cursor.current.reset(page.items.length ? Math.min(...page.items.map((m) => m.seq)) - 1 : page.lastSeq);
      setItems([]);
      merge(page.items);
      setPeerReadSeq(page.peerReadSeq);
      setOlderFrom(page.beforeSeq);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [conversationId, merge]);

  useEffect(() => {
    void load();
  }, [load]);

  // Live frames.
  useEffect(() => {
    if (!conversationId) return;
    const onFrame = (f: ServerFrame) => {
      if (f.type === 'ready') void catchUp();
      else if (f.type === 'message' && f.message.conversationId === conversationId) {
        // A gap means something was missed (e.g. two instances published out of order): catch up.
        merge([f.message]);
        if (cursor.current.hasGap) void catchUp();
      } else if (f.type === 'ack' || f.type === 'nack') {
        const done = acks.current.get(f.clientId);
        if (done) done(f.type === 'ack' ? f.message : null, f.type === 'nack' ? { code: f.code, message: f.message } : undefined);
      } else if (f.type === 'read' && f.conversationId === conversationId && f.by !== mySide) {
        setPeerReadSeq((p) => Math.max(p, f.seq));
      }
    };
    return chatSocket.subscribe(onFrame, setSocket);
  }, [conversationId, catchUp, merge, mySide]);

  // Polling while the socket is down.
  useEffect(() => {
    if (!conversationId || socket === 'open') return;
    const t = setInterval(() => void catchUp().catch(() => undefined), POLL_MS);
    return () => clearInterval(t);
  }, [conversationId, socket, catchUp]);

  // Read receipt for everything on screen from the other side.
  useEffect(() => {
    if (!conversationId) return;
    const top = Math.max(0, ...items.filter((m) => !m.pending && m.senderRole !== mySide).map((m) => m.seq));
    if (top <= readSent.current) return;
    readSent.current = top;
    if (!chatSocket.send({ type: 'read', conversationId, seq: top })) void doctorApi.read(conversationId, top).catch(() => undefined);
  }, [items, conversationId, mySide]);

  const deliver = useCallback(
    async (local: ChatItem, body: { clientId: string; kind: 'text'; text: string } | { clientId: string; kind: 'image'; imageId: string }) => {
      if (!conversationId) return;
      const viaSocket = new Promise<MessageView | null>((resolve, reject) => {
        if (!chatSocket.send({ type: 'send', conversationId, message: body })) return resolve(null);
        const timer = setTimeout(() => resolve(null), ACK_TIMEOUT_MS);
        acks.current.set(body.clientId, (m, err) => {
          clearTimeout(timer);
          acks.current.delete(body.clientId);
          if (m) resolve(m);
          else reject(Object.assign(new Error(err?.message ?? '发送失败'), { code: err?.code ?? 'INTERNAL' }));
        });
      });
      try {
        // No ack in time (or no socket): the same client id over HTTP returns the stored message.
        const stored = (await viaSocket) ?? (await doctorApi.send(conversationId, body));
        merge([stored]);
      } catch (e) {
        const code = (e as { code?: string }).code ?? '';
        const msg = e instanceof Error && !(e instanceof ApiError) ? e.message : messageOf(e);
        const retryable = !FINAL_CODES.includes(code);
        setItems((prev) => prev.map((p) => (p.clientId === local.clientId ? { ...p, pending: 'failed', error: msg, retryable } : p)));
      }
    },
    [conversationId, merge],
  );

  const placeholder = (clientId: string, kind: 'text' | 'image', text: string | null): ChatItem => ({
    id: clientId,
    conversationId: conversationId ?? '',
    seq: 0,
    clientId,
    senderRole: mySide,
    senderName: '我',
    kind,
    text,
    image: null,
    createdAt: new Date().toISOString(),
    pending: 'sending',
  });

  const sendText = useCallback(
    async (text: string) => {
      const clientId = newClientId();
      const local = placeholder(clientId, 'text', text);
      setItems((prev) => [...prev, local]);
      await deliver(local, { clientId, kind: 'text', text });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [deliver, conversationId],
  );

  const sendImage = useCallback(
    async (filePath: string) => {
      if (!conversationId) return;
      const clientId = newClientId();
      const local = placeholder(clientId, 'image', '[图片]');
      setItems((prev) => [...prev, local]);
      try {
        const up = await doctorApi.uploadImage(conversationId, filePath);
        await deliver(local, { clientId, kind: 'image', imageId: up.id });
      } catch (e) {
        setItems((prev) => prev.map((p) => (p.clientId === clientId ? { ...p, pending: 'failed', error: messageOf(e) } : p)));
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [deliver, conversationId],
  );

  const retry = useCallback(
    async (item: ChatItem) => {
      if (item.kind !== 'text' || !item.text || !item.clientId || item.retryable === false) return;
      setItems((prev) => prev.map((p) => (p.clientId === item.clientId ? { ...p, pending: 'sending', error: undefined } : p)));
      await deliver(item, { clientId: item.clientId, kind: 'text', text: item.text });
    },
    [deliver],
  );

  const loadOlder = useCallback(async () => {
    if (!conversationId || olderFrom === null) return;
    const page = await doctorApi.messages(conversationId, { beforeSeq: olderFrom, limit: 30 });
    merge(page.items);
    setOlderFrom(page.beforeSeq);
  }, [conversationId, olderFrom, merge]);

  return { items, peerReadSeq, socket, error, loading, reload: load, sendText, sendImage, retry, loadOlder, hasOlder: olderFrom !== null };
}
