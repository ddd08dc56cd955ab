import 'reflect-metadata';
import path from 'node:path';
import fs from 'node:fs';
import { DataSource, type EntityManager } from 'typeorm';
import { entities } from './entities';
import { sqliteMigrations } from './migrations/sqlite';
import { mysqlMigrations } from './migrations/mysql';

export type Dialect = 'sqlite' | 'mysql';

function dialectOf(url: string): Dialect {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (/^(mysql|mariadb):\/\//.test(url)) return 'mysql';
  throw new Error(`DATABASE_URL must start with sqlite: or mysql:// (got ${url.split(':')[0]}:)`);
}

/** `sqlite:data/x.sqlite`, `sqlite::memory:`, `mysql://user:pass@host:3306/db` or `mariadb://…`. */
export function createDataSource(url: string, opts: { logging?: boolean; poolSize?: number; entities?: Function[] } = {}): DataSource {
  const dialect = dialectOf(url);
  if (dialect === 'sqlite') {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return new DataSource({
      type: 'better-sqlite3',
      database: file,
      entities: opts.entities ?? entities,
      migrations: sqliteMigrations,
      logging: opts.logging ?? false,
      // WAL lets readers proceed while one writer commits; FKs are enforced in code, not the DB.
      prepareDatabase: (db: { pragma: (s: string) => void }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
      },
    });
  }
  // MariaDB reports column defaults differently from MySQL: with the wrong type TypeORM sees a
  // schema diff on every nullable column. The scheme chooses: mysql:// or mariadb://.
  return new DataSource({
    type: url.startsWith('mariadb:') ? 'mariadb' : 'mysql',
    url: url.replace(/^mariadb:/, 'mysql:'),
    entities: opts.entities ?? entities,
    migrations: mysqlMigrations,
    logging: opts.logging ?? false,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    poolSize: opts.poolSize ?? 20,
  });
}

/**
 * Transactions. SQLite through TypeORM shares one connection, so two concurrent transactions fail
 * ("cannot start a transaction within a transaction"): serialise them in-process there. MySQL runs
 * them concurrently; correctness under concurrency comes from conditional updates and row locks.
 */
export class Tx {
  private chain: Promise<unknown> = Promise.resolve();
  constructor(readonly ds: DataSource) {}

  get dialect(): Dialect {
    return this.ds.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
  }

  run<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    if (this.dialect === 'mysql') return this.ds.transaction(fn);
    const result = this.chain.then(() => this.ds.transaction(fn));
    this.chain = result.catch(() => undefined);
    return result;
  }
}
