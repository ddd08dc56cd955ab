import { In, type DataSource, type EntityManager } from 'typeorm';
import type { ContentTopic, RevisionDiff, RevisionView } from '@healthpocket/shared-types';
import { TOPIC_LABELS } from '@healthpocket/shared-types';
import { ContentArticle, ContentRevision } from '../../db/entities';
import { newId } from '../../db/columns';
import type { Tx } from '../../db/data-source';
import type { Audit, Scope } from '../../audit/audit';
import type { Actor } from '../../auth/tokens';
import { can } from '../../policies/permissions';
import { errors } from '../../errors';
import { chinaIso, chinaIsoOrNull } from './time';
import { diffLines } from './diff';

/** What an editor writes of an article; each revision keeps its own copy. */
export interface ArticleFields {
  title: string;
  summary: string;
  bodyMd: string;
  topics: ContentTopic[];
  coverImageId: string | null;
}

const FIELD_LABELS = { title: '标题', summary: '摘要', topics: '主题', coverImageId: '封面', bodyMd: '正文' } as const;

/**
 * 医学审核: an article's versions and their review. The working revision is the newest one; it is
 * edited while draft or rejected, submitted, then approved or sent back by a reviewer who neither
 * wrote the article nor edited this version. Only an approved revision can be published (articles.ts).
 */
