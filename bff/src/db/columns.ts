import { Column, CreateDateColumn, PrimaryColumn, UpdateDateColumn, type ColumnOptions } from 'typeorm';
import { createHash, randomUUID } from 'node:crypto';

/**
 * Column helpers with explicit types: the BFF runs under tsx/swc without decorator metadata, and
 * the same entities must produce equivalent schemas on SQLite and MySQL/MariaDB.
 */
export const IdColumn = () => PrimaryColumn({ type: 'varchar', length: 36 });
export const RefColumn = (opts: ColumnOptions = {}) => Column({ type: 'varchar', length: 36, ...opts });
export const StrColumn = (length: number, opts: ColumnOptions = {}) => Column({ type: 'varchar', length, ...opts });
export const TextColumn = (opts: ColumnOptions = {}) => Column({ type: 'text', ...opts });
export const IntColumn = (opts: ColumnOptions = {}) => Column({ type: 'int', ...opts });
export const BoolColumn = (opts: ColumnOptions = {}) => Column({ type: 'boolean', ...opts });
export const JsonColumn = (opts: ColumnOptions = {}) => Column({ type: 'simple-json', ...opts });
/** Microsecond precision (MySQL defaults CURRENT_TIMESTAMP(6)) so ordering by time is stable on MySQL too. */
export const TimeColumn = (opts: ColumnOptions = {}) => Column({ type: 'datetime', precision: 6, ...opts });
export const CreatedAt = () => CreateDateColumn({ type: 'datetime', precision: 6 });
export const UpdatedAt = () => UpdateDateColumn({ type: 'datetime', precision: 6 });

export const newId = () => randomUUID();

/**
 * A UUID-shaped id (version 8, RFC 9562) derived from its parts: the same request (e.g. user and
 * Idempotency-Key) names the same row on every run, so a re-run cannot write a second one.
 */
export function derivedId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
