import { randomUUID } from 'node:crypto';
import { createLogger } from '../logger';
import { BullMqBackend } from '.';
import { REDIS_URL, describeQueue } from './queue.cases';

describeQueue('BullMQ on Redis', () => new BullMqBackend(REDIS_URL, `hptest-${randomUUID().slice(0, 8)}`, createLogger('silent')));
