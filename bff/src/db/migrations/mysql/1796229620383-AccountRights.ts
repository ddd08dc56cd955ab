import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountRights1796229620383 implements MigrationInterface {
  name = 'AccountRights1796229620383';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`data_exports\` (\`id\` varchar(36) NOT NULL, \`userId\` varchar(36) NOT NULL, \`bytes\` int NOT NULL, \`parts\` int NOT NULL, \`expiresAt\` datetime(6) NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_20eabbe7d232804ab482571bce\` (\`userId\`, \`createdAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`data_export_parts\` (\`id\` varchar(36) NOT NULL, \`exportId\` varchar(36) NOT NULL, \`seq\` int NOT NULL, \`data\` text NOT NULL, UNIQUE INDEX \`IDX_7bd4b123d8419318ada90e2ff2\` (\`exportId\`, \`seq\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`account_retentions\` (\`id\` varchar(36) NOT NULL, \`deletedAt\` datetime(6) NOT NULL, \`categories\` text NOT NULL, \`retainUntil\` datetime(6) NOT NULL, \`requestId\` varchar(64) NOT NULL, INDEX \`IDX_f964cc558897b7620ef7f7c4a5\` (\`retainUntil\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_f964cc558897b7620ef7f7c4a5\` ON \`account_retentions\``);
    await q.query(`DROP TABLE \`account_retentions\``);
    await q.query(`DROP INDEX \`IDX_7bd4b123d8419318ada90e2ff2\` ON \`data_export_parts\``);
    await q.query(`DROP TABLE \`data_export_parts\``);
    await q.query(`DROP INDEX \`IDX_20eabbe7d232804ab482571bce\` ON \`data_exports\``);
    await q.query(`DROP TABLE \`data_exports\``);
  }
}
