import { In, LessThan, type DataSource } from 'typeorm';
import { DELIVERY_REASONS, type CampaignView, type DeliveryReason } from '@healthpocket/shared-types';
import { ContentArticle, ContentCampaign, ContentDelivery } from '../../db/entities';
import { newId } from '../../db/columns';
import type { Audit, Scope } from '../../audit/audit';
import type { WechatClient } from '../../wechat/client';
import type { Logger } from '../../logger';
import { AppError, errors } from '../../errors';
import type { JobRun, Queue } from '../../queue';
import { describeSegment, type SegmentSpec, type Segments } from './segments';
import { articleMessageData, articlePage } from './fields';
import { chinaIso, chinaIsoOrNull } from './time';
import type { ContentSettings } from './settings';

export interface PrepareJob {
  campaignId: string;
}
export interface DeliverJob {
  deliveryId: string;
}

/** A claim older than this belongs to a process that died mid-send. */
const STALE_CLAIM_MS = 5 * 60_000;
const INSERT_CHUNK = 500;

type Outcome = { status: 'sent' | 'failed' | 'skipped'; reason: DeliveryReason | null; lastError?: string | null };

/**
 * Campaigns push one article to one segment by subscribe message.
 * prepare job: evaluate the segment, insert one delivery row per resident (unique per campaign),
 * queue one deliver job per row. deliver job: claim the row (pending → sending, a conditional
 * update), call WeChat, record the outcome. A row is claimed at most once per round, so a
 * resident never gets one campaign twice, whatever the queue repeats or however many instances run.
 */
