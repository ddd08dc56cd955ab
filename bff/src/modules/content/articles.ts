import type { DataSource } from 'typeorm';
import { ARTICLE_LIMITS, type ArticleView } from '@healthpocket/shared-types';
import { ContentArticle, ContentImage } from '../../db/entities';
import { newId } from '../../db/columns';
import type { Tx } from '../../db/data-source';
import type { Audit, Scope } from '../../audit/audit';
import { errors } from '../../errors';
import type { Queue } from '../../queue';
import { RetryLater } from '../../queue';
import { presentArticle } from './presenters';
import { sanitizeReport } from './markdown';
import type { ArticleFields, Revisions } from './revisions';

export interface PublishJob {
  articleId: string;
  /** The publishAt the job was made for: a rescheduled article ignores the old job. */
  publishAtMs: number;
}

const MAX_SCHEDULE_AHEAD_MS = 90 * 24 * 3600_000;

/** The operator's side of articles: drafts, edits with optimistic concurrency, publish now or later, unpublish. */
export class Articles {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly audit: Audit,
    private readonly publishQueue: Queue<PublishJob>,
    /** Called when an article goes offline: running campaigns stop sending it. */
    private readonly onUnpublished: (articleId: string) => Promise<void>,
    private readonly revisions: Revisions,
  ) {}

  private repo() {
    return this.ds.getRepository(ContentArticle);
  }

  async get(id: string): Promise<ContentArticle> {
    const a = await this.repo().findOneBy({ id });
    if (!a) throw errors.notFound('没有找到这篇文章');
    return a;
  }

  private async checkFields(f: ArticleFields): Promise<void> {
    // TEXT on MySQL holds 65,535 bytes; the character limit keeps 4-byte characters under it, say so if not.
    if (Buffer.byteLength(f.bodyMd, 'utf8') > 65_000) throw errors.badInput([{ path: 'bodyMd', message: '正文过长，请精简' }], '正文过长，请精简');
    if (f.coverImageId && !(await this.ds.getRepository(ContentImage).existsBy({ id: f.coverImageId }))) {
      throw errors.badInput([{ path: 'coverImageId', message: '封面图片不存在，请重新上传' }], '封面图片不存在，请重新上传');
    }
  }

  async create(scope: Scope, f: ArticleFields): Promise<ArticleView> {
    await this.checkFields(f);
    const id = newId();
    const fields = { ...f, topics: [...new Set(f.topics)].slice(0, ARTICLE_LIMITS.topics) };
    await this.tx.run(async (m) => {
      await m.getRepository(ContentArticle).insert({
        id,
        ...fields,
        status: 'draft',
        publishAt: null,
        publishedAt: null,
        unpublishedAt: null,
        readCount: 0,
        version: 1,
        authorUserId: scope.actor.userId,
        liveRevision: null,
      });
      await this.revisions.insert(m, id, 1, fields, scope.actor.userId);
      await this.audit.record(scope, { action: 'content.article.create', subjectType: 'article', subjectId: id }, m);
    });
    return { ...(await this.view(scope, id)), removed: sanitizeReport(f.bodyMd) };
  }

  /**
   * Saves into the working revision, never into the live text: an edit of a published article
   * makes a new revision that goes through review while residents keep reading the old one.
   * Refused with ARTICLE_VERSION_CONFLICT when someone saved since `version` was read.
   */
  async update(scope: Scope, id: string, f: ArticleFields & { version: number }): Promise<ArticleView> {
    await this.get(id);
    await this.checkFields(f);
    const { version, ...rest } = f;
    const fields = { ...rest, topics: [...new Set(rest.topics)].slice(0, ARTICLE_LIMITS.topics) };
    await this.tx.run(async (m) => {
      const a = await m.getRepository(ContentArticle).findOneBy({ id });
      if (!a) throw errors.notFound('没有找到这篇文章');
      const live = a.status === 'published' || a.status === 'scheduled';
      // Never published: the article row mirrors the working text (lists show it; residents cannot see it).
      const res = await m
        .getRepository(ContentArticle)
        .createQueryBuilder()
        .update(ContentArticle)
        .set({ ...(live ? {} : { ...fields, topics: fields.topics as never }), version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id, version })
        .execute();
      if (!res.affected) throw errors.of('ARTICLE_VERSION_CONFLICT');
      await this.revisions.saveWorking(m, a, fields, scope.actor.userId);
      await this.audit.record(scope, { action: 'content.article.update', subjectType: 'article', subjectId: id, detail: { fromVersion: version } }, m);
    });
    return { ...(await this.view(scope, id)), removed: sanitizeReport(f.bodyMd) };
  }

  async view(scope: Scope, id: string): Promise<ArticleView> {
    const a = await this.get(id);
    const latest = await this.revisions.latest(this.ds.manager, a);
    return presentArticle(a, this.revisions.workingOf(a, latest, scope.actor));
  }

  async list(scope: Scope, status?: string): Promise<ArticleView[]> {
    const rows = await this.repo().find({ where: status ? { status: status as ContentArticle['status'] } : {}, order: { updatedAt: 'DESC' }, take: 200 });
    const latest = await this.revisions.latestOf(rows.map((r) => r.id));
    return rows.map((a) => presentArticle(a, latest.has(a.id) ? this.revisions.workingOf(a, latest.get(a.id)!, scope.actor) : null));
  }

  /**
   * Publishes the approved working revision, now or at `at`. A published article's new version
   * goes live at once, keeping its place in the feed (publishedAt stays).
   */
  async publish(scope: Scope, id: string, at?: string): Promise<ArticleView> {
    const when = at ? new Date(at) : null;
    const now = Date.now();
    if (when && (when.getTime() <= now + 60_000 || when.getTime() > now + MAX_SCHEDULE_AHEAD_MS)) throw errors.of('PUBLISH_TIME_INVALID');
    await this.tx.run(async (m) => {
      const a = await m.getRepository(ContentArticle).findOneBy({ id });
      if (!a) throw errors.notFound('没有找到这篇文章');
      const rev = await this.revisions.latest(m, a);
      if (rev.status !== 'approved') throw errors.of('ARTICLE_NOT_APPROVED');
      if (a.status === 'published' && rev.number === a.liveRevision) throw errors.of('ARTICLE_STATE_INVALID', '文章已发布，没有待发布的新版本');
      if (a.status === 'published' && when) throw errors.of('ARTICLE_STATE_INVALID', '已发布文章的新版本只能立即发布');
      const text = { title: rev.title, summary: rev.summary, bodyMd: rev.bodyMd, topics: rev.topics, coverImageId: rev.coverImageId };
      const patch = when
        ? { status: 'scheduled' as const, publishAt: when }
        : { ...text, status: 'published' as const, publishAt: null, publishedAt: a.status === 'published' ? a.publishedAt : new Date(), unpublishedAt: null, liveRevision: rev.number };
      const res = await m.getRepository(ContentArticle).update({ id, status: a.status, version: a.version }, { ...patch, version: a.version + 1 } as never);
      if (!res.affected) throw errors.of('ARTICLE_VERSION_CONFLICT');
      const action = when ? 'content.article.schedule' : a.status === 'published' ? 'content.article.publish_revision' : 'content.article.publish';
      await this.audit.record(scope, { action, subjectType: 'article', subjectId: id, detail: { revision: rev.number, ...(when ? { at } : {}) } }, m);
    });
    if (when) await this.enqueuePublish(id, when);
    return this.view(scope, id);
  }

  async enqueuePublish(articleId: string, when: Date): Promise<void> {
    await this.publishQueue.add(
      'publish',
      { articleId, publishAtMs: when.getTime() },
      { jobId: `pub_${articleId}_${when.getTime()}`, delayMs: when.getTime() - Date.now(), attempts: 5, backoffMs: 2000 },
    );
  }

  /** The scheduled-publication job: publishes only if the article is still scheduled for that time, with the approved revision. */
  async publishDue(job: PublishJob): Promise<void> {
    const early = job.publishAtMs - Date.now();
    if (early > 0) throw new RetryLater(early);
    await this.tx.run(async (m) => {
      const a = await m.getRepository(ContentArticle).findOneBy({ id: job.articleId, status: 'scheduled' });
      if (!a || a.publishAt?.getTime() !== job.publishAtMs) return;
      const rev = await this.revisions.latest(m, a);
      if (rev.status !== 'approved') {
        // Edited after scheduling: it needs review again, so it does not go out unreviewed.
        await m.getRepository(ContentArticle).update({ id: a.id, status: 'scheduled' }, { status: 'draft', publishAt: null, version: a.version + 1 });
        return;
      }
      await m.getRepository(ContentArticle).update(
        { id: a.id, status: 'scheduled', version: a.version },
        {
          title: rev.title,
          summary: rev.summary,
          bodyMd: rev.bodyMd,
          topics: rev.topics as never,
          coverImageId: rev.coverImageId,
          status: 'published',
          publishedAt: new Date(job.publishAtMs),
          unpublishedAt: null,
          liveRevision: rev.number,
          version: a.version + 1,
        },
      );
    });
  }

  async unpublish(scope: Scope, id: string): Promise<ArticleView> {
    const a = await this.get(id);
    if (a.status !== 'published' && a.status !== 'scheduled') throw errors.of('ARTICLE_STATE_INVALID', '只有已发布或定时发布的文章可以下线');
    const res = await this.repo().update({ id, status: a.status }, { status: 'unpublished', unpublishedAt: new Date(), publishAt: null, version: a.version + 1 });
    if (!res.affected) throw errors.of('ARTICLE_STATE_INVALID');
    await this.audit.record(scope, { action: 'content.article.unpublish', subjectType: 'article', subjectId: id });
    await this.onUnpublished(id);
    return this.view(scope, id);
  }

  /** On start: the in-process queue forgot its delayed jobs; BullMQ ignores ids it still has. */
  async requeueScheduled(): Promise<void> {
    const rows = await this.repo().findBy({ status: 'scheduled' });
    for (const a of rows) if (a.publishAt) await this.enqueuePublish(a.id, a.publishAt);
  }
}
