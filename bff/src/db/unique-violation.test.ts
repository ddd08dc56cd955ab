import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from './data-source';
import { createScratchMysqlDatabase } from './scratch';
import { User } from './entities';
import { isUniqueViolation } from './unique-violation';

async function scratch() {
  if (process.env.MYSQL_URL) return createScratchMysqlDatabase(process.env.MYSQL_URL);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-uniq-'));
  return { url: `sqlite:${path.join(dir, 'u.sqlite')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const user = (id: string, openid: string | null) => ({
  id,
  openid: openid as string,
  unionid: null,
  roles: ['resident' as const],
  sessionKeyEnc: null,
  name: null,
  idNumberEnc: null,
  idNumberHash: null,
  phoneEnc: null,
  sex: null,
  birthDate: null,
  realNameVerifiedAt: null,
  doctorId: null,
});

describe(`isUniqueViolation (${process.env.MYSQL_URL ? 'mysql' : 'sqlite'})`, () => {
  it('recognises a duplicate key, and nothing else', async () => {
    const db = await scratch();
    const ds = createDataSource(db.url);
    try {
      await ds.initialize();
      await ds.runMigrations({ transaction: 'each' });
      const repo = ds.getRepository(User);
      await repo.insert(user('u1', 'same-openid'));
      const dup = await repo.insert(user('u2', 'same-openid')).catch((e) => e);
      expect(isUniqueViolation(dup)).toBe(true);
      const samePk = await repo.insert(user('u1', 'other-openid')).catch((e) => e);
      expect(isUniqueViolation(samePk)).toBe(true);
      const notNull = await repo.insert(user('u3', null)).catch((e) => e);
      expect(notNull).toBeInstanceOf(Error);
      expect(isUniqueViolation(notNull)).toBe(false);
      expect(isUniqueViolation(new Error('network'))).toBe(false);
    } finally {
      if (ds.isInitialized) await ds.destroy();
      await db.drop();
    }
  });
});
