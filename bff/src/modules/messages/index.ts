import type { DataSource } from 'typeorm';
import type { Logger } from '../../logger';
import { intervalJob } from '../../jobs';
import { MessageCentre } from './centre';
import { messagesAccountData } from './account-data';
import type { Notices } from './port';

export type { Note, Notices } from './port';

/** The 消息中心 module: the centre (its Notices port is what other modules get), its prune job, its account data. */
export function buildMessages(d: { ds: DataSource; logger: Logger; pruneEveryMs: number }) {
  const centre = new MessageCentre(d.ds);
  // Other modules get the port only: posting, nothing of the resident's list or read state.
  const notices: Notices = centre;
  return {
    centre,
    notices,
    jobs: [intervalJob('messages-prune', d.pruneEveryMs, () => centre.prune(), d.logger)],
    accountData: messagesAccountData(d.ds),
  };
}
