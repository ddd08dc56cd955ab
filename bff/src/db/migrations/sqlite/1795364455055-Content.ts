import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Content1795364455055 implements MigrationInterface {
  name = 'Content1795364455055';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "content_articles" ("id" varchar(36) PRIMARY KEY NOT NULL, "title" varchar(64) NOT NULL, "summary" varchar(200) NOT NULL, "bodyMd" text NOT NULL, "topics" text NOT NULL, "coverImageId" varchar(36), "status" varchar(16) NOT NULL, "publishAt" datetime(6), "publishedAt" datetime(6), "unpublishedAt" datetime(6), "readCount" integer NOT NULL DEFAULT (0), "version" integer NOT NULL DEFAULT (1), "authorUserId" varchar(36) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE INDEX "IDX_9b639ec5e6715754c50a0b3818" ON "content_articles" ("status", "publishedAt") `);
    await q.query(`CREATE TABLE "content_images" ("id" varchar(36) PRIMARY KEY NOT NULL, "sha256" varchar(64) NOT NULL, "mime" varchar(32) NOT NULL, "bytes" integer NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "uploadedByUserId" varchar(36) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE TABLE "content_reads" ("id" varchar(36) PRIMARY KEY NOT NULL, "articleId" varchar(36) NOT NULL, "userId" varchar(36), "campaignId" varchar(36), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE INDEX "IDX_c85df71423ed4fd9f515673d24" ON "content_reads" ("campaignId") `);
    await q.query(`CREATE INDEX "IDX_655dc17fca1644bd5ce938a952" ON "content_reads" ("articleId", "userId") `);
    await q.query(`CREATE TABLE "content_favourites" ("id" varchar(36) PRIMARY KEY NOT NULL, "userId" varchar(36) NOT NULL, "articleId" varchar(36) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE INDEX "IDX_df87dbf69c9158e5a07b805439" ON "content_favourites" ("articleId") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_7165cf413033e2500b218d83a0" ON "content_favourites" ("userId", "articleId") `);
    await q.query(`CREATE TABLE "content_preferences" ("userId" varchar(36) PRIMARY KEY NOT NULL, "topics" text NOT NULL, "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE TABLE "content_subscriptions" ("id" varchar(36) PRIMARY KEY NOT NULL, "userId" varchar(36) NOT NULL, "templateId" varchar(128) NOT NULL, "acceptedCount" integer NOT NULL DEFAULT (0), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_61de27e36b8aab825e7f2358eb" ON "content_subscriptions" ("userId", "templateId") `);
    await q.query(`CREATE TABLE "content_campaigns" ("id" varchar(36) PRIMARY KEY NOT NULL, "articleId" varchar(36) NOT NULL, "segment" text NOT NULL, "segmentDescription" varchar(200) NOT NULL, "templateId" varchar(128) NOT NULL, "status" varchar(16) NOT NULL, "audienceCount" integer NOT NULL DEFAULT (0), "note" varchar(200), "createdByUserId" varchar(36) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "startedAt" datetime(6), "finishedAt" datetime(6))`);
    await q.query(`CREATE INDEX "IDX_eec154e661888f38a2e057e326" ON "content_campaigns" ("articleId") `);
    await q.query(`CREATE TABLE "content_deliveries" ("id" varchar(36) PRIMARY KEY NOT NULL, "campaignId" varchar(36) NOT NULL, "userId" varchar(36) NOT NULL, "openid" varchar(64) NOT NULL, "status" varchar(16) NOT NULL, "reason" varchar(32), "lastError" varchar(255), "attempts" integer NOT NULL DEFAULT (0), "round" integer NOT NULL DEFAULT (1), "claimedAt" datetime(6), "sentAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE INDEX "IDX_447970fb8811addaf973cfee9f" ON "content_deliveries" ("campaignId", "status") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_af7bcc1a27b3bff435008f65d3" ON "content_deliveries" ("campaignId", "userId") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_af7bcc1a27b3bff435008f65d3"`);
    await q.query(`DROP INDEX "IDX_447970fb8811addaf973cfee9f"`);
    await q.query(`DROP TABLE "content_deliveries"`);
    await q.query(`DROP INDEX "IDX_eec154e661888f38a2e057e326"`);
    await q.query(`DROP TABLE "content_campaigns"`);
    await q.query(`DROP INDEX "IDX_61de27e36b8aab825e7f2358eb"`);
    await q.query(`DROP TABLE "content_subscriptions"`);
    await q.query(`DROP TABLE "content_preferences"`);
    await q.query(`DROP INDEX "IDX_7165cf413033e2500b218d83a0"`);
    await q.query(`DROP INDEX "IDX_df87dbf69c9158e5a07b805439"`);
    await q.query(`DROP TABLE "content_favourites"`);
    await q.query(`DROP INDEX "IDX_655dc17fca1644bd5ce938a952"`);
    await q.query(`DROP INDEX "IDX_c85df71423ed4fd9f515673d24"`);
    await q.query(`DROP TABLE "content_reads"`);
    await q.query(`DROP TABLE "content_images"`);
    await q.query(`DROP INDEX "IDX_9b639ec5e6715754c50a0b3818"`);
    await q.query(`DROP TABLE "content_articles"`);
  }
}
