import type { ArticleCard, ArticleView, RevisionView } from '@healthpocket/shared-types';
import type { ContentArticle } from '../../db/entities';
import { IMAGE_PATH_PREFIX } from './markdown';
import { chinaIso, chinaIsoOrNull } from './time';

/** Relative: H5 is served from the BFF's origin, the weapp prefixes its API base. */
export function imageUrl(id: string | null): string | null {
  return id ? `${IMAGE_PATH_PREFIX}${id}` : null;
}

export function presentArticle(a: ContentArticle, working: RevisionView | null = null): ArticleView {
  return {
    id: a.id,
    title: a.title,
    summary: a.summary,
    bodyMd: a.bodyMd,
    topics: a.topics,
    coverImageId: a.coverImageId,
    coverUrl: imageUrl(a.coverImageId),
    status: a.status,
    publishAt: chinaIsoOrNull(a.publishAt),
    publishedAt: chinaIsoOrNull(a.publishedAt),
    unpublishedAt: chinaIsoOrNull(a.unpublishedAt),
    readCount: a.readCount,
    version: a.version,
    createdAt: chinaIso(a.createdAt),
    updatedAt: chinaIso(a.updatedAt),
    liveRevision: a.liveRevision ?? null,
    working,
  };
}

export function presentCard(a: ContentArticle): ArticleCard {
  return {
    id: a.id,
    title: a.title,
    summary: a.summary,
    topics: a.topics,
    coverUrl: imageUrl(a.coverImageId),
    publishedAt: chinaIso(a.publishedAt ?? a.createdAt),
    readCount: a.readCount,
  };
}
