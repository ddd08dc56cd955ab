import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import jwt from 'jsonwebtoken';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { WS_CLOSE, type ClientFrame, type ServerFrame } from '@healthpocket/shared-types';
import type { Actor } from '../auth/tokens';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { Bus, Envelope } from './bus';
import type { Presence } from './presence';

const REALTIME_PATH = '/api/v1/realtime';

/** What a module does with a client's frames (the chat service, registered at build time). */
export interface FrameHandler {
  /** Topics a socket of this actor listens to besides its own user topic (a doctor's teams). */
  topicsFor(actor: Actor): Promise<string[]>;
  handle(actor: Actor, frame: Exclude<ClientFrame, { type: 'auth' | 'ping' }>, reply: (f: ServerFrame) => void): Promise<void>;
}

interface Client {
  id: string;
  ws: WebSocket;
  actor: Actor | null;
  topics: string[];
  alive: boolean;
  /** Frames allowed in the current second (a simple per-socket flood limit). */
  budget: number;
  /** Counted against its address until it authenticates or closes. */
  pendingAddress: string | null;
  expiryTimer?: NodeJS.Timeout;
}

export interface RealtimeOptions {
  heartbeatMs?: number;
  authTimeoutMs?: number;
  /** A socket whose unsent buffer grows past this is closed; it catches up after reconnecting. */
  maxBufferedBytes?: number;
  framesPerSecond?: number;
  /** Sockets one client address may hold open before authenticating; more are refused at the upgrade (429). */
  unauthenticatedPerAddress?: number;
}

/** The client address of an upgrade request (TRUST_PROXY applied, as for HTTP). */
export type ClientAddressOf = (req: http.IncomingMessage) => string;

/**
 * The WebSocket endpoint on the BFF's own HTTP server. Authentication is the first frame (a
 * browser WebSocket cannot set headers and a token in the URL ends up in access logs); the socket
 * closes with 4401 when the access token expires, and the client refreshes and reconnects.
 */
