import { In, type DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '../db/entities';
import { newId } from '../db/columns';
import type { Tx } from '../db/data-source';
import type { Actor } from '../auth/tokens';
import { appendToChain, verifyChain, type ChainReport } from './chain';

export interface Scope {
  actor: Actor;
  requestId: string;
}

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: Record<string, unknown>;
}

/**
 * Audit rows are written in the same transaction as the change they describe, when there is one
 * (pass its EntityManager), else in a transaction of their own. Every row joins one hash chain
 * (audit/chain.ts). Nothing updates or deletes audit rows but the retention job (audit/retention.ts).
 */
export class Audit {
  /** SQLite: one shared connection, so the read-head / insert / move-head steps must not interleave. */
  private serial: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
  ) {}

  async record(scope: Scope, entry: AuditEntry, m?: EntityManager): Promise<void> {
    const primaryRole = scope.actor.roles.find((r) => r !== 'resident') ?? 'resident';
    const row = {
      id: newId(),
      actorUserId: scope.actor.userId || null,
      actorRole: primaryRole,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      detail: entry.detail ?? null,
      requestId: scope.requestId,
    };
    if (m?.queryRunner?.isTransactionActive) return this.append(m, row);
    // SQLite: a caller inside a transaction that did not hand it over still writes on its connection.
    if (this.tx.dialect === 'sqlite' && sqliteInTransaction(this.ds)) return this.append(this.ds.manager, row);
    await this.tx.run((tm) => this.append(tm, row));
  }

  private async append(m: EntityManager, row: Parameters<typeof appendToChain>[2]): Promise<void> {
    if (this.tx.dialect === 'mysql') {
      await appendToChain(m, 'mysql', row);
      return;
    }
    const done = this.serial.then(() => appendToChain(m, 'sqlite', row));
    this.serial = done.catch(() => undefined);
    await done;
  }

  /** Walks the chain; names the first row that was changed, removed or put out of order. */
  verify(): Promise<ChainReport> {
    return verifyChain(this.ds);
  }

  /** The rows about one subject with the given actions, newest first (e.g. a user's role history). */
  async about(subjectType: string, subjectId: string, actions: readonly string[], limit = 200): Promise<AuditLog[]> {
    return this.ds.getRepository(AuditLog).find({
      where: { subjectType, subjectId, action: In([...actions]) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }
}

function sqliteInTransaction(ds: DataSource): boolean {
  return Boolean((ds.driver as unknown as { queryRunner?: { isTransactionActive?: boolean } }).queryRunner?.isTransactionActive);
}
