import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';
import { cipherPrefix, type FieldCrypto } from './field-crypto';
import { ENCRYPTED_COLUMNS, type EncryptedColumn } from './encrypted-columns';

export interface ReencryptResult {
  /** Ciphertext under an older key, now under the current one. */
  rewritten: number;
  /** Plaintext rows of a column encrypted later (chat bodies), now sealed. */
  sealed: number;
  /** Rows that could not be read (a key that is not configured, altered ciphertext): left as they are, logged. */
  failed: number;
  /** Stopped at maxRows with rows left: the next run goes on. */
  more: boolean;
}

export interface ColumnUsage {
  table: string;
  column: string;
  /** Rows per key version, and rows that are neither (plaintext, or a version not configured). */
  byVersion: Record<number, number>;
  other: number;
}

interface Target {
  spec: EncryptedColumn;
  entity: Function;
  table: string;
  column: string;
  property: string;
  id: string;
  /** The update-date column (property, column name), kept as it is by a rewrite. */
  updatedAt: { property: string; column: string } | null;
}

/**
 * Field-key rotation over every encrypted column (encrypted-columns.ts):
 * - `reencrypt` rewrites, in batches by primary key, every value not under the current key (and
 *   seals plaintext chat rows). Each row is written with a conditional update (`WHERE col = old`),
 *   so a value changed meanwhile by the app is left to the app; a run that stops (crash, maxRows)
 *   loses nothing: the next run selects what is still not under the current key. Idempotent.
 * - `retire` refuses while any row still carries a version's prefix (counted in the database,
 *   byte-exact: MariaDB's default collation would compare `V1.` equal to `v1.`).
 * The look-up hashes are not touched: the hash key stays stable across rotations (field-crypto.ts).
 */
export class KeyRotation {
  private readonly targets: Target[];

  constructor(
    private readonly ds: DataSource,
    private readonly crypto: FieldCrypto,
    private readonly logger: Logger,
    private readonly o: { batch: number } = { batch: 200 },
    columns: EncryptedColumn[] = ENCRYPTED_COLUMNS,
  ) {
    this.targets = columns.map((spec) => {
      const meta = ds.getMetadata(spec.entity);
      const col = meta.findColumnWithPropertyName(spec.property);
      if (!col) throw new Error(`${meta.name}.${spec.property} is not a column`);
      return {
        spec,
        entity: spec.entity,
        table: meta.tableName,
        column: col.databaseName,
        property: spec.property,
        id: meta.primaryColumns[0].databaseName,
        updatedAt: meta.updateDateColumn ? { property: meta.updateDateColumn.propertyName, column: meta.updateDateColumn.databaseName } : null,
      };
    });
  }

  private q(name: string): string {
    return this.ds.driver.escape(name);
  }

  /** The first `len` characters of a column, compared byte for byte. */
  private head(column: string, len: number): string {
    const sub = `SUBSTR(${this.q(column)}, 1, ${len})`;
    return this.ds.options.type === 'better-sqlite3' ? sub : `CAST(${sub} AS BINARY)`;
  }

