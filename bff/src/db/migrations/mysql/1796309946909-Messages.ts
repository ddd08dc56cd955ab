import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Messages1796309946909 implements MigrationInterface {
  name = 'Messages1796309946909';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`messages\` (\`id\` varchar(36) NOT NULL, \`userId\` varchar(36) NOT NULL, \`category\` varchar(24) NOT NULL, \`title\` varchar(64) NOT NULL, \`body\` varchar(400) NOT NULL, \`link\` varchar(255) NULL, \`memberId\` varchar(36) NULL, \`dedupeKey\` varchar(128) NOT NULL, \`readAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL, INDEX \`IDX_6ce6acdb0801254590f8a78c08\` (\`createdAt\`), INDEX \`IDX_c7871e3bc5a5272e2196230c50\` (\`userId\`, \`readAt\`), INDEX \`IDX_ff897faf9eb7713f06ca8f94a6\` (\`userId\`, \`createdAt\`), UNIQUE INDEX \`IDX_fef05fe40ffd971d5ff40d8268\` (\`userId\`, \`dedupeKey\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_fef05fe40ffd971d5ff40d8268\` ON \`messages\``);
    await q.query(`DROP INDEX \`IDX_ff897faf9eb7713f06ca8f94a6\` ON \`messages\``);
    await q.query(`DROP INDEX \`IDX_c7871e3bc5a5272e2196230c50\` ON \`messages\``);
    await q.query(`DROP INDEX \`IDX_6ce6acdb0801254590f8a78c08\` ON \`messages\``);
    await q.query(`DROP TABLE \`messages\``);
  }
}
