import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityAndScopes1796190519609 implements MigrationInterface {
  name = 'IdentityAndScopes1796190519609';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`users\` ADD \`identityMethod\` varchar(16) NULL`);
    await q.query(`ALTER TABLE \`users\` ADD \`sessionVersion\` int NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE \`family_access_grants\` ADD \`scopes\` varchar(64) NOT NULL DEFAULT 'health'`);
    await q.query(`ALTER TABLE \`family_access_grants\` ADD \`inviteCode\` varchar(32) NULL`);
    await q.query(`ALTER TABLE \`family_access_grants\` ADD UNIQUE INDEX \`IDX_17d3dcd5a20c68476ffc661113\` (\`inviteCode\`)`);
    await q.query(`DROP INDEX \`IDX_ebb9d4b9b03b44b3bdebeb2469\` ON \`family_access_grants\``);
    await q.query(`ALTER TABLE \`family_access_grants\` CHANGE \`grantorUserId\` \`grantorUserId\` varchar(36) NULL`);
    await q.query(`CREATE INDEX \`IDX_ebb9d4b9b03b44b3bdebeb2469\` ON \`family_access_grants\` (\`grantorUserId\`, \`createdAt\`)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_ebb9d4b9b03b44b3bdebeb2469\` ON \`family_access_grants\``);
    await q.query(`ALTER TABLE \`family_access_grants\` CHANGE \`grantorUserId\` \`grantorUserId\` varchar(36) NOT NULL`);
    await q.query(`CREATE INDEX \`IDX_ebb9d4b9b03b44b3bdebeb2469\` ON \`family_access_grants\` (\`grantorUserId\`, \`createdAt\`)`);
    await q.query(`ALTER TABLE \`family_access_grants\` DROP INDEX \`IDX_17d3dcd5a20c68476ffc661113\``);
    await q.query(`ALTER TABLE \`family_access_grants\` DROP COLUMN \`inviteCode\``);
    await q.query(`ALTER TABLE \`family_access_grants\` DROP COLUMN \`scopes\``);
    await q.query(`ALTER TABLE \`users\` DROP COLUMN \`sessionVersion\``);
    await q.query(`ALTER TABLE \`users\` DROP COLUMN \`identityMethod\``);
  }
}
