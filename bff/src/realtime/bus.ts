import { EventEmitter } from 'node:events';
import type Redis from 'ioredis';
import type { ServerFrame } from '@healthpocket/shared-types';
import type { Logger } from '../logger';

/** A frame addressed to topics: `u:<userId>` (every socket of a user) or `t:<teamId>` (a team's staff). */
export interface Envelope {
  to: string[];
  frame: ServerFrame;
}

/**
 * Fan-out between BFF instances. Every instance publishes every event and each delivers it to the
 * sockets it holds; delivery is best effort, since messages are stored first and clients catch up
 * by sequence number after a reconnect.
 */
export interface Bus {
  publish(e: Envelope): Promise<void>;
  subscribe(fn: (e: Envelope) => void): void;
  /** Resolves once this instance receives what other instances publish. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** The embedded default: one process, so an EventEmitter is the bus. */
export class InProcessBus implements Bus {
  private readonly ee = new EventEmitter();
  constructor() {
    this.ee.setMaxListeners(0);
  }
  async publish(e: Envelope) {
    this.ee.emit('e', e);
  }
  subscribe(fn: (e: Envelope) => void) {
    this.ee.on('e', fn);
  }
  async ready() {}
  async close() {
    this.ee.removeAllListeners();
  }
}

const REDIS_CHANNEL = 'hp:realtime';

/** With REDIS_URL: Redis pub/sub; a subscribed connection cannot issue other commands, hence a duplicate. */
export class RedisBus implements Bus {
  private readonly sub: Redis;
  private readonly handlers: Array<(e: Envelope) => void> = [];
  private readonly subscribed: Promise<unknown>;

  constructor(
    private readonly pub: Redis,
    private readonly logger: Logger,
  ) {
    this.sub = pub.duplicate();
    this.sub.on('error', (err) => this.logger.warn({ err: err.message }, 'realtime redis subscriber error'));
    this.sub.on('message', (_channel: string, raw: string) => {
      let e: Envelope;
      try {
        e = JSON.parse(raw) as Envelope;
      } catch {
        return;
      }
      for (const h of this.handlers) h(e);
    });
    this.subscribed = this.sub.subscribe(REDIS_CHANNEL);
  }

  async ready() {
    await this.subscribed;
  }

  async publish(e: Envelope) {
    await this.pub.publish(REDIS_CHANNEL, JSON.stringify(e));
  }
  subscribe(fn: (e: Envelope) => void) {
    this.handlers.push(fn);
  }
  async close() {
    await this.sub.quit().catch(() => this.sub.disconnect());
  }
}
