import { In, type DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '../db/entities';
import { newId } from '../db/columns';
import type { Actor } from '../auth/tokens';

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

/** Audit rows are written in the same transaction as the change they describe, when there is one. */
export class Audit {
  constructor(private readonly ds: DataSource) {}

  async record(scope: Scope, entry: AuditEntry, m: EntityManager = this.ds.manager): Promise<void> {
    const primaryRole = scope.actor.roles.find((r) => r !== 'resident') ?? 'resident';
    await m.getRepository(AuditLog).insert({
      id: newId(),
      actorUserId: scope.actor.userId || null,
      actorRole: primaryRole,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      detail: (entry.detail ?? null) as never,
      requestId: scope.requestId,
    });
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
