import { randomUUID } from 'node:crypto';
import { describeCampaigns } from './campaigns.cases';

// QUEUE_REDIS_URL, not REDIS_URL: the login rate limit would otherwise be shared with every test on this Redis.
describeCampaigns('BullMQ on Redis', { QUEUE_REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: `hptest-${randomUUID().slice(0, 8)}` });
