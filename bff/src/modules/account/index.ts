import type { DataSource } from 'typeorm';
import type { Tx } from '../../db/data-source';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Audit } from '../../audit/audit';
import type { Principals } from '../../auth/principals';
import { memberIdsOf } from '../family/account-data';
import { AccountDataRegistry, type AccountDataHandler } from './registry';
import { AccountExports } from './exports';
import { AccountDeletion } from './deletion';
import { RetentionPurge } from './purge';
import { intervalJob } from '../../jobs';
import type { Logger } from '../../logger';

/** The resident's rights. Modules register what they hold of a resident on `registry`; `purgeEveryMs` is config.account's. */
export function buildAccount(d: { ds: DataSource; tx: Tx; crypto: FieldCrypto; audit: Audit; principals: Principals; logger: Logger; purgeEveryMs: number; handlers: AccountDataHandler[] }) {
  const registry = new AccountDataRegistry();
  const exports = new AccountExports(d.ds, d.tx, d.crypto, d.audit, registry, (userId) => memberIdsOf(d.ds, userId));
  const deletion = new AccountDeletion(d.ds, d.tx, d.audit, d.principals, registry, (m, userId) => memberIdsOf(m, userId));
  registry.register(...d.handlers, exports.accountData());
  const purge = new RetentionPurge(d.ds, d.tx, registry, d.logger);
  const job = intervalJob('account-retention-purge', d.purgeEveryMs, () => purge.run(), d.logger);
  return { registry, exports, deletion, purge, jobs: [job] };
}
