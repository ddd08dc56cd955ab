import type { EntityManager } from 'typeorm';
import type { ErrorCode, RetainedCategory } from '@healthpocket/shared-types';

/** Whose data an export or a deletion is about: the account and the family members it manages (deleted ones included). */
export interface AccountRef {
  userId: string;
  memberIds: string[];
}

/** One deletion: records law requires us to keep move from the account to `retentionId`. */
export interface Erasure extends AccountRef {
  retentionId: string;
  now: Date;
  /** Members that retained records name (a booking's patient …): their rows are kept, soft-deleted, under the retention id. */
  keptMemberIds: Set<string>;
}

/**
 * What one module holds of a resident, for the resident's rights (PIPL Art. 45 and 47). Each module
 * registers one handler through its public surface and reads or changes only its own tables.
 */
export interface AccountDataHandler {
  /** Section name in the export file. */
  section: string;
  /** The resident's own data in this module, as plain JSON (full values: the file is theirs). */
  export?(ref: AccountRef): Promise<unknown>;
  /**
   * Inside the deletion transaction: delete what law does not require us to keep, re-key what it
   * does to the retention id (adding the members those records name to keptMemberIds).
   * 'records' run first, then 'people' (family members, who need keptMemberIds), then 'account'.
   */
  erase?(m: EntityManager, e: Erasure): Promise<void>;
  phase?: 'records' | 'people' | 'account';
  /** What must be settled first (an order awaiting payment …): the refusal's error code, or null. */
  blocks?(m: EntityManager, userId: string, now: Date): Promise<ErrorCode | null>;
  /**
   * What this module keeps under a retention id, and how it deletes it once the category's time is
   * up ('last': once every category of the retention is purged, e.g. the members the records named).
   */
  retained?: Array<{ category: RetainedCategory | 'last'; purge(m: EntityManager, r: Retained): Promise<void> }>;
}

/** A retention whose time (for one category) is up. */
export interface Retained {
  retentionId: string;
  /** The former account and its members: the audit trail about them is keyed by these. */
  formerUserId: string;
  memberIds: string[];
}

const PHASES = ['records', 'people', 'account'] as const;

export class AccountDataRegistry {
  private readonly handlers: AccountDataHandler[] = [];

  register(...hs: AccountDataHandler[]): void {
    for (const h of hs) {
      if (this.handlers.some((x) => x.section === h.section)) throw new Error(`account data section ${h.section} registered twice`);
      this.handlers.push(h);
    }
  }

  sections(): string[] {
    return this.handlers.map((h) => h.section);
  }

  async exportAll(ref: AccountRef): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const h of this.handlers) if (h.export) out[h.section] = await h.export(ref);
    return out;
  }

  /** Deletes what the handlers keep for `category` under the retention ('last' after every other). */
  async purge(m: EntityManager, category: string, r: Retained): Promise<void> {
    for (const h of this.handlers) for (const k of h.retained ?? []) if (k.category === category) await k.purge(m, r);
  }

  /** Every refusal the modules raise against deleting the account now. */
  async blockers(m: EntityManager, userId: string, now: Date): Promise<ErrorCode[]> {
    const out: ErrorCode[] = [];
    for (const h of this.handlers) {
      const code = h.blocks ? await h.blocks(m, userId, now) : null;
      if (code) out.push(code);
    }
    return out;
  }

  async eraseAll(m: EntityManager, e: Erasure): Promise<void> {
    for (const phase of PHASES) for (const h of this.handlers) if (h.erase && (h.phase ?? 'records') === phase) await h.erase(m, e);
  }
}

/** Dates as ISO strings, encrypted columns left out by the caller: rows made plain for the export file. */
export function plain<T extends object>(rows: T[], omit: Array<keyof T> = []): Record<string, unknown>[] {
  return rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (!omit.includes(k as keyof T)) o[k] = v instanceof Date ? v.toISOString() : v;
    return o;
  });
}
