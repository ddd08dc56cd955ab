import type { DataSource, Migration } from 'typeorm';

/** How long a second instance waits for the first one's migrations before giving up. */
const LOCK_WAIT_SECONDS = 300;

/**
 * Applies pending migrations under a database lock, so instances that start (or run
 * `npm run db:migrate`) at the same moment never race: on MySQL/MariaDB a named lock
 * (GET_LOCK, per database) held on its own connection while TypeORM migrates; the second
 * migrator waits, then finds nothing pending. SQLite is one process's file: no lock needed.
 */
export async function runMigrationsLocked(ds: DataSource, opts: { waitSeconds?: number } = {}): Promise<Migration[]> {
  if (ds.options.type === 'better-sqlite3') return ds.runMigrations({ transaction: 'each' });
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    const [{ db }] = (await qr.query('SELECT DATABASE() AS db')) as Array<{ db: string }>;
    const name = `hp_migrations:${db}`.slice(0, 64);
    const [{ got }] = (await qr.query('SELECT GET_LOCK(?, ?) AS got', [name, opts.waitSeconds ?? LOCK_WAIT_SECONDS])) as Array<{ got: number | string | null }>;
    if (Number(got) !== 1) throw new Error(`another instance has held the migration lock ${name} for ${opts.waitSeconds ?? LOCK_WAIT_SECONDS} s; is a migration stuck?`);
    try {
      return await ds.runMigrations({ transaction: 'each' });
    } finally {
      await qr.query('SELECT RELEASE_LOCK(?)', [name]);
    }
  } finally {
    await qr.release();
  }
}
