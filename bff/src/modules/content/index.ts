import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import type { Audit } from '../../audit/audit';
import type { Tx } from '../../db/data-source';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Upstream } from '../../upstream/http';
import type { WechatClient } from '../../wechat/client';
import type { Notices } from '../messages';
import type { QueueBackend } from '../../queue';
import type { Storage } from '../../storage';
import { Articles, type PublishJob } from './articles';
import { Revisions } from './revisions';
import { Campaigns, type DeliverJob, type PrepareJob } from './campaigns';
import { Feeds } from './feed';
import { Segments } from './segments';
import { Stats } from './stats';
import { Uploads } from './uploads';

export interface ContentDeps {
  config: Config;
  ds: DataSource;
  tx: Tx;
  logger: Logger;
  audit: Audit;
  crypto: FieldCrypto;
  platform: Upstream;
  wechat: WechatClient;
  queue: QueueBackend;
  storage: Storage;
  /** False once the resident withdrew the push consent (profile). */
  pushAllowed: (userId: string) => Promise<boolean>;
  notices: Notices;
}

const SWEEP_MS = 60_000;

/** Health education: the parts, the queues they use, and the background job that keeps them going. */
export function buildContent(d: ContentDeps) {
  const settings = d.config.content;
  const publishQueue = d.queue.queue<PublishJob>('content-publish');
  const prepareQueue = d.queue.queue<PrepareJob>('content-campaign');
  const deliverQueue = d.queue.queue<DeliverJob>('content-push');

  const segments = new Segments(d.ds, d.crypto, d.platform, d.audit, d.logger);
  const campaigns = new Campaigns(d.ds, d.audit, segments, d.wechat, settings, prepareQueue, deliverQueue, d.logger, d.pushAllowed, d.tx, d.notices);
  const revisions = new Revisions(d.ds, d.tx, d.audit);
  const articles = new Articles(d.ds, d.tx, d.audit, publishQueue, (id) => campaigns.stopForArticle(id), revisions);
  const feeds = new Feeds(d.ds);
  const stats = new Stats(d.ds);
  const uploads = new Uploads(d.ds, d.storage.area('content', path.resolve(settings.uploadDir)), d.audit);

  d.queue.process<PublishJob>('content-publish', (job) => articles.publishDue(job.data), { concurrency: 2 });
  d.queue.process<PrepareJob>('content-campaign', (job) => campaigns.prepare(job), { concurrency: 1 });
  d.queue.process<DeliverJob>('content-push', (job) => campaigns.deliver(job), {
    concurrency: 4,
    limiter: { max: settings.ratePerSecond, durationMs: 1000 },
  });

  let sweep: NodeJS.Timeout | null = null;
  const recover = async () => {
    try {
      await articles.requeueScheduled();
      await campaigns.recover();
    } catch (e) {
      d.logger.warn({ err: (e as Error).message }, 'content recovery failed; retrying at the next sweep');
    }
  };
  // With REDIS_URL the sweep is a shared Job Scheduler instead (runtime/periodic.ts), not start().
  const periodic = { everyMs: SWEEP_MS, run: recover };
  const job = {
    name: 'content',
    periodic,
    start() {
      void periodic.run();
      sweep = setInterval(() => void periodic.run(), SWEEP_MS);
      sweep.unref();
    },
    async stop() {
      if (sweep) clearInterval(sweep);
    },
  };

  return { settings, segments, campaigns, articles, revisions, feeds, stats, uploads, jobs: [job] };
}
