import { In, IsNull, type DataSource } from 'typeorm';
import { LRUCache } from 'lru-cache';
import { CONTENT_TOPICS, chinaToday, type ArticleCard, type ArticleDetail, type ContentTopic, type Feed, type RenderedBody } from '@healthpocket/shared-types';
import { ContentArticle, ContentCampaign, ContentEvent, ContentFavourite, ContentPreference, ContentRead, ContentSubscription, FamilyMember } from '../../db/entities';
import { newId } from '../../db/columns';
import type { Actor } from '../../auth/tokens';
import { errors } from '../../errors';
import { renderMarkdown } from './markdown';
import { presentCard } from './presenters';
import { yearsBefore } from './time';
import { isUniqueViolation } from '../../db/unique-violation';

const FOR_YOU = 5;

function encodeCursor(a: ContentArticle): string {
  return Buffer.from(`${a.publishedAt!.toISOString()}|${a.id}`).toString('base64url');
}

function decodeCursor(c: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  const d = new Date(at ?? '');
  if (!id || Number.isNaN(d.getTime())) throw errors.badInput([{ path: 'cursor', message: '分页参数无效' }], '分页参数无效，请刷新后重试');
  return { at: d, id };
}

/** The resident side: feed (their topics first), article page, reads, favourites, topic choice. */
export class Feeds {
  /** Rendered bodies by article id + version: rendering is cheap, but the feed is read far more than written. */
  private readonly rendered = new LRUCache<string, RenderedBody>({ max: 500 });

  constructor(private readonly ds: DataSource) {}

  private published() {
    return this.ds.getRepository(ContentArticle).createQueryBuilder('a').where('a.status = :status', { status: 'published' });
  }

  /** The topics a resident chose, or, if none, a guess from the family's ages (no health data used). */
  async topicsOf(actor: Actor | null): Promise<ContentTopic[]> {
    if (!actor) return [];
    const pref = await this.ds.getRepository(ContentPreference).findOneBy({ userId: actor.userId });
    if (pref) return pref.topics;
    const members = await this.ds.getRepository(FamilyMember).find({ where: { ownerUserId: actor.userId }, select: { birthDate: true } });
    const today = chinaToday();
    const topics = new Set<ContentTopic>();
    for (const m of members) {
      if (m.birthDate > yearsBefore(today, 6)) topics.add('child_health').add('vaccines');
      if (m.birthDate <= yearsBefore(today, 60)) topics.add('elderly');
    }
    return [...topics];
  }

  async setTopics(actor: Actor, topics: ContentTopic[]): Promise<ContentTopic[]> {
    const clean = CONTENT_TOPICS.filter((t) => topics.includes(t));
    await this.ds.getRepository(ContentPreference).upsert({ userId: actor.userId, topics: clean }, ['userId']);
    return clean;
  }

  async feed(actor: Actor | null, q: { topic?: ContentTopic; cursor?: string; limit: number }): Promise<Feed> {
    const topics = await this.topicsOf(actor);
    const qb = this.published();
    // Topics are a JSON array of fixed keys, so a quoted LIKE match is exact.
    if (q.topic) qb.andWhere('a.topics LIKE :t', { t: `%"${q.topic}"%` });
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      qb.andWhere('(a.publishedAt < :at OR (a.publishedAt = :at AND a.id < :id))', { at: c.at, id: c.id });
    }
    const rows = await qb
      .orderBy('a.publishedAt', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .take(q.limit + 1)
      .getMany();
    const page = rows.slice(0, q.limit);
    let forYou: ArticleCard[] = [];
    if (!q.topic && !q.cursor && topics.length) {
      const fy = this.published();
      fy.andWhere(`(${topics.map((_, i) => `a.topics LIKE :fy${i}`).join(' OR ')})`, Object.fromEntries(topics.map((t, i) => [`fy${i}`, `%"${t}"%`])));
      forYou = (await fy.orderBy('a.publishedAt', 'DESC').addOrderBy('a.id', 'DESC').take(FOR_YOU).getMany()).map(presentCard);
    }
    return { forYou, items: page.map(presentCard), nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null, topics };
  }

