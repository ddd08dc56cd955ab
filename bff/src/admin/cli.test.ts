import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import 'reflect-metadata';
import { createDataSource } from '../db/data-source';
import { AuditLog, User } from '../db/entities';

jest.setTimeout(60_000);
const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');

/** The CLI bootstraps the first admin only, and leaves an audit row with the reason "bootstrap". */
it('npm run admin -- bootstrap: the first admin, audited; a second bootstrap is refused', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-cli-'));
  const env = { ...process.env, NODE_ENV: 'test', DATABASE_URL: `sqlite:${path.join(dir, 'cli.sqlite')}`, LOG_LEVEL: 'silent' };
  const cli = (...args: string[]) => run('npx', ['tsx', '--tsconfig', 'bff/tsconfig.json', 'bff/src/admin/cli.ts', ...args], { cwd: root, env });
  try {
    expect((await cli('bootstrap', 'cli_first_admin')).stdout).toContain('resident, admin');
    await expect(cli('bootstrap', 'cli_second')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('an admin already exists') });
    const ds = createDataSource(env.DATABASE_URL);
    await ds.initialize();
    try {
      const users = await ds.getRepository(User).find();
      expect(users.map((u) => [u.openid, u.roles])).toEqual([['cli_first_admin', ['resident', 'admin']]]);
      const rows = await ds.getRepository(AuditLog).find();
      expect(rows).toEqual([
        expect.objectContaining({ actorUserId: null, action: 'role.grant', subjectType: 'user', subjectId: users[0].id, detail: { role: 'admin', reason: 'bootstrap', doctorId: null } }),
      ]);

      // audit-verify walks the chain; a changed row is named with exit code 3.
      expect((await cli('audit-verify')).stdout).toContain('audit chain ok: 1 rows');
      await ds.getRepository(AuditLog).update({ id: rows[0].id }, { detail: { role: 'admin', reason: 'bootstrap', doctorId: 'D-X' } });
      await expect(cli('audit-verify')).rejects.toMatchObject({
        code: 3,
        stderr: expect.stringContaining(`audit chain BROKEN at seq 1 (row ${rows[0].id}): the row was changed after it was written`),
      });
    } finally {
      await ds.destroy();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
