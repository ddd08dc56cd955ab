import type { DataSource } from 'typeorm';
import { ContentDelivery, ContentFavourite, ContentPreference, ContentRead, ContentSubscription } from '../../db/entities';
import { plain, type AccountDataHandler } from '../account/registry';

/**
 * Health education: favourites, topics, subscriptions and pushes received. Deletion removes the
 * first three; reads and delivery rows stay for the campaign statistics with the account (and the
 * openid) cut off.
 */
export function contentAccountData(ds: DataSource): AccountDataHandler {
  return {
    section: 'healthEducation',
    async export({ userId }) {
      return {
        favourites: plain(await ds.getRepository(ContentFavourite).findBy({ userId }), ['userId']),
        preferences: plain(await ds.getRepository(ContentPreference).findBy({ userId }), ['userId']),
        subscriptions: plain(await ds.getRepository(ContentSubscription).findBy({ userId }), ['userId']),
        pushes: plain(await ds.getRepository(ContentDelivery).findBy({ userId }), ['userId', 'openid', 'claimedAt', 'round', 'attempts']),
        reads: plain(await ds.getRepository(ContentRead).findBy({ userId }), ['userId']),
      };
    },
    retained: [{ category: 'last', purge: async (m, r) => void (await m.getRepository(ContentDelivery).delete({ userId: r.retentionId })) }],
    async erase(m, e) {
      await m.getRepository(ContentFavourite).delete({ userId: e.userId });
      await m.getRepository(ContentPreference).delete({ userId: e.userId });
      await m.getRepository(ContentSubscription).delete({ userId: e.userId });
      await m.getRepository(ContentRead).update({ userId: e.userId }, { userId: null });
      await m.getRepository(ContentDelivery).update({ userId: e.userId }, { userId: e.retentionId, openid: '' });
    },
  };
}
