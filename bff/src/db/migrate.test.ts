import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from './data-source';
import { runMigrationsLocked } from './migrate';
import { createScratchMysqlDatabase } from './scratch';

async function scratch() {
  if (process.env.MYSQL_URL) return createScratchMysqlDatabase(process.env.MYSQL_URL);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-lock-'));
  return { url: `sqlite:${path.join(dir, 'm.sqlite')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe(`db:migrate under a lock (${process.env.MYSQL_URL ? 'mysql' : 'sqlite'})`, () => {
  it('applies every migration once, and a second run finds nothing pending', async () => {
    const db = await scratch();
    const ds = createDataSource(db.url);
    try {
      await ds.initialize();
      const first = await runMigrationsLocked(ds);
      expect(first.length).toBe(ds.migrations.length);
      expect(await runMigrationsLocked(ds)).toEqual([]);
    } finally {
      if (ds.isInitialized) await ds.destroy();
      await db.drop();
    }
  });

  // SQLite is one process's file; the race exists on a shared server only.
  if (process.env.MYSQL_URL)
    it('two instances migrating at once: one set applied, no error', async () => {
      const db = await scratch();
      const a = createDataSource(db.url);
      const b = createDataSource(db.url);
      try {
        await Promise.all([a.initialize(), b.initialize()]);
        const [ra, rb] = await Promise.all([runMigrationsLocked(a), runMigrationsLocked(b)]);
        // One of them did all the work; the other waited on the lock and found nothing pending.
        expect([ra.length, rb.length].sort()).toEqual([0, a.migrations.length]);
        const rows = (await a.query('SELECT name FROM migrations')) as Array<{ name: string }>;
        expect(rows.length).toBe(a.migrations.length);
        expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
        const diff = await a.driver.createSchemaBuilder().log();
        expect(diff.upQueries).toEqual([]);
      } finally {
        await Promise.all([a, b].filter((d) => d.isInitialized).map((d) => d.destroy()));
        await db.drop();
      }
    });
});
