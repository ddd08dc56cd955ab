import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ContentReview1796294569527 implements MigrationInterface {
  name = 'ContentReview1796294569527';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "content_revisions" ("id" varchar(36) PRIMARY KEY NOT NULL, "articleId" varchar(36) NOT NULL, "number" integer NOT NULL, "title" varchar(64) NOT NULL, "summary" varchar(200) NOT NULL, "bodyMd" text NOT NULL, "topics" text NOT NULL, "coverImageId" varchar(36), "status" varchar(16) NOT NULL, "editorUserId" varchar(36) NOT NULL, "submittedAt" datetime(6), "reviewerUserId" varchar(36), "reviewedAt" datetime(6), "reviewNote" varchar(500), "restoredFrom" integer, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_23f3dcdf777b41286073c554b9" ON "content_revisions" ("articleId", "number") `);
    await q.query(`CREATE TABLE "content_push_ledger" ("id" varchar(36) PRIMARY KEY NOT NULL, "userId" varchar(36) NOT NULL, "articleId" varchar(36) NOT NULL, "deliveryId" varchar(36) NOT NULL, "claimedAt" datetime(6) NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_97537c9ac8b76d64e2fb0844f5" ON "content_push_ledger" ("userId", "claimedAt") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_cfa41b8ea931910fd60dad1fdc" ON "content_push_ledger" ("userId", "articleId") `);
    await q.query(`CREATE TABLE "content_events" ("id" varchar(36) PRIMARY KEY NOT NULL, "articleId" varchar(36) NOT NULL, "userId" varchar(36), "campaignId" varchar(36), "kind" varchar(8) NOT NULL, "href" varchar(300), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE INDEX "IDX_e63db19ec2bfdf88b6da62b6c7" ON "content_events" ("campaignId") `);
    await q.query(`CREATE INDEX "IDX_1ee05409b6cefce65d0be8d9a8" ON "content_events" ("articleId", "kind") `);
    await q.query(`DROP INDEX "IDX_9b639ec5e6715754c50a0b3818"`);
    await q.query(`CREATE TABLE "temporary_content_articles" ("id" varchar(36) PRIMARY KEY NOT NULL, "title" varchar(64) NOT NULL, "summary" varchar(200) NOT NULL, "bodyMd" text NOT NULL, "topics" text NOT NULL, "coverImageId" varchar(36), "status" varchar(16) NOT NULL, "publishAt" datetime(6), "publishedAt" datetime(6), "unpublishedAt" datetime(6), "readCount" integer NOT NULL DEFAULT (0), "version" integer NOT NULL DEFAULT (1), "authorUserId" varchar(36) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "liveRevision" integer)`);
    await q.query(`INSERT INTO "temporary_content_articles"("id", "title", "summary", "bodyMd", "topics", "coverImageId", "status", "publishAt", "publishedAt", "unpublishedAt", "readCount", "version", "authorUserId", "createdAt", "updatedAt") SELECT "id", "title", "summary", "bodyMd", "topics", "coverImageId", "status", "publishAt", "publishedAt", "unpublishedAt", "readCount", "version", "authorUserId", "createdAt", "updatedAt" FROM "content_articles"`);
    await q.query(`DROP TABLE "content_articles"`);
    await q.query(`ALTER TABLE "temporary_content_articles" RENAME TO "content_articles"`);
    await q.query(`CREATE INDEX "IDX_9b639ec5e6715754c50a0b3818" ON "content_articles" ("status", "publishedAt") `);
    await q.query(`DROP INDEX "IDX_61de27e36b8aab825e7f2358eb"`);
    await q.query(`CREATE TABLE "temporary_content_subscriptions" ("id" varchar(36) PRIMARY KEY NOT NULL, "userId" varchar(36) NOT NULL, "templateId" varchar(128) NOT NULL, "acceptedCount" integer NOT NULL DEFAULT (0), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "usedCount" integer NOT NULL DEFAULT (0))`);
    await q.query(`INSERT INTO "temporary_content_subscriptions"("id", "userId", "templateId", "acceptedCount", "updatedAt") SELECT "id", "userId", "templateId", "acceptedCount", "updatedAt" FROM "content_subscriptions"`);
    await q.query(`DROP TABLE "content_subscriptions"`);
    await q.query(`ALTER TABLE "temporary_content_subscriptions" RENAME TO "content_subscriptions"`);
    await q.query(`CREATE UNIQUE INDEX "IDX_61de27e36b8aab825e7f2358eb" ON "content_subscriptions" ("userId", "templateId") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_61de27e36b8aab825e7f2358eb"`);
    await q.query(`ALTER TABLE "content_subscriptions" RENAME TO "temporary_content_subscriptions"`);
    await q.query(`CREATE TABLE "content_subscriptions" ("id" varchar(36) PRIMARY KEY NOT NULL, "userId" varchar(36) NOT NULL, "templateId" varchar(128) NOT NULL, "acceptedCount" integer NOT NULL DEFAULT (0), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`INSERT INTO "content_subscriptions"("id", "userId", "templateId", "acceptedCount", "updatedAt") SELECT "id", "userId", "templateId", "acceptedCount", "updatedAt" FROM "temporary_content_subscriptions"`);
    await q.query(`DROP TABLE "temporary_content_subscriptions"`);
    await q.query(`CREATE UNIQUE INDEX "IDX_61de27e36b8aab825e7f2358eb" ON "content_subscriptions" ("userId", "templateId") `);
    await q.query(`DROP INDEX "IDX_9b639ec5e6715754c50a0b3818"`);
    await q.query(`ALTER TABLE "content_articles" RENAME TO "temporary_content_articles"`);
    await q.query(`CREATE TABLE "content_articles" ("id" varchar(36) PRIMARY KEY NOT NULL, "title" varchar(64) NOT NULL, "summary" varchar(200) NOT NULL, "bodyMd" text NOT NULL, "topics" text NOT NULL, "coverImageId" varchar(36), "status" varchar(16) NOT NULL, "publishAt" datetime(6), "publishedAt" datetime(6), "unpublishedAt" datetime(6), "readCount" integer NOT NULL DEFAULT (0), "version" integer NOT NULL DEFAULT (1), "authorUserId" varchar(36) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`INSERT INTO "content_articles"("id", "title", "summary", "bodyMd", "topics", "coverImageId", "status", "publishAt", "publishedAt", "unpublishedAt", "readCount", "version", "authorUserId", "createdAt", "updatedAt") SELECT "id", "title", "summary", "bodyMd", "topics", "coverImageId", "status", "publishAt", "publishedAt", "unpublishedAt", "readCount", "version", "authorUserId", "createdAt", "updatedAt" FROM "temporary_content_articles"`);
    await q.query(`DROP TABLE "temporary_content_articles"`);
    await q.query(`CREATE INDEX "IDX_9b639ec5e6715754c50a0b3818" ON "content_articles" ("status", "publishedAt") `);
    await q.query(`DROP INDEX "IDX_1ee05409b6cefce65d0be8d9a8"`);
    await q.query(`DROP INDEX "IDX_e63db19ec2bfdf88b6da62b6c7"`);
    await q.query(`DROP TABLE "content_events"`);
    await q.query(`DROP INDEX "IDX_cfa41b8ea931910fd60dad1fdc"`);
    await q.query(`DROP INDEX "IDX_97537c9ac8b76d64e2fb0844f5"`);
    await q.query(`DROP TABLE "content_push_ledger"`);
    await q.query(`DROP INDEX "IDX_23f3dcdf777b41286073c554b9"`);
    await q.query(`DROP TABLE "content_revisions"`);
  }
}
