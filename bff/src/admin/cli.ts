/**
 * Admin commands against the configured database:
 *   npm run admin -- grant <openid> <resident|doctor|operator|admin> [doctorId]
 *   npm run admin -- roles <openid>
 */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { createDataSource } from '../db/data-source';
import { runMigrationsLocked } from '../db/migrate';
import { buildServices } from '../services';
import { User } from '../db/entities';
import { Role } from '@healthpocket/shared-types';

async function main(argv: string[]) {
  const [cmd, openid, role, doctorId] = argv;
  const config = loadConfig();
  const ds = createDataSource(config.databaseUrl);
  await ds.initialize();
  await runMigrationsLocked(ds);
  try {
    const services = buildServices({ config, ds, logger: createLogger('warn'), redis: null });
    if (cmd === 'grant' && openid && Role.safeParse(role).success) {
      if (role === 'doctor' && !doctorId) throw new Error('a doctor needs the platform doctor id: grant <openid> doctor <doctorId>');
      const u = await services.auth.grant(openid, [Role.parse(role)], doctorId);
      console.log(`${openid}: ${u.roles.join(', ')}${u.doctorId ? ` (doctor ${u.doctorId})` : ''}`);
    } else if (cmd === 'roles' && openid) {
      const u = await ds.getRepository(User).findOneBy({ openid });
      console.log(u ? `${openid}: ${u.roles.join(', ')}` : `${openid}: no such user`);
    } else {
      console.error('usage: npm run admin -- grant <openid> <resident|doctor|operator|admin> [doctorId] | roles <openid>');
      process.exitCode = 2;
    }
  } finally {
    await ds.destroy();
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
