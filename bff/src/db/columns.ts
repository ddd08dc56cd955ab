import { Column, CreateDateColumn, PrimaryColumn, UpdateDateColumn, type ColumnOptions } from 'typeorm';
import { randomUUID } from 'node:crypto';

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
