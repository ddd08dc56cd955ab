import type { DataSource } from 'typeorm';
import { plain, type AccountDataHandler } from '../account/registry';
import { HealthCardRecord } from './entity';

/** Links to the platform's electronic health cards: the cards stay at the platform, our links are deleted. */
export function healthCardAccountData(ds: DataSource): AccountDataHandler {
  return {
    section: 'healthCards',
    async export({ userId }) {
      return plain(await ds.getRepository(HealthCardRecord).find({ where: { ownerUserId: userId } }), ['ownerUserId']);
    },
    async erase(m, e) {
      await m.getRepository(HealthCardRecord).delete({ ownerUserId: e.userId });
    },
  };
}
