import type { DataSource } from 'typeorm';
import type { ArticleStats } from '@healthpocket/shared-types';
import { ContentArticle, ContentCampaign, ContentDelivery, ContentFavourite, ContentRead } from '../../db/entities';
import { errors } from '../../errors';
import { chinaIso } from './time';

/** Reads, unique readers and opens from push, per article and per campaign, counted in SQL. */
export class Stats {
  constructor(private readonly ds: DataSource) {}

  async article(articleId: string): Promise<ArticleStats> {
    if (!(await this.ds.getRepository(ContentArticle).existsBy({ id: articleId }))) throw errors.notFound('没有找到这篇文章');
    const reads = this.ds.getRepository(ContentRead);
    const totals = await reads
      .createQueryBuilder('r')
      .select('COUNT(*)', 'reads')
      .addSelect('COUNT(DISTINCT r.userId)', 'uniqueReaders')
      .addSelect('SUM(CASE WHEN r.campaignId IS NULL THEN 0 ELSE 1 END)', 'pushOpens')
      .where('r.articleId = :articleId', { articleId })
      .getRawOne<{ reads: string; uniqueReaders: string; pushOpens: string | null }>();
    const byCampaign = await reads
      .createQueryBuilder('r')
      .select('r.campaignId', 'campaignId')
      .addSelect('COUNT(*)', 'opens')
      .addSelect('COUNT(DISTINCT r.userId)', 'uniqueOpeners')
      .where('r.articleId = :articleId AND r.campaignId IS NOT NULL', { articleId })
      .groupBy('r.campaignId')
      .getRawMany<{ campaignId: string; opens: string; uniqueOpeners: string }>();
    const sent = await this.ds
      .getRepository(ContentDelivery)
      .createQueryBuilder('d')
      .innerJoin(ContentCampaign, 'c', 'c.id = d.campaignId')
      .select('d.campaignId', 'campaignId')
      .addSelect('COUNT(*)', 'sent')
      .where('c.articleId = :articleId AND d.status = :sent', { articleId, sent: 'sent' })
      .groupBy('d.campaignId')
      .getRawMany<{ campaignId: string; sent: string }>();
    const campaigns = await this.ds.getRepository(ContentCampaign).find({ where: { articleId }, order: { createdAt: 'DESC' } });
    const favourites = await this.ds.getRepository(ContentFavourite).countBy({ articleId });
    return {
      articleId,
      reads: Number(totals?.reads ?? 0),
      uniqueReaders: Number(totals?.uniqueReaders ?? 0),
      pushOpens: Number(totals?.pushOpens ?? 0),
      favourites,
      campaigns: campaigns.map((c) => {
        const o = byCampaign.find((x) => x.campaignId === c.id);
        return {
          id: c.id,
          createdAt: chinaIso(c.createdAt),
          sent: Number(sent.find((x) => x.campaignId === c.id)?.sent ?? 0),
          opens: Number(o?.opens ?? 0),
          uniqueOpeners: Number(o?.uniqueOpeners ?? 0),
          reads: Number(o?.opens ?? 0),
        };
      }),
    };
  }
}
