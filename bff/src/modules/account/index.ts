import type { DataSource } from 'typeorm';
import type { Tx } from '../../db/data-source';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Audit } from '../../audit/audit';
import type { Principals } from '../../auth/principals';
import { memberIdsOf } from '../family/account-data';
import { AccountDataRegistry, type AccountDataHandler } from './registry';
import { AccountExports } from './exports';
import { AccountDeletion } from './deletion';

/** The resident's rights. Modules register what they hold of a resident on `registry`. */
export function buildAccount(d: { ds: DataSource; tx: Tx; crypto: FieldCrypto; audit: Audit; principals: Principals; handlers: AccountDataHandler[] }) {
  const registry = new AccountDataRegistry();
  const exports = new AccountExports(d.ds, d.tx, d.crypto, d.audit, registry, (userId) => memberIdsOf(d.ds, userId));
  const deletion = new AccountDeletion(d.ds, d.tx, d.audit, d.principals, registry, (m, userId) => memberIdsOf(m, userId));
  registry.register(...d.handlers, exports.accountData());
  return { registry, exports, deletion };
}

export type AccountServices = ReturnType<typeof buildAccount>;
