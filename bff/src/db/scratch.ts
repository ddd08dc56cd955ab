import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

/** A throwaway database on the server named by `baseUrl` (tests and the migration generator). */
export async function createScratchMysqlDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const u = new URL(baseUrl.replace(/^mariadb:/, 'mysql:'));
  const name = `hp_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = await mysql.createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  u.pathname = `/${name}`;
  const scheme = baseUrl.startsWith('mariadb:') ? 'mariadb:' : 'mysql:';
  return {
    url: scheme + u.toString().slice('mysql:'.length),
    drop: async () => {
      const c = await mysql.createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}
