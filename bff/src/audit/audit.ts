import { In, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { AuditLog } from '../db/entities';
import { newId } from '../db/columns';
import type { Tx } from '../db/data-source';
import type { Actor } from '../auth/tokens';
import { appendToChain, verifyChain, type ChainReport, type NewAuditRow } from './chain';

const PENDING = Symbol('audit rows waiting for their transaction to commit');
type WithPending = QueryRunner & { [PENDING]?: NewAuditRow[]; transactionDepth?: number };

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
 *
 * In a caller's transaction the rows are appended when it commits, just before COMMIT: the chain's
 * head is then locked as the transaction's last step, for milliseconds, so audited transactions do
 * not queue behind each other's work (a booking rush) and cannot deadlock on it (every transaction
 * takes the head last). A rolled-back transaction appends nothing.
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
    const row: NewAuditRow = {
      id: newId(),
      actorUserId: scope.actor.userId || null,
      actorRole: primaryRole,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      detail: entry.detail ?? null,
      requestId: scope.requestId,
    };
    if (m?.queryRunner?.isTransactionActive) return this.atCommit(m.queryRunner, row);
    // SQLite: a caller inside a transaction that did not hand it over still writes on its connection.
    const shared = this.tx.dialect === 'sqlite' ? sqliteQueryRunner(this.ds) : undefined;
    if (shared?.isTransactionActive) return this.atCommit(shared, row);
    await this.tx.run((tm) => this.append(tm, [row]));
  }

  private atCommit(qr: QueryRunner, row: NewAuditRow): void {
    const q = qr as WithPending;
    if (!q[PENDING]) {
      const pending: NewAuditRow[] = (q[PENDING] = []);
      const commit = qr.commitTransaction.bind(qr);
      const rollback = qr.rollbackTransaction.bind(qr);
      const outermost = () => (q.transactionDepth ?? 1) <= 1;
      qr.commitTransaction = async () => {
        if (outermost() && pending.length) await this.append(qr.manager, pending.splice(0));
        return commit();
      };
      qr.rollbackTransaction = async () => {
        if (outermost()) pending.length = 0;
        return rollback();
      };
    }
    q[PENDING]!.push(row);
  }

  private async append(m: EntityManager, rows: NewAuditRow[]): Promise<void> {
    if (this.tx.dialect === 'mysql') {
      await appendToChain(m, 'mysql', rows);
      return;
    }
    const done = this.serial.then(() => appendToChain(m, 'sqlite', rows));
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

function sqliteQueryRunner(ds: DataSource): QueryRunner | undefined {
  return (ds.driver as unknown as { queryRunner?: QueryRunner }).queryRunner;
}
