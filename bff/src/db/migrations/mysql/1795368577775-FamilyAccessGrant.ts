import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FamilyAccessGrant1795368577775 implements MigrationInterface {
  name = 'FamilyAccessGrant1795368577775';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`family_access_grants\` (\`id\` varchar(36) NOT NULL, \`memberId\` varchar(36) NOT NULL, \`requesterUserId\` varchar(36) NOT NULL, \`grantorUserId\` varchar(36) NOT NULL, \`status\` varchar(16) NOT NULL, \`requestedAt\` datetime(6) NOT NULL, \`decidedAt\` datetime(6) NULL, \`revokedAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`IDX_ebb9d4b9b03b44b3bdebeb2469\` (\`grantorUserId\`, \`createdAt\`), INDEX \`IDX_3bf879a9277ec73ee0a3d3a282\` (\`memberId\`, \`status\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_3bf879a9277ec73ee0a3d3a282\` ON \`family_access_grants\``);
    await q.query(`DROP INDEX \`IDX_ebb9d4b9b03b44b3bdebeb2469\` ON \`family_access_grants\``);
    await q.query(`DROP TABLE \`family_access_grants\``);
  }
}
