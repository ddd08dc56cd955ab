import type { DataSource } from 'typeorm';
import { DELETION_CONFIRM_TEXT, DELETION_DELETES, DELETION_KEEPS, ERROR_CODES, type DeletionPlan, type DeletionResult } from '@healthpocket/shared-types';
import { User } from '../../db/entities';
import { newId } from '../../db/columns';
import { lockRow } from '../../db/lock';
import type { Tx } from '../../db/data-source';
import type { Audit, Scope } from '../../audit/audit';
import type { Principals } from '../../auth/principals';
import { errors } from '../../errors';
import { AccountRetention } from './entities';
import type { AccountDataRegistry } from './registry';

const YEAR_MS = 365.25 * 24 * 3600_000;

/**
 * 注销账号 (PIPL Art. 47). One transaction: every module deletes what it holds of the user or, for
 * what law requires us to keep, moves it to a fresh retention id; the user row is deleted (its
 * session version bumped first). After the commit every instance drops the principal, so an access
 * token of the account is refused on its next request and its sockets close.
 */
export class AccountDeletion {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly audit: Audit,
    private readonly principals: Principals,
    private readonly registry: AccountDataRegistry,
    private readonly memberIdsOf: (m: import('typeorm').EntityManager, userId: string) => Promise<string[]>,
  ) {}

  /** What deletion does, and what must be settled before it can (the page shows both before asking). */
  async plan(scope: Scope): Promise<DeletionPlan> {
    const blockers = await this.registry.blockers(this.ds.manager, scope.actor.userId, new Date());
    return {
      confirmText: DELETION_CONFIRM_TEXT,
      deleted: [...DELETION_DELETES],
      kept: DELETION_KEEPS.map((k) => ({ ...k })),
      blockers: blockers.map((code) => ({ code, message: ERROR_CODES[code].message })),
    };
  }

  async delete(scope: Scope, confirmText: string): Promise<DeletionResult> {
    if (confirmText.trim() !== DELETION_CONFIRM_TEXT) throw errors.of('DELETION_CONFIRMATION_MISMATCH');
    const userId = scope.actor.userId;
    const now = new Date();
    const retentionId = newId();
    const kept = DELETION_KEEPS.map((k) => ({ ...k, retainUntil: new Date(now.getTime() + k.years * YEAR_MS).toISOString() }));
    await this.tx.run(async (m) => {
      const user = await lockRow(m, this.tx.dialect, User, userId);
      if (!user) throw errors.unauthenticated();
      if (user.roles.some((r) => r !== 'resident')) throw errors.of('ACCOUNT_IS_STAFF');
      const [blocker] = await this.registry.blockers(m, userId, now);
      if (blocker) throw errors.of(blocker);
      const memberIds = await this.memberIdsOf(m, userId);
      // Access tokens carry the session version: bumped first, they are refused even before the row goes.
      await this.principals.revokeSessions(userId, m);
      await this.registry.eraseAll(m, { userId, memberIds, retentionId, now, keptMemberIds: new Set() });
      await m.getRepository(AccountRetention).insert({
        id: retentionId,
        deletedAt: now,
        categories: kept.map((k) => ({ key: k.key, retainUntil: k.retainUntil })),
        subjects: { userId, memberIds },
        nextPurgeAt: new Date(Math.min(...kept.map((k) => Date.parse(k.retainUntil)))),
        requestId: scope.requestId,
      });
      await this.audit.record(scope, { action: 'account.delete', subjectType: 'user', subjectId: userId, detail: { retentionId, members: memberIds.length } }, m);
    });
    await this.principals.changed(userId);
    return { deletedAt: now.toISOString(), retentionId, deleted: [...DELETION_DELETES], kept };
  }
}
