import { createLogger } from '../logger';
import { MemoryQueueBackend } from '.';
import { describeQueue } from './queue.cases';

describeQueue('in-process', () => new MemoryQueueBackend(createLogger('silent')));
