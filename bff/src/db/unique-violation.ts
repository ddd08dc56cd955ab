/**
 * True when a write failed on a unique key (or primary key): another request inserted the same row
 * first. MySQL/MariaDB: ER_DUP_ENTRY (1062); SQLite: SQLITE_CONSTRAINT_UNIQUE/_PRIMARYKEY — not
 * other constraint failures such as NOT NULL, which are bugs and must surface.
 */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = err?.driverError?.code ?? err?.code;
  const errno = err?.driverError?.errno ?? err?.errno;
  return code === 'ER_DUP_ENTRY' || errno === 1062 || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