export class Revisions {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly audit: Audit,
  ) {}

  private repo(m: EntityManager = this.ds.manager) {
    return m.getRepository(ContentRevision);
  }

  async insert(m: EntityManager, articleId: string, number: number, f: ArticleFields, editorUserId: string, extra: Partial<ContentRevision> = {}): Promise<ContentRevision> {
    const row = this.repo(m).create({
      id: newId(),
      articleId,
      number,
      ...f,
      status: 'draft',
      editorUserId,
      submittedAt: null,
      reviewerUserId: null,
      reviewedAt: null,
      reviewNote: null,
      restoredFrom: null,
      ...extra,
    });
    await this.repo(m).insert(row);
    return row;
  }

  /**
   * The newest revision. An article written before reviews existed gets its first one from its
   * own text: approved and live if it was published (it was already in front of residents).
   */
  async latest(m: EntityManager, a: ContentArticle): Promise<ContentRevision> {
    const found = await this.repo(m).findOne({ where: { articleId: a.id }, order: { number: 'DESC' } });
    if (found) return found;
    const wasLive = a.status === 'published' || a.status === 'unpublished' || a.status === 'scheduled';
    const row = await this.insert(
      m,
      a.id,
      1,
      { title: a.title, summary: a.summary, bodyMd: a.bodyMd, topics: a.topics, coverImageId: a.coverImageId },
      a.authorUserId,
      wasLive ? { status: 'approved', reviewedAt: a.publishedAt ?? a.updatedAt, reviewNote: '审核功能启用前已发布' } : {},
    );
    if (wasLive && a.status !== 'scheduled') await m.getRepository(ContentArticle).update({ id: a.id }, { liveRevision: 1 });
    a.liveRevision = wasLive && a.status !== 'scheduled' ? 1 : a.liveRevision;
    return row;
  }

  async latestOf(articleIds: string[]): Promise<Map<string, ContentRevision>> {
    if (!articleIds.length) return new Map();
    const rows = await this.repo().find({ where: { articleId: In(articleIds) }, order: { number: 'ASC' } });
    return new Map(rows.map((r) => [r.articleId, r]));
  }

  /** Edits land here: the working revision while it is open, or a new one after the last was approved. */
  async saveWorking(m: EntityManager, a: ContentArticle, f: ArticleFields, editorUserId: string): Promise<void> {
    const w = await this.latest(m, a);
    if (w.status === 'submitted') throw errors.of('ARTICLE_IN_REVIEW');
    const reopen = w.status === 'draft' || w.status === 'rejected' || (w.status === 'approved' && w.number !== a.liveRevision && a.status !== 'scheduled');
    if (reopen) {
      // An approved version that was never published loses its approval when its text changes.
      await this.repo(m).update(
        { id: w.id, status: w.status },
        { ...f, topics: f.topics as never, status: 'draft', editorUserId, submittedAt: null, reviewerUserId: null, reviewedAt: null, reviewNote: w.status === 'rejected' ? w.reviewNote : null },
      );
      return;
    }
    await this.insert(m, a.id, w.number + 1, f, editorUserId);
  }

  /** The working revision as the article view shows it, or null when it is just the live text. */
  workingOf(a: ContentArticle, w: ContentRevision, actor: Actor): RevisionView | null {
    if (a.status === 'published' && w.number === a.liveRevision) return null;
    return this.present(a, w, actor);
  }

  present(a: ContentArticle, r: ContentRevision, actor: Actor): RevisionView {
    return {
      number: r.number,
      status: r.status,
      title: r.title,
      summary: r.summary,
      bodyMd: r.bodyMd,
      topics: r.topics,
      coverImageId: r.coverImageId,
      editorUserId: r.editorUserId,
      submittedAt: chinaIsoOrNull(r.submittedAt),
      reviewerUserId: r.reviewerUserId,
      reviewedAt: chinaIsoOrNull(r.reviewedAt),
      reviewNote: r.reviewNote,
      restoredFrom: r.restoredFrom,
      live: a.status === 'published' && a.liveRevision === r.number,
      canReview: r.status === 'submitted' && can(actor, 'content.review') && !this.isAuthor(a, r, actor.userId),
      createdAt: chinaIso(r.createdAt),
      updatedAt: chinaIso(r.updatedAt),
    };
  }

  /** Whoever wrote the article or edited this version is its author for review purposes. */
  private isAuthor(a: ContentArticle, r: ContentRevision, userId: string): boolean {
    return a.authorUserId === userId || r.editorUserId === userId;
  }

  private async article(m: EntityManager, id: string): Promise<ContentArticle> {
    const a = await m.getRepository(ContentArticle).findOneBy({ id });
    if (!a) throw errors.notFound('没有找到这篇文章');
    return a;
  }

  private async one(m: EntityManager, a: ContentArticle, number: number): Promise<ContentRevision> {
    await this.latest(m, a);
    const r = await this.repo(m).findOneBy({ articleId: a.id, number });
    if (!r) throw errors.of('REVISION_NOT_FOUND');
    return r;
  }

  private bump(m: EntityManager, a: ContentArticle) {
    return m.getRepository(ContentArticle).update({ id: a.id }, { version: a.version + 1 });
  }

  async list(scope: Scope, articleId: string): Promise<RevisionView[]> {
    const a = await this.article(this.ds.manager, articleId);
    await this.latest(this.ds.manager, a);
    const rows = await this.repo().find({ where: { articleId }, order: { number: 'DESC' }, take: 200 });
    return rows.map((r) => this.present(a, r, scope.actor));
  }

  /** Sends the working revision to review. Only the newest revision, while it is being edited. */
  async submit(scope: Scope, articleId: string, number: number): Promise<void> {
    await this.tx.run(async (m) => {
      const a = await this.article(m, articleId);
      const w = await this.latest(m, a);
      if (w.number !== number || (w.status !== 'draft' && w.status !== 'rejected')) throw errors.of('ARTICLE_STATE_INVALID', '只能提交正在编辑的最新版本');
      await this.repo(m).update({ id: w.id, status: w.status }, { status: 'submitted', submittedAt: new Date() });
      await this.bump(m, a);
      await this.audit.record(scope, { action: 'content.revision.submit', subjectType: 'article', subjectId: articleId, detail: { revision: number } }, m);
    });
  }

  /** A reviewer approves or sends back a submitted revision; never one they wrote or edited. */
  async review(scope: Scope, articleId: string, number: number, decision: 'approve' | 'reject', note: string): Promise<void> {
    await this.tx.run(async (m) => {
      const a = await this.article(m, articleId);
      const r = await this.one(m, a, number);
      if (r.status !== 'submitted') throw errors.of('ARTICLE_STATE_INVALID', '该版本不在待审核状态');
      if (this.isAuthor(a, r, scope.actor.userId)) throw errors.of('REVIEW_OWN_ARTICLE');
      const res = await this.repo(m).update(
        { id: r.id, status: 'submitted' },
        { status: decision === 'approve' ? 'approved' : 'rejected', reviewerUserId: scope.actor.userId, reviewedAt: new Date(), reviewNote: note || null },
      );
      if (!res.affected) throw errors.of('ARTICLE_STATE_INVALID', '该版本不在待审核状态');
      await this.bump(m, a);
      await this.audit.record(scope, { action: `content.revision.${decision}`, subjectType: 'article', subjectId: articleId, detail: { revision: number, note: note || undefined } }, m);
    });
  }

  /**
   * Rolls back to an earlier approved revision: a new revision with its text, approved by the same
   * review (the text is exactly what was approved), put live at once if the article is published.
   */
  async rollback(scope: Scope, articleId: string, number: number): Promise<void> {
    await this.tx.run(async (m) => {
      const a = await this.article(m, articleId);
      const target = await this.one(m, a, number);
      if (target.status !== 'approved') throw errors.of('REVISION_NOT_RESTORABLE');
      if (a.status === 'published' && target.number === a.liveRevision) throw errors.of('REVISION_NOT_RESTORABLE', '该版本就是当前线上版本');
      const w = await this.latest(m, a);
      if (w.status === 'submitted') throw errors.of('ARTICLE_IN_REVIEW', '有版本正在审核中，请先等待审核结果再回滚');
      const text = { title: target.title, summary: target.summary, bodyMd: target.bodyMd, topics: target.topics, coverImageId: target.coverImageId };
      const next = w.number + 1;
      await this.insert(m, a.id, next, text, scope.actor.userId, {
        status: 'approved',
        reviewerUserId: target.reviewerUserId,
        reviewedAt: target.reviewedAt,
        reviewNote: `回滚到第${target.number}版（该版本的审核结论）`,
        restoredFrom: target.number,
      });
      const live = a.status === 'published';
      await m
        .getRepository(ContentArticle)
        .update(
          { id: a.id, version: a.version },
          { ...(live || a.status !== 'scheduled' ? { ...text, topics: text.topics as never } : {}), ...(live ? { liveRevision: next } : {}), version: a.version + 1 },
        );
      await this.audit.record(scope, { action: 'content.revision.rollback', subjectType: 'article', subjectId: articleId, detail: { to: target.number, as: next, live } }, m);
    });
  }

  /** Field-by-field line diff of revision `number` against `against` (default: the one before it). */
  async diff(articleId: string, number: number, against?: number): Promise<RevisionDiff> {
    const m = this.ds.manager;
    const a = await this.article(m, articleId);
    const to = await this.one(m, a, number);
    const fromNumber = against ?? number - 1;
    const from = fromNumber >= 1 ? await this.one(m, a, fromNumber) : null;
    const text = (r: ContentRevision | null, f: keyof typeof FIELD_LABELS): string => {
      if (!r) return '';
      if (f === 'topics') return r.topics.map((t) => TOPIC_LABELS[t] ?? t).join('、');
      return (r[f] as string | null) ?? '';
    };
    return {
      from: from?.number ?? 0,
      to: to.number,
      fields: (Object.keys(FIELD_LABELS) as Array<keyof typeof FIELD_LABELS>).map((f) => {
        const before = text(from, f);
        const after = text(to, f);
        return { field: f, label: FIELD_LABELS[f], changed: before !== after, lines: before === after && f !== 'bodyMd' ? [] : diffLines(before, after) };
      }),
    };
  }

  /** Submitted revisions waiting for a reviewer, oldest first (what the reviewer may approve is marked). */
  async queue(scope: Scope) {
    const rows = await this.repo().find({ where: { status: 'submitted' }, order: { submittedAt: 'ASC' }, take: 200 });
    if (!rows.length) return [];
    const articles = new Map((await this.ds.getRepository(ContentArticle).findBy({ id: In(rows.map((r) => r.articleId)) })).map((a) => [a.id, a]));
    return rows.flatMap((r) => {
      const a = articles.get(r.articleId);
      return a ? [{ articleId: a.id, title: r.title, revision: this.present(a, r, scope.actor), liveRevision: a.status === 'published' ? a.liveRevision : null }] : [];
    });
  }
}