  async reencrypt(opts: { maxRows?: number } = {}): Promise<ReencryptResult> {
    const result: ReencryptResult = { rewritten: 0, sealed: 0, failed: 0, more: false };
    let budget = opts.maxRows ?? Infinity;
    const prefix = cipherPrefix(this.crypto.currentVersion);
    for (const t of this.targets) {
      let after = '';
      for (;;) {
        if (budget <= 0) {
          result.more = true;
          return result;
        }
        const rows: Array<{ id: string; v: string }> = await this.ds.query(
          `SELECT ${this.q(t.id)} AS id, ${this.q(t.column)} AS v FROM ${this.q(t.table)}` +
            ` WHERE ${this.q(t.column)} IS NOT NULL AND ${this.head(t.column, prefix.length)} <> ? AND ${this.q(t.id)} > ?` +
            ` ORDER BY ${this.q(t.id)} LIMIT ${Math.max(1, Math.min(this.o.batch, budget))}`,
          [prefix, after],
        );
        if (!rows.length) break;
        for (const row of rows) {
          budget--;
          const plain = this.read(t, row);
          if (plain === null) {
            result.failed++;
            continue;
          }
          const set: Record<string, unknown> = { [t.property]: this.crypto.encrypt(plain.text) };
          // Keep updatedAt: a key change is not a change of the row.
          const kept = t.updatedAt;
          if (kept) set[kept.property] = () => this.q(kept.column);
          const res = await this.ds
            .createQueryBuilder()
            .update(t.entity)
            .set(set)
            .where(`${this.q(t.id)} = :id`, { id: row.id })
            .andWhere(`${this.q(t.column)} = :old`, { old: row.v })
            .execute();
          if (res.affected) result[plain.wasPlain ? 'sealed' : 'rewritten']++;
        }
        after = rows[rows.length - 1].id;
      }
    }
    if (result.rewritten || result.sealed || result.failed) this.logger.info({ ...result, keyVersion: this.crypto.currentVersion }, 'field re-encryption');
    return result;
  }

  private read(t: Target, row: { id: string; v: string }): { text: string; wasPlain: boolean } | null {
    const version = this.crypto.versionOf(row.v);
    if (version === null && t.spec.plaintextAllowed) return { text: row.v, wasPlain: true };
    try {
      return { text: this.crypto.decrypt(row.v), wasPlain: false };
    } catch (e) {
      // Text that only looks like ciphertext under a configured key (chat): it is plaintext.
      if (t.spec.plaintextAllowed && version !== null && this.crypto.versions.includes(version)) return { text: row.v, wasPlain: true };
      this.logger.warn({ table: t.table, column: t.column, id: row.id, err: (e as Error).message }, 'field re-encryption: row not readable, left as it is');
      return null;
    }
  }

  /** Rows per key version for every encrypted column (versions configured, plus `extra`). */
  async usage(extra: number[] = []): Promise<ColumnUsage[]> {
    const versions = [...new Set([...this.crypto.versions, ...extra])].sort((a, b) => a - b);
    const out: ColumnUsage[] = [];
    for (const t of this.targets) {
      const [{ n: total }] = await this.ds.query(`SELECT COUNT(*) AS n FROM ${this.q(t.table)} WHERE ${this.q(t.column)} IS NOT NULL`);
      const byVersion: Record<number, number> = {};
      for (const v of versions) byVersion[v] = await this.countVersion(t, v);
      out.push({ table: t.table, column: t.column, byVersion, other: Number(total) - Object.values(byVersion).reduce((a, b) => a + b, 0) });
    }
    return out;
  }

  private async countVersion(t: Target, version: number): Promise<number> {
    const p = cipherPrefix(version);
    const [{ n }] = await this.ds.query(`SELECT COUNT(*) AS n FROM ${this.q(t.table)} WHERE ${this.q(t.column)} IS NOT NULL AND ${this.head(t.column, p.length)} = ?`, [p]);
    return Number(n);
  }

  /**
   * Whether key `version` may leave the configuration: never the current key, and only once no row
   * in any encrypted column still uses it. Retiring is then removing it from FIELD_KEYS (or
   * FIELD_ENCRYPTION_KEY for version 1, with FIELD_HASH_KEY set first).
   */
  async retire(version: number): Promise<{ ok: true } | { ok: false; reason: string; inUse: Array<{ table: string; column: string; rows: number }> }> {
    if (version === this.crypto.currentVersion) return { ok: false, reason: `key ${version} is the current key (FIELD_KEY_CURRENT): new values are encrypted with it`, inUse: [] };
    const inUse: Array<{ table: string; column: string; rows: number }> = [];
    for (const t of this.targets) {
      const rows = await this.countVersion(t, version);
      if (rows) inUse.push({ table: t.table, column: t.column, rows });
    }
    if (inUse.length) {
      const total = inUse.reduce((a, b) => a + b.rows, 0);
      return { ok: false, reason: `${total} row(s) still use key ${version}: run \`npm run admin -- reencrypt\` first`, inUse };
    }
    return { ok: true };
  }
}