export class RealtimeServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly clients = new Set<Client>();
  private readonly byTopic = new Map<string, Set<Client>>();
  private handler: FrameHandler | null = null;
  private heartbeat?: NodeJS.Timeout;
  private budgetTimer?: NodeJS.Timeout;
  private servers: http.Server[] = [];
  private readonly o: Required<RealtimeOptions>;
  /** Unauthenticated sockets per client address (this instance). */
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly authenticateToken: (token: string) => Promise<Actor>,
    private readonly bus: Bus,
    readonly presence: Presence,
    private readonly logger: Logger,
    opts: RealtimeOptions = {},
    private readonly clientAddress: ClientAddressOf = (req) => req.socket.remoteAddress ?? '',
  ) {
    this.o = { heartbeatMs: 25_000, authTimeoutMs: 5_000, maxBufferedBytes: 1 << 20, framesPerSecond: 30, unauthenticatedPerAddress: 10, ...opts };
    bus.subscribe((e) => this.deliverLocal(e));
  }

  setHandler(h: FrameHandler) {
    this.handler = h;
  }

  /**
   * Closes the user's sockets on this instance (4401: the client refreshes and reconnects), e.g.
   * after a role was revoked: a socket's topics were chosen for the roles it authenticated with.
   */
  disconnectUser(userId: string) {
    for (const c of this.byTopic.get(`u:${userId}`) ?? []) c.ws.close(WS_CLOSE.unauthenticated, 'principal changed');
  }

  /** Closes the sockets of one login (logout) on this instance. */
  disconnectSession(sessionId: string) {
    for (const c of this.clients) if (c.actor?.sessionId === sessionId) c.ws.close(WS_CLOSE.unauthenticated, 'logged out');
  }

  /** Publishes to every instance (this one included). */
  async publish(e: Envelope): Promise<void> {
    try {
      await this.bus.publish(e);
    } catch (err) {
      // Stored messages are not lost: clients catch up by seq. Deliver locally at least.
      this.logger.warn({ err: (err as Error).message }, 'realtime publish failed; delivering locally only');
      this.deliverLocal(e);
    }
  }

  attach(server: http.Server) {
    this.servers.push(server);
    server.on('upgrade', this.onUpgrade);
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => this.tick(), this.o.heartbeatMs);
      this.heartbeat.unref();
      this.budgetTimer = setInterval(() => {
        for (const c of this.clients) c.budget = this.o.framesPerSecond;
      }, 1000);
      this.budgetTimer.unref();
    }
  }

  /** Resolves once events published by other instances reach this one (Redis subscription made). */
  ready(): Promise<void> {
    return this.bus.ready();
  }

  connectionCount() {
    return this.clients.size;
  }

  async close() {
    clearInterval(this.heartbeat);
    clearInterval(this.budgetTimer);
    for (const s of this.servers) s.off('upgrade', this.onUpgrade);
    for (const c of this.clients) {
      clearTimeout(c.expiryTimer);
      c.ws.close(WS_CLOSE.restarting, 'restarting: reconnect');
    }
    // Give close frames a moment, then drop what is left.
    await new Promise((r) => setTimeout(r, 50));
    for (const c of this.clients) c.ws.terminate();
    this.wss.close();
    await this.bus.close();
  }

  private onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== REALTIME_PATH) return; // another upgrade handler may want it
    const address = this.clientAddress(req);
    const held = this.pending.get(address) ?? 0;
    if (held >= this.o.unauthenticatedPerAddress) {
      socket.on('error', () => undefined);
      socket.end('HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.pending.set(address, held + 1);
    let handedOver = false;
    // A handshake ws refuses (bad headers) never reaches the callback: the slot is freed on close.
    socket.once('close', () => handedOver || this.unpend(address));
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      handedOver = true;
      this.onConnection(ws, address);
    });
  };

  private unpend(address: string) {
    const n = (this.pending.get(address) ?? 1) - 1;
    if (n <= 0) this.pending.delete(address);
    else this.pending.set(address, n);
  }

  /** The socket no longer counts as unauthenticated (it authenticated or closed). */
  private release(client: Client) {
    if (client.pendingAddress === null) return;
    this.unpend(client.pendingAddress);
    client.pendingAddress = null;
  }

  private onConnection(ws: WebSocket, address: string) {
    const client: Client = { id: randomUUID(), ws, actor: null, topics: [], alive: true, budget: this.o.framesPerSecond, pendingAddress: address };
    this.clients.add(client);
    const authTimer = setTimeout(() => {
      if (!client.actor) ws.close(WS_CLOSE.authTimeout, 'auth timeout');
    }, this.o.authTimeoutMs);
    ws.on('pong', () => (client.alive = true));
    ws.on('message', (data: RawData) => void this.onFrame(client, data));
    ws.on('close', () => {
      this.release(client);
      clearTimeout(authTimer);
      clearTimeout(client.expiryTimer);
      this.clients.delete(client);
      for (const t of client.topics) {
        const set = this.byTopic.get(t);
        set?.delete(client);
        if (set?.size === 0) this.byTopic.delete(t);
      }
      if (client.actor) void this.presence.remove(client.actor.userId, client.id);
    });
    ws.on('error', () => ws.terminate());
  }

  private send(client: Client, frame: ServerFrame) {
    if (client.ws.readyState !== WebSocket.OPEN) return;
    if (client.ws.bufferedAmount > this.o.maxBufferedBytes) {
      client.ws.close(WS_CLOSE.tooSlow, 'too slow');
      return;
    }
    client.ws.send(JSON.stringify(frame));
  }

  private async onFrame(client: Client, data: RawData) {
    client.alive = true;
    if (--client.budget < 0) {
      this.send(client, { type: 'error', code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试' });
      return;
    }
    let frame: ClientFrame;
    try {
      frame = JSON.parse(data.toString()) as ClientFrame;
      if (!frame || typeof frame.type !== 'string') throw new Error('no type');
    } catch {
      this.send(client, { type: 'error', code: 'MALFORMED_REQUEST', message: '消息格式有误' });
      return;
    }
    if (frame.type === 'ping') return this.send(client, { type: 'pong' });
    if (frame.type === 'auth') return this.authenticate(client, frame.token);
    if (!client.actor) {
      client.ws.close(WS_CLOSE.unauthenticated, 'authenticate first');
      return;
    }
    if (!this.handler) return;
    try {
      await this.handler.handle(client.actor, frame, (f) => this.send(client, f));
    } catch (e) {
      const clientId = frame.type === 'send' ? frame.message?.clientId : undefined;
      const code = e instanceof AppError ? e.code : 'INTERNAL';
      const message = e instanceof AppError ? e.message : '系统繁忙，请稍后再试';
      if (!(e instanceof AppError)) this.logger.error({ err: e }, 'realtime frame failed');
      const retry = e instanceof AppError && typeof e.meta?.retryAfterSeconds === 'number' ? { retryAfterSeconds: e.meta.retryAfterSeconds } : {};
      if (clientId) this.send(client, { type: 'nack', clientId, code, message, ...retry });
      else this.send(client, { type: 'error', code, message, ...retry });
    }
  }

  private async authenticate(client: Client, token: unknown) {
    if (client.actor) return;
    let actor: Actor;
    try {
      if (typeof token !== 'string') throw new Error('no token');
      actor = await this.authenticateToken(token);
    } catch {
      client.ws.close(WS_CLOSE.unauthenticated, 'unauthenticated');
      return;
    }
    const exp = (jwt.decode(token) as jwt.JwtPayload | null)?.exp;
    if (exp) {
      client.expiryTimer = setTimeout(() => client.ws.close(WS_CLOSE.unauthenticated, 'token expired'), Math.max(0, exp * 1000 - Date.now()));
      client.expiryTimer.unref();
    }
    let extra: string[] = [];
    try {
      extra = this.handler ? await this.handler.topicsFor(actor) : [];
    } catch (e) {
      // A doctor's socket without its team topics would miss alerts without anyone knowing: refuse
      // it, and the app reconnects with backoff until the platform answers.
      this.logger.warn({ err: (e as Error).message }, 'realtime topics lookup failed');
      client.ws.close(WS_CLOSE.tryAgain, 'try again');
      return;
    }
    if (client.ws.readyState !== WebSocket.OPEN) return;
    client.actor = actor;
    this.release(client);
    client.topics = [`u:${actor.userId}`, ...extra];
    for (const t of client.topics) {
      let set = this.byTopic.get(t);
      if (!set) this.byTopic.set(t, (set = new Set()));
      set.add(client);
    }
    await this.presence.add(actor.userId, client.id);
    this.send(client, { type: 'ready', userId: actor.userId });
  }

  private deliverLocal(e: Envelope) {
    const seen = new Set<Client>();
    const raw = JSON.stringify(e.frame);
    for (const t of e.to) {
      for (const c of this.byTopic.get(t) ?? []) {
        if (seen.has(c)) continue;
        seen.add(c);
        if (c.ws.readyState !== WebSocket.OPEN) continue;
        if (c.ws.bufferedAmount > this.o.maxBufferedBytes) c.ws.close(WS_CLOSE.tooSlow, 'too slow');
        else c.ws.send(raw);
      }
    }
  }

  private tick() {
    const live: Array<[string, string]> = [];
    for (const c of this.clients) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
      if (c.actor) live.push([c.actor.userId, c.id]);
    }
    void this.presence.refresh(live);
  }
}
