import Taro from '@tarojs/taro';
import type { ClientFrame, ServerFrame } from '@healthpocket/shared-types';
import { apiBase, http, tokenStore } from './api';

export type SocketState = 'connecting' | 'open' | 'offline';
type FrameListener = (f: ServerFrame) => void;
type StateListener = (s: SocketState) => void;

const PING_MS = 20_000;
/** No frame at all for this long (pongs included): the connection is dead even if not closed. */
const SILENT_MS = 45_000;
const MAX_BACKOFF_MS = 30_000;
/** Close codes of shared-types WS_CLOSE (kept here as numbers: no zod in the app bundle). */
const UNAUTHENTICATED = 4401;
const RESTARTING = 1012;

function socketUrl(): string {
  const base = apiBase() || (typeof location !== 'undefined' ? location.origin : '');
  return `${base.replace(/^http/, 'ws')}/api/v1/realtime`;
}

/**
 * The one realtime connection of the app (Taro.connectSocket): authenticates with the first frame,
 * pings, reconnects with backoff, refreshes an expired token (close 4401) before reconnecting.
 * Pages subscribe while shown; the socket closes when nobody listens.
 */
class ChatSocket {
  private task: Taro.SocketTask | null = null;
  private state: SocketState = 'offline';
  private frames = new Set<FrameListener>();
  private states = new Set<StateListener>();
  private retry = 0;
  private timers: ReturnType<typeof setTimeout>[] = [];
  private lastFrameAt = 0;
  private wanted = false;
  private generation = 0;

  subscribe(onFrame: FrameListener, onState?: StateListener): () => void {
    this.frames.add(onFrame);
    if (onState) {
      this.states.add(onState);
      onState(this.state);
    }
    this.wanted = true;
    if (!this.task) void this.connect();
    return () => {
      this.frames.delete(onFrame);
      if (onState) this.states.delete(onState);
      if (this.frames.size === 0) this.shutdown();
    };
  }

  /** False when the socket is not open (the caller falls back to HTTP). */
  send(frame: ClientFrame): boolean {
    if (this.state !== 'open' || !this.task) return false;
    this.task.send({ data: JSON.stringify(frame) });
    return true;
  }

  get current(): SocketState {
    return this.state;
  }

  private setState(s: SocketState) {
    if (this.state === s) return;
    this.state = s;
    this.states.forEach((fn) => fn(s));
  }

  private clearTimers() {
    this.timers.forEach((t) => clearTimeout(t));
    this.timers = [];
  }

  private async connect() {
    const gen = ++this.generation;
    const tokens = tokenStore.get();
    if (!tokens) return this.setState('offline');
    this.setState('connecting');
    let task: Taro.SocketTask;
    try {
      task = await Taro.connectSocket({ url: socketUrl(), header: {} });
    } catch {
      return this.scheduleReconnect(gen);
    }
    if (gen !== this.generation) {
      task.close({});
      return;
    }
    this.task = task;
    task.onOpen(() => {
      this.lastFrameAt = Date.now();
      task.send({ data: JSON.stringify({ type: 'auth', token: tokenStore.get()?.accessToken ?? '' }) });
    });
    task.onMessage((res) => {
      this.lastFrameAt = Date.now();
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(res.data)) as ServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'ready') {
        this.retry = 0;
        this.setState('open');
        this.heartbeat(gen);
      }
      this.frames.forEach((fn) => fn(frame));
    });
    task.onClose((res: { code?: number }) => {
      if (gen !== this.generation) return;
      this.task = null;
      this.clearTimers();
      this.setState('offline');
      if (!this.wanted) return;
      if (res?.code === UNAUTHENTICATED) {
        // The access token expired: one authenticated call refreshes it, then reconnect.
        void http
          .get('/api/v1/me', { noLoginRedirect: true })
          .then(() => this.scheduleReconnect(gen, 0))
          .catch(() => this.scheduleReconnect(gen));
      } else if (res?.code === RESTARTING) {
        // The instance is draining: another one answers at once (a little jitter spreads the crowd).
        this.scheduleReconnect(gen, 200 + Math.random() * 800);
      } else this.scheduleReconnect(gen);
    });
    task.onError(() => undefined);
  }

  private heartbeat(gen: number) {
    const tick = () => {
      if (gen !== this.generation || !this.task) return;
      if (Date.now() - this.lastFrameAt > SILENT_MS) {
        this.task.close({ code: 4000, reason: 'silent' });
        return;
      }
      this.task.send({ data: JSON.stringify({ type: 'ping' }) });
      this.timers.push(setTimeout(tick, PING_MS));
    };
    this.timers.push(setTimeout(tick, PING_MS));
  }

  private scheduleReconnect(gen: number, delay?: number) {
    if (gen !== this.generation || !this.wanted) return;
    const wait = delay ?? Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.retry++) * (0.75 + Math.random() / 2);
    this.timers.push(setTimeout(() => gen === this.generation && this.wanted && void this.connect(), wait));
  }

  private shutdown() {
    this.wanted = false;
    this.generation++;
    this.clearTimers();
    this.task?.close({});
    this.task = null;
    this.setState('offline');
  }
}

export const chatSocket = new ChatSocket();
