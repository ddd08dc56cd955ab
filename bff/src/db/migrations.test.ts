import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from './data-source';
import { createScratchMysqlDatabase } from './scratch';

async function scratch() {
  if (process.env.MYSQL_URL) return createScratchMysqlDatabase(process.env.MYSQL_URL);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-mig-'));
  return { url: `sqlite:${path.join(dir, 'm.sqlite')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe(`migrations (${process.env.MYSQL_URL ? 'mysql' : 'sqlite'})`, () => {
  it('bring an empty database exactly to the entities, and revert cleanly', async () => {
    const db = await scratch();
    const ds = createDataSource(db.url);
    try {
      await ds.initialize();
      const applied = await ds.runMigrations({ transaction: 'each' });
      expect(applied.length).toBeGreaterThan(0);
      const diff = await ds.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((q) => q.query)).toEqual([]);
      for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const qr = ds.createQueryRunner();
      const left = [];
      for (const meta of ds.entityMetadatas) if (await qr.hasTable(meta.tableName)) left.push(meta.tableName);
      await qr.release();
      expect(left).toEqual([]);
    } finally {
      if (ds.isInitialized) await ds.destroy();
      await db.drop();
    }
  });
});
