import type { DataSource } from 'typeorm';
import { plain, type AccountDataHandler } from '../account/registry';
import { Message } from './entity';

/** The resident's messages: exported with the account, deleted with it (nothing here is a record law keeps). */
export function messagesAccountData(ds: DataSource): AccountDataHandler {
  return {
    section: 'messages',
    async export({ userId }) {
      return plain(await ds.getRepository(Message).find({ where: { userId }, order: { createdAt: 'DESC' } }), ['userId', 'dedupeKey']);
    },
    async erase(m, e) {
      await m.getRepository(Message).delete({ userId: e.userId });
    },
  };
}
