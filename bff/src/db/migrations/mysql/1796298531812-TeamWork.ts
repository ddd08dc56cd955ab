import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TeamWork1796298531812 implements MigrationInterface {
  name = 'TeamWork1796298531812';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`chat_handovers\` (\`id\` varchar(36) NOT NULL, \`conversationId\` varchar(36) NOT NULL, \`teamId\` varchar(16) NOT NULL, \`fromStaffId\` varchar(64) NOT NULL, \`fromName\` varchar(64) NOT NULL, \`toStaffId\` varchar(64) NOT NULL, \`toName\` varchar(64) NOT NULL, \`note\` text NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_d58c130973c36209f7ec8030f5\` (\`conversationId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`team_quick_replies\` (\`id\` varchar(36) NOT NULL, \`teamId\` varchar(16) NOT NULL, \`title\` varchar(20) NOT NULL, \`text\` text NOT NULL, \`updatedByStaffId\` varchar(64) NOT NULL, \`updatedByName\` varchar(64) NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`IDX_db87c6bdabc144d08faf099cc7\` (\`teamId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`chat_search_tokens\` (\`messageId\` varchar(36) NOT NULL, \`token\` varchar(32) NOT NULL, \`conversationId\` varchar(36) NOT NULL, \`teamId\` varchar(16) NOT NULL, INDEX \`IDX_8b8cfb4263990b87f39810a0fb\` (\`conversationId\`), INDEX \`IDX_0e6309841c63fc8604010c8175\` (\`teamId\`, \`token\`), PRIMARY KEY (\`messageId\`, \`token\`)) ENGINE=InnoDB`);
    await q.query(`ALTER TABLE \`chat_conversations\` ADD \`assignedStaffId\` varchar(64) NULL`);
    await q.query(`ALTER TABLE \`alert_rotas\` ADD \`leave\` text NULL`);
    await q.query(`ALTER TABLE \`alert_rotas\` ADD \`holidays\` text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`alert_rotas\` DROP COLUMN \`holidays\``);
    await q.query(`ALTER TABLE \`alert_rotas\` DROP COLUMN \`leave\``);
    await q.query(`ALTER TABLE \`chat_conversations\` DROP COLUMN \`assignedStaffId\``);
    await q.query(`DROP INDEX \`IDX_0e6309841c63fc8604010c8175\` ON \`chat_search_tokens\``);
    await q.query(`DROP INDEX \`IDX_8b8cfb4263990b87f39810a0fb\` ON \`chat_search_tokens\``);
    await q.query(`DROP TABLE \`chat_search_tokens\``);
    await q.query(`DROP INDEX \`IDX_db87c6bdabc144d08faf099cc7\` ON \`team_quick_replies\``);
    await q.query(`DROP TABLE \`team_quick_replies\``);
    await q.query(`DROP INDEX \`IDX_d58c130973c36209f7ec8030f5\` ON \`chat_handovers\``);
    await q.query(`DROP TABLE \`chat_handovers\``);
  }
}
