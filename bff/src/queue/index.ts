import type { Logger } from '../logger';
import { BullMqBackend } from './bullmq';
import { MemoryQueueBackend } from './memory';
import type { QueueBackend } from './types';

export * from './types';
export { MemoryQueueBackend, BullMqBackend };

/** BullMQ when REDIS_URL is set; otherwise the in-process queue (the embedded default). */
export function createQueueBackend(opts: { redisUrl?: string; prefix?: string; logger: Logger }): QueueBackend {
  if (opts.redisUrl) return new BullMqBackend(opts.redisUrl, opts.prefix ?? 'hp', opts.logger);
  return new MemoryQueueBackend(opts.logger);
}
