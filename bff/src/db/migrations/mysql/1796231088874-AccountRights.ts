import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountRights1796231088874 implements MigrationInterface {
  name = 'AccountRights1796231088874';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`data_exports\` (\`id\` varchar(36) NOT NULL, \`userId\` varchar(36) NOT NULL, \`bytes\` int NOT NULL, \`parts\` int NOT NULL, \`expiresAt\` datetime(6) NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_20eabbe7d232804ab482571bce\` (\`userId\`, \`createdAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`data_export_parts\` (\`id\` varchar(36) NOT NULL, \`exportId\` varchar(36) NOT NULL, \`seq\` int NOT NULL, \`data\` text NOT NULL, UNIQUE INDEX \`IDX_7bd4b123d8419318ada90e2ff2\` (\`exportId\`, \`seq\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`account_retentions\` (\`id\` varchar(36) NOT NULL, \`deletedAt\` datetime(6) NOT NULL, \`categories\` text NOT NULL, \`subjects\` text NOT NULL, \`nextPurgeAt\` datetime(6) NOT NULL, \`requestId\` varchar(64) NOT NULL, INDEX \`IDX_0b3a8552f5fd92359e598c2f42\` (\`nextPurgeAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_0b3a8552f5fd92359e598c2f42\` ON \`account_retentions\``);
    await q.query(`DROP TABLE \`account_retentions\``);
    await q.query(`DROP INDEX \`IDX_7bd4b123d8419318ada90e2ff2\` ON \`data_export_parts\``);
    await q.query(`DROP TABLE \`data_export_parts\``);
    await q.query(`DROP INDEX \`IDX_20eabbe7d232804ab482571bce\` ON \`data_exports\``);
    await q.query(`DROP TABLE \`data_exports\``);
  }
}
