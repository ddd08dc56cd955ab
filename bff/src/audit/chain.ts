import { createHash } from 'node:crypto';
import { MoreThan, type DataSource, type EntityManager } from 'typeorm';
import { AuditChainHead, AuditLog } from '../db/entities';
import type { Dialect } from '../db/data-source';

/**
 * The audit trail is one hash chain: row n carries seq n, the hash of row n-1 (prevHash) and its
 * own hash = sha256(canonical JSON of its fields and prevHash). Changing, removing or reordering a
 * row breaks every hash after it; `verifyChain` walks the chain and names the first broken row.
 * The head row (audit_chain_head) is locked FOR UPDATE by every writer, so concurrent transactions
 * append one after the other and a rolled-back transaction leaves neither its row nor a gap.
 */
export const GENESIS_HASH = createHash('sha256').update('healthpocket audit chain v1').digest('hex');
export const HEAD_ID = 'audit';

/** JSON with object keys sorted at every level: the same row always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export type ChainedFields = Pick<AuditLog, 'id' | 'seq' | 'actorUserId' | 'actorRole' | 'action' | 'subjectType' | 'subjectId' | 'detail' | 'requestId' | 'prevHash' | 'createdAt'>;

export function rowHash(r: ChainedFields): string {
  const fields = {
    seq: Number(r.seq),
    id: r.id,
    createdAt: new Date(r.createdAt).toISOString(),
    actorUserId: r.actorUserId ?? null,
    actorRole: r.actorRole,
    action: r.action,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    detail: r.detail ?? null,
    requestId: r.requestId,
    prevHash: r.prevHash,
  };
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

/** The head row, locked for the rest of the transaction on MySQL (SQLite transactions are serialised). */
export async function lockHead(m: EntityManager, dialect: Dialect): Promise<AuditChainHead> {
  const find = () => m.getRepository(AuditChainHead).findOne({ where: { id: HEAD_ID }, ...(dialect === 'mysql' ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  let head = await find();
  if (!head) {
    // The first writer creates it; a concurrent first writer waits on the key and then ignores.
    await m.createQueryBuilder().insert().into(AuditChainHead).values({ id: HEAD_ID, seq: 0, hash: GENESIS_HASH, anchorSeq: 0, anchorHash: GENESIS_HASH, pruned: 0 }).orIgnore().execute();
    head = await find();
  }
  return head!;
}

export type NewAuditRow = Omit<ChainedFields, 'seq' | 'prevHash' | 'createdAt'>;

/** Appends rows to the chain in `m`'s transaction, in order: one head lock, one head move. */
export async function appendToChain(m: EntityManager, dialect: Dialect, inputs: NewAuditRow[]): Promise<AuditLog[]> {
  if (!inputs.length) return [];
  const head = await lockHead(m, dialect);
  let seq = Number(head.seq);
  let prevHash = head.hash;
  const rows: AuditLog[] = [];
  for (const input of inputs) {
    // Stored as JSON text: hash what a reader gets back (dates become strings, undefined disappears).
    const detail = input.detail == null ? null : (JSON.parse(JSON.stringify(input.detail)) as Record<string, unknown>);
    const row = { ...input, detail, seq: ++seq, prevHash, createdAt: new Date() } as AuditLog;
    row.hash = rowHash(row);
    await m.getRepository(AuditLog).insert(row as never);
    prevHash = row.hash;
    rows.push(row);
  }
  await m.getRepository(AuditChainHead).update({ id: HEAD_ID }, { seq, hash: prevHash });
  return rows;
}

interface ChainBreak {
  seq: number;
  id: string | null;
  reason: 'missing' | 'prev_hash' | 'hash' | 'head';
}

export interface ChainReport {
  ok: boolean;
  /** Chained rows checked. */
  checked: number;
  /** Where the kept chain starts (rows up to it were pruned by retention) and ends. */
  anchorSeq: number;
  headSeq: number;
  firstBroken: ChainBreak | null;
}

/** Walks the chain from its anchor to its head; stops at the first row that does not fit. */
export async function verifyChain(ds: DataSource, batch = 1000): Promise<ChainReport> {
  const head = await ds.getRepository(AuditChainHead).findOneBy({ id: HEAD_ID });
  if (!head) {
    const any = await ds.getRepository(AuditLog).count({ where: { seq: MoreThan(0) } });
    return { ok: any === 0, checked: 0, anchorSeq: 0, headSeq: 0, firstBroken: any ? { seq: 1, id: null, reason: 'head' } : null };
  }
  const anchorSeq = Number(head.anchorSeq);
  const headSeq = Number(head.seq);
  let prev = head.anchorHash;
  let expected = anchorSeq + 1;
  let checked = 0;
  const broken = (b: ChainBreak): ChainReport => ({ ok: false, checked, anchorSeq, headSeq, firstBroken: b });
  for (;;) {
    const rows = await ds.getRepository(AuditLog).find({ where: { seq: MoreThan(expected - 1) }, order: { seq: 'ASC' }, take: batch });
    for (const r of rows) {
      if (r.seq !== expected) return broken({ seq: expected, id: null, reason: 'missing' });
      if (r.prevHash !== prev) return broken({ seq: expected, id: r.id, reason: 'prev_hash' });
      if (rowHash(r) !== r.hash) return broken({ seq: expected, id: r.id, reason: 'hash' });
      prev = r.hash;
      expected++;
      checked++;
    }
    if (rows.length < batch) break;
  }
  // Rows cut off the end leave the head pointing past the last row.
  if (expected - 1 !== headSeq || prev !== head.hash) return broken({ seq: expected, id: null, reason: expected - 1 < headSeq ? 'missing' : 'head' });
  return { ok: true, checked, anchorSeq, headSeq, firstBroken: null };
}
