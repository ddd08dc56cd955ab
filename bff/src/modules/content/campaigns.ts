import { In, LessThan, MoreThan, type DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../db/unique-violation';
import { CAMPAIGN_OUTCOME_LABELS, DELIVERY_REASONS, type CampaignOutcome, type CampaignView, type DeliveryReason, type SegmentPreview } from '@healthpocket/shared-types';
import { ContentArticle, ContentCampaign, ContentDelivery, ContentEvent, ContentPushLedger, ContentRead, ContentSubscription, User } from '../../db/entities';
import type { Tx } from '../../db/data-source';
import { lockRow } from '../../db/lock';
import { newId } from '../../db/columns';
import type { Audit, Scope } from '../../audit/audit';
import type { WechatClient } from '../../wechat/client';
import type { Notices } from '../messages';
import type { Logger } from '../../logger';
import { AppError, errors } from '../../errors';
import { RetryLater, type JobRun, type Queue } from '../../queue';
import { describeSegment, type SegmentSpec, type Segments } from './segments';
import { articleMessageData, articlePage } from './fields';
import { chinaIso, chinaIsoOrNull } from './time';
import { quietRemainingMs, type ContentSettings } from './settings';
import type { Recipient } from './segments';

export interface PrepareJob {
  campaignId: string;
}
export interface DeliverJob {
  deliveryId: string;
}

const WEEK_MS = 7 * 24 * 3600_000;

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
    private readonly tx: Tx | undefined,
    /** 消息中心: each article pushed also leaves its durable copy there. */
    private readonly notices: Notices,
  ) {}

  /** The clock for quiet hours and the weekly cap (tests move it). */
  now: () => number = () => Date.now();

  /**
   * Who a push of `articleId` to this segment would reach: residents only (staff accounts are left
   * out), less those who already received the article or this week's maximum. `reachable` counts
   * those with an acceptance of the template the app saw and not yet used (WeChat decides in the end).
   */
  async audience(scope: Scope, articleId: string | null, segment: SegmentSpec) {
    const { recipients, excludedWithoutConsent } = await this.segments.evaluate(scope, segment);
    const residents = recipients.filter((r) => !r.staff);
    const ids = residents.map((r) => r.userId);
    const received = new Set<string>();
    const weekly = new Map<string, number>();
    const subs = new Map<string, ContentSubscription>();
    for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
      const chunk = ids.slice(i, i + INSERT_CHUNK);
      if (articleId) for (const l of await this.ds.getRepository(ContentPushLedger).find({ where: { articleId, userId: In(chunk) }, select: { userId: true } })) received.add(l.userId);
      const recent: Array<{ userId: string; n: string | number }> = await this.ds
        .getRepository(ContentPushLedger)
        .createQueryBuilder('l')
        .select('l.userId', 'userId')
        .addSelect('COUNT(*)', 'n')
        .where('l.userId IN (:...chunk) AND l.claimedAt > :since', { chunk, since: new Date(this.now() - WEEK_MS) })
        .groupBy('l.userId')
        .getRawMany();
      for (const r of recent) weekly.set(r.userId, Number(r.n));
      for (const sub of await this.ds.getRepository(ContentSubscription).findBy({ userId: In(chunk), templateId: this.settings.templateId })) subs.set(sub.userId, sub);
    }
    const send: Recipient[] = [];
    const capped: Array<Recipient & { reason: DeliveryReason }> = [];
    for (const r of residents) {
      if (received.has(r.userId)) capped.push({ ...r, reason: 'ALREADY_RECEIVED' });
      else if ((weekly.get(r.userId) ?? 0) >= this.settings.weeklyCap) capped.push({ ...r, reason: 'WEEKLY_CAP' });
      else send.push(r);
    }
    const reachable = send.filter((r) => {
      const sub = subs.get(r.userId);
      return !!sub && sub.acceptedCount > sub.usedCount;
    }).length;
    return { send, capped, excludedStaff: recipients.length - residents.length, excludedWithoutConsent, reachable };
  }

  async preview(scope: Scope, articleId: string | undefined, segment: SegmentSpec): Promise<SegmentPreview> {
    if (articleId && !(await this.ds.getRepository(ContentArticle).existsBy({ id: articleId }))) throw errors.notFound('没有找到这篇文章');
    const a = await this.audience(scope, articleId ?? null, segment);
    const q = this.settings.quietHours;
    return {
      count: a.send.length,
      reachable: a.reachable,
      excludedStaff: a.excludedStaff,
      excludedAlreadyReceived: a.capped.filter((c) => c.reason === 'ALREADY_RECEIVED').length,
      excludedWeeklyCap: a.capped.filter((c) => c.reason === 'WEEKLY_CAP').length,
      excludedWithoutConsent: a.excludedWithoutConsent,
      quietHours: { start: q?.start ?? '', end: q?.end ?? '', now: quietRemainingMs(q, this.now()) > 0 },
      weeklyCap: this.settings.weeklyCap,
      description: describeSegment(segment),
    };
  }

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
    let audience;
    try {
      audience = await this.audience(scope, c.articleId, c.segment as SegmentSpec);
    } catch (e) {
      if (job.attempt < job.maxAttempts) throw e;
      const note = e instanceof AppError ? e.message : '人群统计失败';
      await this.ds.getRepository(ContentCampaign).update({ id: c.id, status: 'preparing' }, { status: 'stopped', note, finishedAt: new Date() });
      return;
    }
    // Capped residents get a skipped row with the reason, so the report says why they were left out.
    const rows = [
      ...audience.send.map((r) => ({ userId: r.userId, openid: r.openid, status: 'pending' as const, reason: null })),
      ...audience.capped.map((r) => ({ userId: r.userId, openid: r.openid, status: 'skipped' as const, reason: r.reason })),
    ];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK).map((r) => ({ id: newId(), campaignId: c.id, ...r }));
      await this.deliveries().createQueryBuilder().insert().into(ContentDelivery).values(chunk).orIgnore().execute();
    }
    const audienceCount = await this.deliveries().countBy({ campaignId: c.id });
    await this.ds.getRepository(ContentCampaign).update({ id: c.id, status: 'preparing' }, { status: 'sending', audienceCount, startedAt: new Date() });
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
    const quiet = quietRemainingMs(this.settings.quietHours, this.now());
    if (quiet > 0) throw new RetryLater(quiet + Math.floor(Math.random() * 60_000)); // spread the morning's sends over a minute
    const article = await this.ds.getRepository(ContentArticle).createQueryBuilder('a').innerJoin(ContentCampaign, 'c', 'c.articleId = a.id').where('c.id = :id', { id: d.campaignId }).getOne();
    if (!article || article.status !== 'published') {
      await this.finish(d.id, 'pending', { status: 'skipped', reason: 'ARTICLE_UNPUBLISHED' });
      return this.completeIfDone(d.campaignId);
    }
    if (!(await this.pushAllowed(d.userId))) {
      await this.finish(d.id, 'pending', { status: 'skipped', reason: 'CONSENT_WITHDRAWN' });
      return this.completeIfDone(d.campaignId);
    }
    const claim = await this.claim(d, article.id);
    if (claim === 'lost') return;
    if (claim !== 'claimed') {
      await this.finish(d.id, 'pending', { status: 'skipped', reason: claim });
      return this.completeIfDone(d.campaignId);
    }

    let outcome: Outcome;
    try {
      // The centre's copy before the send: kept whether or not WeChat delivers (no quota left); a retry keeps its one row.
      await this.notices.post(d.userId, {
        category: 'article',
        title: article.title,
        body: article.summary || '点击查看全文',
        link: articlePage(article.id, d.campaignId),
        dedupeKey: `campaign-delivery:${d.id}`,
      });
      const r = await this.wechat.sendSubscribeMessage({ touser: d.openid, templateId: this.settings.templateId, page: articlePage(article.id, d.campaignId), data: articleMessageData(article) });
      outcome =
        r.result === 'sent'
          ? { status: 'sent', reason: null }
          : r.result === 'refused'
            ? { status: 'skipped', reason: 'NO_SUBSCRIPTION' }
            : { status: 'failed', reason: 'FIELD_INVALID', lastError: `${r.errcode} ${r.errmsg ?? ''}`.slice(0, 255) };
      await this.noteQuota(d.userId, r.result);
    } catch (e) {
      const transient = e instanceof AppError && e.code === 'UPSTREAM_UNAVAILABLE';
      // A send that timed out may have reached WeChat, and one WeChat answered in a shape we cannot
      // read (contract) did: sending again could duplicate.
      const reason = transient ? (e as { upstreamReason?: string }).upstreamReason : undefined;
      if (reason === 'timeout' || reason === 'contract') {
        outcome = { status: 'failed', reason: 'OUTCOME_UNKNOWN', lastError: reason };
      } else if (job.attempt < job.maxAttempts) {
        await this.deliveries().update({ id: d.id, status: 'sending' }, { status: 'pending', lastError: String((e as Error).message).slice(0, 255) });
        await this.ds.getRepository(ContentPushLedger).delete({ deliveryId: d.id });
        throw e; // the queue retries with backoff
      } else {
        outcome = { status: 'failed', reason: 'WECHAT_UNAVAILABLE', lastError: String((e as Error).message).slice(0, 255) };
      }
    }
    await this.finish(d.id, 'sending', outcome);
    await this.completeIfDone(d.campaignId);
  }

  /**
   * The claim, in one transaction with the resident's row locked: the article not yet received
   * (a ledger row per user and article, unique), under the weekly cap, and the delivery moved from
   * pending to sending. Only one worker anywhere wins it, so neither a campaign nor an article
   * reaches a resident twice, and two campaigns at once cannot both take the last weekly slot.
   */
  private async claim(d: ContentDelivery, articleId: string): Promise<'claimed' | 'lost' | 'ALREADY_RECEIVED' | 'WEEKLY_CAP'> {
    const run = async (m: EntityManager) => {
      if (this.tx) await lockRow(m, this.tx.dialect, User, d.userId);
      const ledger = m.getRepository(ContentPushLedger);
      const before = await ledger.findOneBy({ userId: d.userId, articleId });
      if (before) return before.deliveryId === d.id ? 'lost' : 'ALREADY_RECEIVED';
      if ((await ledger.countBy({ userId: d.userId, claimedAt: MoreThan(new Date(this.now() - WEEK_MS)) })) >= this.settings.weeklyCap) return 'WEEKLY_CAP';
      const res = await m
        .createQueryBuilder()
        .update(ContentDelivery)
        .set({ status: 'sending', claimedAt: new Date(), attempts: () => 'attempts + 1' })
        .where('id = :id AND status = :status', { id: d.id, status: 'pending' })
        .execute();
      if (!res.affected) return 'lost';
      await ledger.insert({ id: newId(), userId: d.userId, articleId, deliveryId: d.id, claimedAt: new Date(this.now()) });
      return 'claimed';
    };
    try {
      return (await (this.tx ? this.tx.run(run) : this.ds.transaction(run))) as 'claimed' | 'lost' | 'ALREADY_RECEIVED' | 'WEEKLY_CAP';
    } catch (e) {
      // Another instance inserted the ledger row for this article first.
      if (isUniqueViolation(e)) return 'ALREADY_RECEIVED';
      throw e;
    }
  }

  /** Our estimate of the resident's template quota: a send uses one; a refusal means none is left. */
  private async noteQuota(userId: string, result: string): Promise<void> {
    const repo = this.ds.getRepository(ContentSubscription);
    if (result === 'sent') await repo.increment({ userId, templateId: this.settings.templateId }, 'usedCount', 1);
    else if (result === 'refused') await repo.update({ userId, templateId: this.settings.templateId }, { usedCount: () => 'acceptedCount' } as never);
  }

  private async finish(id: string, from: 'pending' | 'sending', o: Outcome): Promise<void> {
    // What was not received does not count against the resident: the article may reach them later.
    if (o.status !== 'sent' && o.reason !== 'OUTCOME_UNKNOWN') await this.ds.getRepository(ContentPushLedger).delete({ deliveryId: id });
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
    const figures = await this.figures(ids);
    const quiet = quietRemainingMs(this.settings.quietHours, this.now()) > 0;
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
        ...outcomeOf(c.status, counts),
        waitingQuietHours: quiet && c.status === 'sending' && counts.pending > 0,
        figures: { delivered: counts.sent, ...(figures.get(c.id) ?? { opened: 0, readToEnd: 0, linkClicks: 0 }) },
        createdAt: chinaIso(c.createdAt),
        startedAt: chinaIsoOrNull(c.startedAt),
        finishedAt: chinaIsoOrNull(c.finishedAt),
      };
    });
  }

  /** Per campaign: residents who opened it from the push, read to the end, and link taps. */
  private async figures(ids: string[]): Promise<Map<string, { opened: number; readToEnd: number; linkClicks: number }>> {
    const opened: Array<{ campaignId: string; n: string | number }> = await this.ds
      .getRepository(ContentRead)
      .createQueryBuilder('r')
      .select('r.campaignId', 'campaignId')
      .addSelect('COUNT(DISTINCT r.userId)', 'n')
      .where('r.campaignId IN (:...ids)', { ids })
      .groupBy('r.campaignId')
      .getRawMany();
    const events: Array<{ campaignId: string; kind: string; users: string | number; n: string | number }> = await this.ds
      .getRepository(ContentEvent)
      .createQueryBuilder('e')
      .select('e.campaignId', 'campaignId')
      .addSelect('e.kind', 'kind')
      .addSelect('COUNT(DISTINCT e.userId)', 'users')
      .addSelect('COUNT(*)', 'n')
      .where('e.campaignId IN (:...ids)', { ids })
      .groupBy('e.campaignId')
      .addGroupBy('e.kind')
      .getRawMany();
    const out = new Map<string, { opened: number; readToEnd: number; linkClicks: number }>();
    const get = (id: string) => out.get(id) ?? (out.set(id, { opened: 0, readToEnd: 0, linkClicks: 0 }), out.get(id)!);
    for (const o of opened) get(o.campaignId).opened = Number(o.n);
    for (const e of events) {
      if (e.kind === 'end') get(e.campaignId).readToEnd = Number(e.users);
      if (e.kind === 'link') get(e.campaignId).linkClicks = Number(e.n);
    }
    return out;
  }
}

/** The honest result: 0 sent and 2 failed is a failure, not a green 已完成. */
function outcomeOf(status: ContentCampaign['status'], counts: CampaignView['counts']): { outcome: CampaignOutcome; outcomeLabel: string } {
  let outcome: CampaignOutcome;
  if (status === 'preparing' || status === 'sending') outcome = 'running';
  else if (status === 'stopped') outcome = 'stopped';
  else if (counts.sent === 0) outcome = counts.failed > 0 ? 'failed' : 'nothing_sent';
  else outcome = counts.failed > 0 ? 'partial' : 'success';
  return { outcome, outcomeLabel: CAMPAIGN_OUTCOME_LABELS[outcome] };
}
