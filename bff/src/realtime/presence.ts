import type Redis from 'ioredis';

/**
 * Who has a live socket, across instances. Locally a count per user; with Redis a sorted set per
 * user whose members are this instance's sockets, scored by expiry and refreshed with the
 * heartbeat, so a crashed instance's entries lapse by themselves.
 */
export class Presence {
  private readonly local = new Map<string, number>();
  constructor(
    private readonly redis: Redis | null,
    private readonly instanceId: string,
    private readonly ttlMs: number,
  ) {}

  private key(userId: string) {
    return `hp:rt:online:${userId}`;
  }

  async add(userId: string, socketId: string) {
    this.local.set(userId, (this.local.get(userId) ?? 0) + 1);
    if (this.redis) await this.refresh([[userId, socketId]]);
  }

  async remove(userId: string, socketId: string) {
    const n = (this.local.get(userId) ?? 1) - 1;
    if (n <= 0) this.local.delete(userId);
    else this.local.set(userId, n);
    if (this.redis) await this.redis.zrem(this.key(userId), `${this.instanceId}:${socketId}`).catch(() => undefined);
  }

  /** Called on every heartbeat tick with this instance's sockets. */
  async refresh(sockets: Array<[userId: string, socketId: string]>) {
    if (!this.redis || sockets.length === 0) return;
    const expires = Date.now() + this.ttlMs;
    const p = this.redis.pipeline();
    for (const [userId, socketId] of sockets) {
      p.zadd(this.key(userId), expires, `${this.instanceId}:${socketId}`);
      p.pexpire(this.key(userId), this.ttlMs);
    }
    await p.exec().catch(() => undefined);
  }

  async isOnline(userId: string): Promise<boolean> {
    if (this.local.has(userId)) return true;
    if (!this.redis) return false;
    try {
      return (await this.redis.zcount(this.key(userId), Date.now(), '+inf')) > 0;
    } catch {
      // Unknown: say offline, so the resident rather gets one notification too many than none.
      return false;
    }
  }

  localCount(): number {
    let n = 0;
    for (const v of this.local.values()) n += v;
    return n;
  }
}
