/**
 * Bootstrapping the first admin against the configured database (every later role is granted on
 * the admin page, with a reason and the admin recorded in the audit log):
 *   npm run admin -- bootstrap <openid>    the first admin; audited with the reason "bootstrap"
 *   npm run admin -- roles <openid>        a user's roles
 * and the field-key rotation commands of key-commands.ts (keys, reencrypt, retire <version>, hash-key).
 *   npm run admin -- audit-verify          walks the audit chain; exit code 3 names the first broken row
 */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { createDataSource } from '../db/data-source';
import { runMigrationsLocked } from '../db/migrate';
import { buildServices } from '../services';
import { User } from '../db/entities';
import { KEY_USAGE, keyCommand } from './key-commands';

const BREAK_REASONS = {
  hash: 'the row was changed after it was written',
  prev_hash: 'the row does not follow the one before it',
  missing: 'a row is missing',
  head: 'the chain head does not match the last row',
} as const;

async function main(argv: string[]) {
  const [cmd, openid] = argv;
  const config = loadConfig();
  const ds = createDataSource(config.databaseUrl);
  await ds.initialize();
  await runMigrationsLocked(ds);
  try {
    const services = buildServices({ config, ds, logger: createLogger('warn'), redis: null });
    if (cmd === 'bootstrap' && openid) {
      const u = await services.staff.bootstrapAdmin(openid, `cli-bootstrap-${Date.now()}`);
      console.log(`${openid}: ${u.roles.join(', ')} (audited: role.grant admin, reason bootstrap)`);
    } else if (cmd === 'roles' && openid) {
      const u = await ds.getRepository(User).findOneBy({ openid });
      console.log(u ? `${openid}: ${u.roles.join(', ')}${u.doctorId ? ` (doctor ${u.doctorId})` : ''}` : `${openid}: no such user`);
    } else if (cmd === 'audit-verify') {
      const r = await services.audit.verify();
      const range = `seq ${r.anchorSeq + 1}..${r.headSeq}${r.anchorSeq ? `, rows up to ${r.anchorSeq} pruned by retention` : ''}`;
      if (r.ok) console.log(`audit chain ok: ${r.checked} rows (${range})`);
      else {
        const b = r.firstBroken!;
        console.error(`audit chain BROKEN at seq ${b.seq}${b.id ? ` (row ${b.id})` : ''}: ${BREAK_REASONS[b.reason]}; ${r.checked} rows before it verify (${range})`);
        process.exitCode = 3;
      }
    } else if (await keyCommand(services, cmd, openid)) {
      // done
    } else {
      console.error(
        `usage: npm run admin -- bootstrap <openid> | roles <openid> | audit-verify | ${KEY_USAGE}\n(doctor, operator and further admin roles are granted on the admin page: 我的 → 人员与角色)`,
      );
      process.exitCode = 2;
    }
  } finally {
    await ds.destroy();
  }
}

main(process.argv.slice(2)).then(
  // The services open connections a one-shot command does not close one by one (the job queue on
  // REDIS_URL): end the process when the command is done.
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error((e as Error).message);
    process.exit(1);
  },
);