export class Campaigns {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: Audit,
    private readonly segments: Segments,
    private readonly wechat: WechatClient,
    private readonly settings: ContentSettings,
    /** The upstream time budget: a failure that used all of it may have been delivered. */
    private readonly prepareQueue: Queue<PrepareJob>,
    private readonly deliverQueue: Queue<DeliverJob>,
    private readonly logger: Logger,
    /** The resident's push consent, read at send time: a withdrawal stops sends already queued. */
    private readonly pushAllowed: (userId: string) => Promise<boolean> = async () => true,
  ) {}

  private deliveries() {
    return this.ds.getRepository(ContentDelivery);
  }

  async create(scope: Scope, articleId: string, segment: SegmentSpec): Promise<CampaignView> {
    const article = await this.ds.getRepository(ContentArticle).findOneBy({ id: articleId });
    if (!article) throw errors.notFound('没有找到这篇文章');
    if (article.status !== 'published') throw errors.of('ARTICLE_NOT_PUBLISHED');
    const row = this.ds.getRepository(ContentCampaign).create({
      id: newId(),
      articleId,
      segment: segment as Record<string, unknown>,
      segmentDescription: describeSegment(segment),
      templateId: this.settings.templateId,
      status: 'preparing',
      audienceCount: 0,
      note: null,
      createdByUserId: scope.actor.userId,
      startedAt: null,
      finishedAt: null,
    });
    await this.ds.getRepository(ContentCampaign).insert(row as never); // simple-json column: TypeORM's deep-partial type trips over Record<string, unknown>
    await this.audit.record(scope, { action: 'content.campaign.create', subjectType: 'campaign', subjectId: row.id, detail: { articleId, segment } });
    await this.prepareQueue.add('prepare', { campaignId: row.id }, { jobId: `prep_${row.id}`, attempts: 3, backoffMs: this.settings.backoffMs });
    return this.view(row.id);
  }

  /** Computes the audience once (a retry finds the rows already there) and queues the sends. */
  async prepare(job: JobRun<PrepareJob>): Promise<void> {
    const c = await this.ds.getRepository(ContentCampaign).findOneBy({ id: job.data.campaignId });
    if (!c || c.status !== 'preparing') return;
    const scope: Scope = { actor: { userId: c.createdByUserId, roles: ['operator'] }, requestId: `campaign-${c.id}` };
    let recipients;
    try {
      ({ recipients } = await this.segments.evaluate(scope, c.segment as SegmentSpec));
    } catch (e) {
      if (job.attempt < job.maxAttempts) throw e;
      const note = e instanceof AppError ? e.message : '人群统计失败';
      await this.ds.getRepository(ContentCampaign).update({ id: c.id, status: 'preparing' }, { status: 'stopped', note, finishedAt: new Date() });
      return;
    }
    for (let i = 0; i < recipients.length; i += INSERT_CHUNK) {
      const chunk = recipients.slice(i, i + INSERT_CHUNK).map((r) => ({ id: newId(), campaignId: c.id, userId: r.userId, openid: r.openid, status: 'pending' as const }));
      await this.deliveries().createQueryBuilder().insert().into(ContentDelivery).values(chunk).orIgnore().execute();
    }
    const audience = await this.deliveries().countBy({ campaignId: c.id });
    await this.ds.getRepository(ContentCampaign).update({ id: c.id, status: 'preparing' }, { status: 'sending', audienceCount: audience, startedAt: new Date() });
    await this.enqueuePending(c.id);
    await this.completeIfDone(c.id);
  }

  private async enqueuePending(campaignId: string): Promise<void> {
    const rows = await this.deliveries().find({ where: { campaignId, status: 'pending' }, select: { id: true, round: true } });
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await this.deliverQueue.addBulk(
        rows.slice(i, i + INSERT_CHUNK).map((d) => ({
          name: 'deliver',
          data: { deliveryId: d.id },
          opts: { jobId: `d_${d.id}_${d.round}`, attempts: this.settings.attempts, backoffMs: this.settings.backoffMs },
        })),
      );
    }
  }

  async deliver(job: JobRun<DeliverJob>): Promise<void> {
    const d = await this.deliveries().findOneBy({ id: job.data.deliveryId });
    if (!d || d.status !== 'pending') return;
    const article = await this.ds
      .getRepository(ContentArticle)
      .createQueryBuilder('a')
      .innerJoin(ContentCampaign, 'c', 'c.articleId = a.id')
      .where('c.id = :id', { id: d.campaignId })
      .getOne();
    if (!article || article.status !== 'published') {
      await this.finish(d.id, 'pending', { status: 'skipped', reason: 'ARTICLE_UNPUBLISHED' });
      return this.completeIfDone(d.campaignId);
    }
    if (!(await this.pushAllowed(d.userId))) {
      await this.finish(d.id, 'pending', { status: 'skipped', reason: 'CONSENT_WITHDRAWN' });
      return this.completeIfDone(d.campaignId);
    }
    // The claim: only one worker anywhere moves this row from pending to sending.
    const claim = await this.deliveries()
      .createQueryBuilder()
      .update(ContentDelivery)
      .set({ status: 'sending', claimedAt: new Date(), attempts: () => 'attempts + 1' })
      .where('id = :id AND status = :status', { id: d.id, status: 'pending' })
      .execute();
    if (!claim.affected) return;

    let outcome: Outcome;
    try {
      const r = await this.wechat.sendSubscribeMessage({ touser: d.openid, templateId: this.settings.templateId, page: articlePage(article.id, d.campaignId), data: articleMessageData(article) });
      outcome =
        r.result === 'sent'
          ? { status: 'sent', reason: null }
          : r.result === 'refused'
            ? { status: 'skipped', reason: 'NO_SUBSCRIPTION' }
            : { status: 'failed', reason: 'FIELD_INVALID', lastError: `${r.errcode} ${r.errmsg ?? ''}`.slice(0, 255) };
    } catch (e) {
      const transient = e instanceof AppError && e.code === 'UPSTREAM_UNAVAILABLE';
      // A send that timed out may have reached WeChat: sending again could duplicate.
      if (transient && (e as { upstreamReason?: string }).upstreamReason === 'timeout') {
        outcome = { status: 'failed', reason: 'OUTCOME_UNKNOWN', lastError: 'timeout' };
      } else if (job.attempt < job.maxAttempts) {
        await this.deliveries().update({ id: d.id, status: 'sending' }, { status: 'pending', lastError: String((e as Error).message).slice(0, 255) });
        throw e; // the queue retries with backoff
      } else {
        outcome = { status: 'failed', reason: 'WECHAT_UNAVAILABLE', lastError: String((e as Error).message).slice(0, 255) };
      }
    }
    await this.finish(d.id, 'sending', outcome);
    await this.completeIfDone(d.campaignId);
  }

  private async finish(id: string, from: 'pending' | 'sending', o: Outcome): Promise<void> {
    await this.deliveries().update({ id, status: from }, { status: o.status, reason: o.reason, lastError: o.lastError ?? null, sentAt: o.status === 'sent' ? new Date() : null });
  }

  private async completeIfDone(campaignId: string): Promise<void> {
    const open = await this.deliveries().countBy({ campaignId, status: In(['pending', 'sending']) });
    if (open === 0) await this.ds.getRepository(ContentCampaign).update({ id: campaignId, status: 'sending' }, { status: 'done', finishedAt: new Date() });
  }

  /** Sends again what failed because WeChat was unavailable; sent, skipped and unknown outcomes stay as they are. */
  async resume(scope: Scope, id: string): Promise<CampaignView> {
    const c = await this.ds.getRepository(ContentCampaign).findOneBy({ id });
    if (!c) throw errors.notFound('没有找到这次推送');
    const article = await this.ds.getRepository(ContentArticle).findOneBy({ id: c.articleId });
    if (article?.status !== 'published') throw errors.of('ARTICLE_NOT_PUBLISHED');
    const res = await this.deliveries()
      .createQueryBuilder()
      .update(ContentDelivery)
      .set({ status: 'pending', reason: null, attempts: 0, round: () => 'round + 1' })
      .where('campaignId = :id AND status = :status AND reason = :reason', { id, status: 'failed', reason: 'WECHAT_UNAVAILABLE' })
      .execute();
    const pending = await this.deliveries().countBy({ campaignId: id, status: 'pending' });
    if (!res.affected && !pending) throw errors.of('CAMPAIGN_NOT_RESUMABLE');
    await this.ds.getRepository(ContentCampaign).update({ id, status: In(['done', 'sending']) }, { status: 'sending', finishedAt: null });
    await this.audit.record(scope, { action: 'content.campaign.resume', subjectType: 'campaign', subjectId: id, detail: { retried: res.affected ?? 0 } });
    await this.enqueuePending(id);
    return this.view(id);
  }

  /** The article went offline: what has not been sent is skipped. */
  async stopForArticle(articleId: string): Promise<void> {
    const campaigns = await this.ds.getRepository(ContentCampaign).findBy({ articleId, status: In(['preparing', 'sending']) });
    for (const c of campaigns) {
      await this.deliveries().update({ campaignId: c.id, status: 'pending' }, { status: 'skipped', reason: 'ARTICLE_UNPUBLISHED' });
      await this.ds.getRepository(ContentCampaign).update({ id: c.id, status: In(['preparing', 'sending']) }, { status: 'stopped', note: '文章已下线', finishedAt: new Date() });
    }
  }

  /**
   * On start and periodically: claims left by a dead process become OUTCOME_UNKNOWN (never resent),
   * and pending rows are queued again (the in-process queue forgets jobs on restart).
   */
  async recover(): Promise<void> {
    const repo = this.ds.getRepository(ContentCampaign);
    for (const c of await repo.findBy({ status: 'preparing' })) {
      await this.prepareQueue.add('prepare', { campaignId: c.id }, { jobId: `prep_${c.id}`, attempts: 3, backoffMs: this.settings.backoffMs });
    }
    for (const c of await repo.findBy({ status: 'sending' })) {
      await this.deliveries().update(
        { campaignId: c.id, status: 'sending', claimedAt: LessThan(new Date(Date.now() - STALE_CLAIM_MS)) },
        { status: 'failed', reason: 'OUTCOME_UNKNOWN', lastError: 'process stopped while sending' },
      );
      await this.enqueuePending(c.id);
      await this.completeIfDone(c.id);
    }
  }

  async view(id: string): Promise<CampaignView> {
    const c = await this.ds.getRepository(ContentCampaign).findOneBy({ id });
    if (!c) throw errors.notFound('没有找到这次推送');
    return (await this.present([c]))[0];
  }

  async list(articleId?: string): Promise<CampaignView[]> {
    const rows = await this.ds.getRepository(ContentCampaign).find({ where: articleId ? { articleId } : {}, order: { createdAt: 'DESC' }, take: 100 });
    return this.present(rows);
  }

  private async present(rows: ContentCampaign[]): Promise<CampaignView[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const grouped: Array<{ campaignId: string; status: ContentDelivery['status']; reason: DeliveryReason | null; n: string | number }> = await this.deliveries()
      .createQueryBuilder('d')
      .select('d.campaignId', 'campaignId')
      .addSelect('d.status', 'status')
      .addSelect('d.reason', 'reason')
      .addSelect('COUNT(*)', 'n')
      .where('d.campaignId IN (:...ids)', { ids })
      .groupBy('d.campaignId')
      .addGroupBy('d.status')
      .addGroupBy('d.reason')
      .getRawMany();
    const titles = new Map((await this.ds.getRepository(ContentArticle).find({ where: { id: In(rows.map((r) => r.articleId)) }, select: { id: true, title: true } })).map((a) => [a.id, a.title]));
    return rows.map((c) => {
      const counts = { pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
      const reasons: CampaignView['reasons'] = [];
      let retryable = 0;
      for (const g of grouped.filter((x) => x.campaignId === c.id)) {
        const n = Number(g.n);
        counts[g.status] += n;
        if ((g.status === 'failed' || g.status === 'skipped') && g.reason) reasons.push({ status: g.status, reason: g.reason, label: DELIVERY_REASONS[g.reason] ?? g.reason, count: n });
        if (g.status === 'failed' && g.reason === 'WECHAT_UNAVAILABLE') retryable += n;
      }
      return {
        id: c.id,
        articleId: c.articleId,
        articleTitle: titles.get(c.articleId) ?? '',
        segment: c.segment,
        segmentDescription: c.note ? `${c.segmentDescription}（${c.note}）` : c.segmentDescription,
        status: c.status,
        audienceCount: c.audienceCount,
        counts,
        reasons: reasons.sort((a, b) => b.count - a.count),
        retryable,
        createdAt: chinaIso(c.createdAt),
        startedAt: chinaIsoOrNull(c.startedAt),
        finishedAt: chinaIsoOrNull(c.finishedAt),
      };
    });
  }
}
