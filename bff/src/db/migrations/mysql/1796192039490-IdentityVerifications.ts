import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityVerifications1796192039490 implements MigrationInterface {
  name = 'IdentityVerifications1796192039490';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`identity_verifications\` (\`id\` varchar(36) NOT NULL, \`outSeqNo\` varchar(32) NOT NULL, \`userId\` varchar(36) NOT NULL, \`openid\` varchar(64) NOT NULL, \`name\` varchar(64) NOT NULL, \`idNumberEnc\` text NOT NULL, \`idNumberHash\` varchar(64) NOT NULL, \`verifyId\` varchar(256) NOT NULL, \`status\` varchar(16) NOT NULL, \`expiresAt\` datetime(6) NOT NULL, \`verifyRet\` int NULL, \`finishedAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_002674604397fdb3139df930d9\` (\`outSeqNo\`), INDEX \`IDX_9292fedb343f541789cc7a8de8\` (\`idNumberHash\`), UNIQUE INDEX \`IDX_62b26606da2e8b7976a07c82e9\` (\`verifyId\`), INDEX \`IDX_28febcc1b21fcf36281ef25f38\` (\`userId\`, \`createdAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_28febcc1b21fcf36281ef25f38\` ON \`identity_verifications\``);
    await q.query(`DROP INDEX \`IDX_62b26606da2e8b7976a07c82e9\` ON \`identity_verifications\``);
    await q.query(`DROP INDEX \`IDX_9292fedb343f541789cc7a8de8\` ON \`identity_verifications\``);
    await q.query(`DROP INDEX \`IDX_002674604397fdb3139df930d9\` ON \`identity_verifications\``);
    await q.query(`DROP TABLE \`identity_verifications\``);
  }
}
