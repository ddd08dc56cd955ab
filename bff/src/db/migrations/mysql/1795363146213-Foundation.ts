import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795363146213 implements MigrationInterface {
  name = 'Foundation1795363146213';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`audit_logs\` (\`id\` varchar(36) NOT NULL, \`actorUserId\` varchar(36) NULL, \`actorRole\` varchar(32) NOT NULL, \`action\` varchar(48) NOT NULL, \`subjectType\` varchar(32) NOT NULL, \`subjectId\` varchar(64) NOT NULL, \`detail\` text NULL, \`requestId\` varchar(64) NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_e36d23e1e7cf81ea77758bef79\` (\`actorUserId\`), INDEX \`IDX_c69efb19bf127c97e6740ad530\` (\`createdAt\`), INDEX \`IDX_c8ee3d6d83f4031c42eda696de\` (\`subjectType\`, \`subjectId\`, \`createdAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`consents\` (\`id\` varchar(36) NOT NULL, \`userId\` varchar(36) NOT NULL, \`memberId\` varchar(36) NULL, \`kind\` varchar(24) NOT NULL, \`textVersion\` varchar(32) NOT NULL, \`grantedAt\` datetime(6) NOT NULL, \`withdrawnAt\` datetime(6) NULL, INDEX \`IDX_6504777808729a9c21ecc1e220\` (\`userId\`, \`kind\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`family_members\` (\`id\` varchar(36) NOT NULL, \`ownerUserId\` varchar(36) NOT NULL, \`relation\` varchar(16) NOT NULL, \`name\` varchar(64) NOT NULL, \`idNumberEnc\` text NULL, \`idNumberHash\` varchar(64) NULL, \`sex\` varchar(8) NOT NULL, \`birthDate\` varchar(10) NOT NULL, \`phoneEnc\` text NULL, \`verified\` tinyint NOT NULL DEFAULT 0, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), \`deletedAt\` datetime(6) NULL, INDEX \`IDX_6f37fb1df7068b2e5f7236abbe\` (\`ownerUserId\`), INDEX \`IDX_4026e32a1531be522361a281a3\` (\`idNumberHash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`refresh_tokens\` (\`id\` varchar(36) NOT NULL, \`userId\` varchar(36) NOT NULL, \`familyId\` varchar(36) NOT NULL, \`tokenHash\` varchar(64) NOT NULL, \`expiresAt\` datetime(6) NOT NULL, \`revokedAt\` datetime(6) NULL, \`replacedById\` varchar(36) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_610102b60fea1455310ccd299d\` (\`userId\`), INDEX \`IDX_40e9a8b923a1b3fb4429a5c624\` (\`familyId\`), UNIQUE INDEX \`IDX_c25bc63d248ca90e8dcc1d92d0\` (\`tokenHash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`users\` (\`id\` varchar(36) NOT NULL, \`openid\` varchar(64) NOT NULL, \`unionid\` varchar(64) NULL, \`roles\` text NOT NULL, \`sessionKeyEnc\` text NULL, \`name\` varchar(64) NULL, \`idNumberEnc\` text NULL, \`idNumberHash\` varchar(64) NULL, \`phoneEnc\` text NULL, \`sex\` varchar(8) NULL, \`birthDate\` varchar(10) NULL, \`realNameVerifiedAt\` datetime(6) NULL, \`doctorId\` varchar(64) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_9c98f005249412c8333a3b2c59\` (\`openid\`), UNIQUE INDEX \`IDX_e9be542c7ac0f210ee5db08334\` (\`idNumberHash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_e9be542c7ac0f210ee5db08334\` ON \`users\``);
    await q.query(`DROP INDEX \`IDX_9c98f005249412c8333a3b2c59\` ON \`users\``);
    await q.query(`DROP TABLE \`users\``);
    await q.query(`DROP INDEX \`IDX_c25bc63d248ca90e8dcc1d92d0\` ON \`refresh_tokens\``);
    await q.query(`DROP INDEX \`IDX_40e9a8b923a1b3fb4429a5c624\` ON \`refresh_tokens\``);
    await q.query(`DROP INDEX \`IDX_610102b60fea1455310ccd299d\` ON \`refresh_tokens\``);
    await q.query(`DROP TABLE \`refresh_tokens\``);
    await q.query(`DROP INDEX \`IDX_4026e32a1531be522361a281a3\` ON \`family_members\``);
    await q.query(`DROP INDEX \`IDX_6f37fb1df7068b2e5f7236abbe\` ON \`family_members\``);
    await q.query(`DROP TABLE \`family_members\``);
    await q.query(`DROP INDEX \`IDX_6504777808729a9c21ecc1e220\` ON \`consents\``);
    await q.query(`DROP TABLE \`consents\``);
    await q.query(`DROP INDEX \`IDX_c8ee3d6d83f4031c42eda696de\` ON \`audit_logs\``);
    await q.query(`DROP INDEX \`IDX_c69efb19bf127c97e6740ad530\` ON \`audit_logs\``);
    await q.query(`DROP INDEX \`IDX_e36d23e1e7cf81ea77758bef79\` ON \`audit_logs\``);
    await q.query(`DROP TABLE \`audit_logs\``);
  }
}
