import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Content1795364455055 implements MigrationInterface {
  name = 'Content1795364455055';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`content_articles\` (\`id\` varchar(36) NOT NULL, \`title\` varchar(64) NOT NULL, \`summary\` varchar(200) NOT NULL, \`bodyMd\` text NOT NULL, \`topics\` text NOT NULL, \`coverImageId\` varchar(36) NULL, \`status\` varchar(16) NOT NULL, \`publishAt\` datetime(6) NULL, \`publishedAt\` datetime(6) NULL, \`unpublishedAt\` datetime(6) NULL, \`readCount\` int NOT NULL DEFAULT '0', \`version\` int NOT NULL DEFAULT '1', \`authorUserId\` varchar(36) NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`IDX_9b639ec5e6715754c50a0b3818\` (\`status\`, \`publishedAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`content_images\` (\`id\` varchar(36) NOT NULL, \`sha256\` varchar(64) NOT NULL, \`mime\` varchar(32) NOT NULL, \`bytes\` int NOT NULL, \`width\` int NOT NULL, \`height\` int NOT NULL, \`uploadedByUserId\` varchar(36) NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`content_reads\` (\`id\` varchar(36) NOT NULL, \`articleId\` varchar(36) NOT NULL, \`userId\` varchar(36) NULL, \`campaignId\` varchar(36) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_c85df71423ed4fd9f515673d24\` (\`campaignId\`), INDEX \`IDX_655dc17fca1644bd5ce938a952\` (\`articleId\`, \`userId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`content_favourites\` (\`id\` varchar(36) NOT NULL, \`userId\` varchar(36) NOT NULL, \`articleId\` varchar(36) NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_df87dbf69c9158e5a07b805439\` (\`articleId\`), UNIQUE INDEX \`IDX_7165cf413033e2500b218d83a0\` (\`userId\`, \`articleId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`content_preferences\` (\`userId\` varchar(36) NOT NULL, \`topics\` text NOT NULL, \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (\`userId\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`content_subscriptions\` (\`id\` varchar(36) NOT NULL, \`userId\` varchar(36) NOT NULL, \`templateId\` varchar(128) NOT NULL, \`acceptedCount\` int NOT NULL DEFAULT '0', \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_61de27e36b8aab825e7f2358eb\` (\`userId\`, \`templateId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`content_campaigns\` (\`id\` varchar(36) NOT NULL, \`articleId\` varchar(36) NOT NULL, \`segment\` text NOT NULL, \`segmentDescription\` varchar(200) NOT NULL, \`templateId\` varchar(128) NOT NULL, \`status\` varchar(16) NOT NULL, \`audienceCount\` int NOT NULL DEFAULT '0', \`note\` varchar(200) NULL, \`createdByUserId\` varchar(36) NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`startedAt\` datetime(6) NULL, \`finishedAt\` datetime(6) NULL, INDEX \`IDX_eec154e661888f38a2e057e326\` (\`articleId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`content_deliveries\` (\`id\` varchar(36) NOT NULL, \`campaignId\` varchar(36) NOT NULL, \`userId\` varchar(36) NOT NULL, \`openid\` varchar(64) NOT NULL, \`status\` varchar(16) NOT NULL, \`reason\` varchar(32) NULL, \`lastError\` varchar(255) NULL, \`attempts\` int NOT NULL DEFAULT '0', \`round\` int NOT NULL DEFAULT '1', \`claimedAt\` datetime(6) NULL, \`sentAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`IDX_447970fb8811addaf973cfee9f\` (\`campaignId\`, \`status\`), UNIQUE INDEX \`IDX_af7bcc1a27b3bff435008f65d3\` (\`campaignId\`, \`userId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_af7bcc1a27b3bff435008f65d3\` ON \`content_deliveries\``);
    await q.query(`DROP INDEX \`IDX_447970fb8811addaf973cfee9f\` ON \`content_deliveries\``);
    await q.query(`DROP TABLE \`content_deliveries\``);
    await q.query(`DROP INDEX \`IDX_eec154e661888f38a2e057e326\` ON \`content_campaigns\``);
    await q.query(`DROP TABLE \`content_campaigns\``);
    await q.query(`DROP INDEX \`IDX_61de27e36b8aab825e7f2358eb\` ON \`content_subscriptions\``);
    await q.query(`DROP TABLE \`content_subscriptions\``);
    await q.query(`DROP TABLE \`content_preferences\``);
    await q.query(`DROP INDEX \`IDX_7165cf413033e2500b218d83a0\` ON \`content_favourites\``);
    await q.query(`DROP INDEX \`IDX_df87dbf69c9158e5a07b805439\` ON \`content_favourites\``);
    await q.query(`DROP TABLE \`content_favourites\``);
    await q.query(`DROP INDEX \`IDX_655dc17fca1644bd5ce938a952\` ON \`content_reads\``);
    await q.query(`DROP INDEX \`IDX_c85df71423ed4fd9f515673d24\` ON \`content_reads\``);
    await q.query(`DROP TABLE \`content_reads\``);
    await q.query(`DROP TABLE \`content_images\``);
    await q.query(`DROP INDEX \`IDX_9b639ec5e6715754c50a0b3818\` ON \`content_articles\``);
    await q.query(`DROP TABLE \`content_articles\``);
  }
}
