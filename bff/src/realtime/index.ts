import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { Actor } from '../auth/tokens';
import type { Logger } from '../logger';
import { InProcessBus, RedisBus, type Bus } from './bus';
import { Presence } from './presence';
import { RealtimeServer, type ClientAddressOf, type RealtimeOptions } from './server';

export { RealtimeServer, type FrameHandler } from './server';

/** In-process fan-out by default; Redis pub/sub (and Redis presence) when REDIS_URL is set. */
export function createRealtime(
  deps: { redis: Redis | null; authenticate: (token: string) => Promise<Actor>; logger: Logger; clientAddress?: ClientAddressOf },
  opts: RealtimeOptions = {},
): RealtimeServer {
  const bus: Bus = deps.redis ? new RedisBus(deps.redis, deps.logger) : new InProcessBus();
  const heartbeatMs = opts.heartbeatMs ?? 25_000;
  const presence = new Presence(deps.redis, randomUUID(), heartbeatMs * 3);
  return new RealtimeServer(deps.authenticate, bus, presence, deps.logger, { ...opts, heartbeatMs }, deps.clientAddress);
}
