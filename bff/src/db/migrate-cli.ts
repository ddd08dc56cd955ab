import 'reflect-metadata';
import { createDataSource } from './data-source';
import { runMigrationsLocked } from './migrate';

/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL under the migration lock, prints
 * what it applied and exits. Production instances do not migrate on boot (MIGRATE_ON_BOOT=true
 * makes them); run this once per release, before or while the new instances start.
 */
async function main() {
  const url = process.env.DATABASE_URL ?? 'sqlite:data/healthpocket.sqlite';
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    const applied = await runMigrationsLocked(ds);
    console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}` : 'no pending migrations');
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(`migration failed: ${(e as Error).message}`);
  process.exit(1);
});