  /** Residents see published articles only; anything else is 404. */
  async detail(actor: Actor | null, id: string): Promise<Omit<ArticleDetail, 'webViewDomains'>> {
    const a = await this.ds.getRepository(ContentArticle).findOneBy({ id, status: 'published' });
    if (!a) throw errors.notFound('文章不存在或已下线');
    const key = `${a.id}:${a.version}`;
    let body = this.rendered.get(key);
    if (!body) {
      body = renderMarkdown(a.bodyMd);
      this.rendered.set(key, body);
    }
    const favourite = actor ? await this.ds.getRepository(ContentFavourite).existsBy({ userId: actor.userId, articleId: id }) : false;
    return { ...presentCard(a), body, favourite };
  }

  /** One read; `campaignId` (from the push's page parameter) counts it as an open from that push. */
  async read(actor: Actor | null, id: string, campaignId?: string): Promise<{ readCount: number }> {
    const repo = this.ds.getRepository(ContentArticle);
    if (!(await repo.existsBy({ id, status: 'published' }))) throw errors.notFound('文章不存在或已下线');
    // A campaign id that is not a push of this article is ignored, not trusted.
    const campaign = campaignId ? await this.ds.getRepository(ContentCampaign).findOneBy({ id: campaignId, articleId: id }) : null;
    await this.ds.getRepository(ContentRead).insert({ id: newId(), articleId: id, userId: actor?.userId ?? null, campaignId: campaign?.id ?? null });
    await repo.increment({ id }, 'readCount', 1);
    return { readCount: (await repo.findOneByOrFail({ id })).readCount };
  }

  /** Reaching the end or tapping a link; one 'end' per reader and campaign is enough for the figures. */
  async event(actor: Actor | null, id: string, e: { kind: 'end' | 'link'; href?: string; campaignId?: string }): Promise<void> {
    if (!(await this.ds.getRepository(ContentArticle).existsBy({ id, status: 'published' }))) throw errors.notFound('文章不存在或已下线');
    const campaign = e.campaignId ? await this.ds.getRepository(ContentCampaign).findOneBy({ id: e.campaignId, articleId: id }) : null;
    const repo = this.ds.getRepository(ContentEvent);
    if (e.kind === 'end' && actor && (await repo.existsBy({ articleId: id, userId: actor.userId, kind: 'end', campaignId: campaign?.id ?? IsNull() }))) return;
    await repo.insert({ id: newId(), articleId: id, userId: actor?.userId ?? null, campaignId: campaign?.id ?? null, kind: e.kind, href: e.kind === 'link' ? (e.href ?? null) : null });
  }

  async favourite(actor: Actor, id: string, on: boolean): Promise<void> {
    const repo = this.ds.getRepository(ContentFavourite);
    if (!on) {
      await repo.delete({ userId: actor.userId, articleId: id });
      return;
    }
    if (!(await this.ds.getRepository(ContentArticle).existsBy({ id, status: 'published' }))) throw errors.notFound('文章不存在或已下线');
    try {
      await repo.insert({ id: newId(), userId: actor.userId, articleId: id });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e; // already a favourite: PUT is idempotent
    }
  }

  /** Favourites that are still published, newest favourite first. */
  async favourites(actor: Actor): Promise<ArticleCard[]> {
    const favs = await this.ds.getRepository(ContentFavourite).find({ where: { userId: actor.userId }, order: { createdAt: 'DESC' }, take: 200 });
    if (!favs.length) return [];
    const articles = await this.ds.getRepository(ContentArticle).findBy({ id: In(favs.map((f) => f.articleId)), status: 'published' });
    const byId = new Map(articles.map((a) => [a.id, a]));
    return favs.flatMap((f) => (byId.has(f.articleId) ? [presentCard(byId.get(f.articleId)!)] : []));
  }

  async subscription(actor: Actor, templateId: string): Promise<{ templateId: string; acceptedCount: number }> {
    const row = await this.ds.getRepository(ContentSubscription).findOneBy({ userId: actor.userId, templateId });
    return { templateId, acceptedCount: row?.acceptedCount ?? 0 };
  }

  /** What wx.requestSubscribeMessage answered 'accept' for, as the app saw it. */
  async recordAcceptance(actor: Actor, templateId: string): Promise<{ templateId: string; acceptedCount: number }> {
    const repo = this.ds.getRepository(ContentSubscription);
    const res = await repo.increment({ userId: actor.userId, templateId }, 'acceptedCount', 1);
    if (!res.affected) {
      try {
        await repo.insert({ id: newId(), userId: actor.userId, templateId, acceptedCount: 1 });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        await repo.increment({ userId: actor.userId, templateId }, 'acceptedCount', 1);
      }
    }
    return this.subscription(actor, templateId);
  }
}
