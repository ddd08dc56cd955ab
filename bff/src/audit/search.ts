import type { DataSource } from 'typeorm';
import { toChinaIso, type AuditChainStatus, type AuditPage, type AuditSearchQuery } from '@healthpocket/shared-types';
import { AuditLog } from '../db/entities';
import type { Audit, Scope } from './audit';

const chinaDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

/** 安全审计 (admin page): the chained rows, newest first, by actor, subject, action and China dates. */
export class AuditSearch {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: Audit,
  ) {}

  async search(scope: Scope, q: AuditSearchQuery): Promise<AuditPage> {
    const qb = this.ds.getRepository(AuditLog).createQueryBuilder('a').where('a.seq IS NOT NULL');
    if (q.actor) qb.andWhere('a.actorUserId = :actor', { actor: q.actor });
    if (q.subject) qb.andWhere('a.subjectId = :subject', { subject: q.subject });
    if (q.action?.endsWith('.*')) qb.andWhere('a.action LIKE :prefix', { prefix: `${q.action.slice(0, -1)}%` });
    else if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.from) qb.andWhere('a.createdAt >= :from', { from: chinaDayStart(q.from) });
    if (q.to) qb.andWhere('a.createdAt < :to', { to: new Date(chinaDayStart(q.to).getTime() + 86_400_000) });
    if (q.cursor) qb.andWhere('a.seq < :cursor', { cursor: Number(q.cursor) });
    const rows = await qb
      .orderBy('a.seq', 'DESC')
      .take(q.limit + 1)
      .getMany();
    const page = rows.slice(0, q.limit);
    // Reading the audit trail is itself audited.
    await this.audit.record(scope, {
      action: 'audit.search',
      subjectType: 'audit_log',
      subjectId: '-',
      detail: { filters: { actor: q.actor ?? null, subject: q.subject ?? null, action: q.action ?? null, from: q.from ?? null, to: q.to ?? null }, cursor: q.cursor ?? null, count: page.length },
    });
    return {
      items: page.map((r) => ({
        seq: r.seq!,
        id: r.id,
        at: toChinaIso(r.createdAt),
        actorUserId: r.actorUserId,
        actorRole: r.actorRole,
        action: r.action,
        subjectType: r.subjectType,
        subjectId: r.subjectId,
        detail: r.detail,
        requestId: r.requestId,
        hash: r.hash!,
      })),
      nextCursor: rows.length > q.limit ? String(page.at(-1)!.seq) : null,
    };
  }

  async chain(scope: Scope): Promise<AuditChainStatus> {
    const r = await this.audit.verify();
    await this.audit.record(scope, { action: 'audit.verify', subjectType: 'audit_log', subjectId: '-', detail: { ok: r.ok, checked: r.checked, firstBroken: r.firstBroken } });
    return { ...r, checkedAt: toChinaIso(new Date()) };
  }
}
