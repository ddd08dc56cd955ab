/**
 * Chat clients for the drill, behaving as the app's socket does (miniapp/services/chat-socket.ts):
 * authenticate, catch up with a `sync` frame from the last seq seen, resend what was not
 * acknowledged with the same clientId, and reconnect when the connection drops (at once on 1012,
 * the draining instance's hint).
 */
import WebSocket from 'ws';
import { SeqCursor } from '../../miniapp/services/seq-cursor';

export class Device {
  ws: WebSocket | null = null;
  /** As the app's: catch-up starts before the first hole, not after the highest seq seen. */
  readonly cursor = new SeqCursor();
  readonly received = new Set<string>();
  readonly acked = new Set<string>();
  readonly pending = new Map<string, { text: string; sentAt: number }>();
  readonly closeCodes: number[] = [];
  /** Refusals by code (RATE_LIMITED …): the message stays pending and goes again. */
  readonly nacks = new Map<string, number>();
  reconnects = 0;
  private stopped = false;
  private ready = false;
  private resendTimer: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly conversationId: string,
  ) {
    // Unacknowledged for 2 s (a nack, a frame lost with a dying instance): send again, same clientId.
    this.resendTimer = setInterval(() => {
      const now = Date.now();
      for (const [clientId, p] of this.pending) if (now - p.sentAt > 2000) this.transmit(clientId, p.text);
    }, 500);
  }

  connect(): Promise<void> {
    return new Promise((resolve) => {
      const ws = new WebSocket(this.url.replace(/^http/, 'ws') + '/api/v1/realtime');
      this.ws = ws;
      this.ready = false;
      ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: this.token })));
      ws.on('message', (d) => {
        const f = JSON.parse(d.toString());
        if (f.type === 'ready') {
          this.ready = true;
          ws.send(JSON.stringify({ type: 'sync', conversationId: this.conversationId, afterSeq: this.cursor.complete }));
          for (const [clientId, p] of this.pending) this.transmit(clientId, p.text);
          resolve();
        } else if (f.type === 'message' && f.message.conversationId === this.conversationId) {
          if (f.message.clientId) this.received.add(f.message.clientId);
          this.cursor.see(f.message.seq);
          if (this.cursor.hasGap) this.sync();
        } else if (f.type === 'nack' || f.type === 'error') {
          this.nacks.set(f.code, (this.nacks.get(f.code) ?? 0) + 1);
        } else if (f.type === 'ack') {
          this.acked.add(f.clientId);
          this.pending.delete(f.clientId);
        }
      });
      ws.on('error', () => undefined);
      ws.on('close', (code) => {
        this.closeCodes.push(code);
        this.ready = false;
        if (this.stopped) return;
        this.reconnects++;
        setTimeout(() => void this.connect().then(resolve), code === 1012 ? 100 + Math.random() * 300 : 300 + Math.random() * 500);
      });
    });
  }

  send(clientId: string, text: string) {
    this.pending.set(clientId, { text, sentAt: Date.now() });
    this.transmit(clientId, text);
  }

  private transmit(clientId: string, text: string) {
    const p = this.pending.get(clientId);
    if (p) p.sentAt = Date.now();
    if (!this.ready || this.ws?.readyState !== WebSocket.OPEN) return;
    this.ws.send(JSON.stringify({ type: 'send', conversationId: this.conversationId, message: { clientId, kind: 'text', text } }));
  }

  /** Asks for everything after the last seq seen (what the app does when it comes back to the page). */
  sync() {
    if (this.ready && this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'sync', conversationId: this.conversationId, afterSeq: this.cursor.complete }));
  }

  /** For the drill's report: where this device stands. */
  state(): string {
    return `ready ${this.ready}, socket ${this.ws?.readyState}, ${this.pending.size} pending, ${this.reconnects} reconnects, closes ${this.closeCodes.join('/')}, refusals ${JSON.stringify([...this.nacks])}`;
  }

  close() {
    this.stopped = true;
    clearInterval(this.resendTimer);
    this.ws?.terminate();
  }
}
