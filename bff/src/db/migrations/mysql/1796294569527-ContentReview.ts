import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ContentReview1796294569527 implements MigrationInterface {
  name = 'ContentReview1796294569527';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`content_revisions\` (\`id\` varchar(36) NOT NULL, \`articleId\` varchar(36) NOT NULL, \`number\` int NOT NULL, \`title\` varchar(64) NOT NULL, \`summary\` varchar(200) NOT NULL, \`bodyMd\` text NOT NULL, \`topics\` text NOT NULL, \`coverImageId\` varchar(36) NULL, \`status\` varchar(16) NOT NULL, \`editorUserId\` varchar(36) NOT NULL, \`submittedAt\` datetime(6) NULL, \`reviewerUserId\` varchar(36) NULL, \`reviewedAt\` datetime(6) NULL, \`reviewNote\` varchar(500) NULL, \`restoredFrom\` int NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_23f3dcdf777b41286073c554b9\` (\`articleId\`, \`number\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`content_push_ledger\` (\`id\` varchar(36) NOT NULL, \`userId\` varchar(36) NOT NULL, \`articleId\` varchar(36) NOT NULL, \`deliveryId\` varchar(36) NOT NULL, \`claimedAt\` datetime(6) NOT NULL, INDEX \`IDX_97537c9ac8b76d64e2fb0844f5\` (\`userId\`, \`claimedAt\`), UNIQUE INDEX \`IDX_cfa41b8ea931910fd60dad1fdc\` (\`userId\`, \`articleId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`content_events\` (\`id\` varchar(36) NOT NULL, \`articleId\` varchar(36) NOT NULL, \`userId\` varchar(36) NULL, \`campaignId\` varchar(36) NULL, \`kind\` varchar(8) NOT NULL, \`href\` varchar(300) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_e63db19ec2bfdf88b6da62b6c7\` (\`campaignId\`), INDEX \`IDX_1ee05409b6cefce65d0be8d9a8\` (\`articleId\`, \`kind\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`ALTER TABLE \`content_articles\` ADD \`liveRevision\` int NULL`);
    await q.query(`ALTER TABLE \`content_subscriptions\` ADD \`usedCount\` int NOT NULL DEFAULT '0'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`content_subscriptions\` DROP COLUMN \`usedCount\``);
    await q.query(`ALTER TABLE \`content_articles\` DROP COLUMN \`liveRevision\``);
    await q.query(`DROP INDEX \`IDX_1ee05409b6cefce65d0be8d9a8\` ON \`content_events\``);
    await q.query(`DROP INDEX \`IDX_e63db19ec2bfdf88b6da62b6c7\` ON \`content_events\``);
    await q.query(`DROP TABLE \`content_events\``);
    await q.query(`DROP INDEX \`IDX_cfa41b8ea931910fd60dad1fdc\` ON \`content_push_ledger\``);
    await q.query(`DROP INDEX \`IDX_97537c9ac8b76d64e2fb0844f5\` ON \`content_push_ledger\``);
    await q.query(`DROP TABLE \`content_push_ledger\``);
    await q.query(`DROP INDEX \`IDX_23f3dcdf777b41286073c554b9\` ON \`content_revisions\``);
    await q.query(`DROP TABLE \`content_revisions\``);
  }
}
