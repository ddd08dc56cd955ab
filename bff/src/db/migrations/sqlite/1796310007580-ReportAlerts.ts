import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportAlerts1796310007580 implements MigrationInterface {
  name = 'ReportAlerts1796310007580';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "report_alerts" ("id" varchar(36) PRIMARY KEY NOT NULL, "key" varchar(160) NOT NULL, "userId" varchar(36) NOT NULL, "memberId" varchar(36) NOT NULL, "reportId" varchar(64) NOT NULL, "state" varchar(12) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "lastError" varchar(200), "noticePostedAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_0233ef4fc83f0ff4d02ddf9f51" ON "report_alerts" ("key") `);
    await q.query(`CREATE INDEX "IDX_e827c14f98a600c71897d0a543" ON "report_alerts" ("state", "updatedAt") `);
    await q.query(`CREATE TABLE "report_opens" ("id" varchar(36) PRIMARY KEY NOT NULL, "userId" varchar(36) NOT NULL, "memberId" varchar(36) NOT NULL, "reportId" varchar(64) NOT NULL, "openedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_7b6ac2bbd2710ea205ee1964b7" ON "report_opens" ("userId", "memberId", "reportId") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_7b6ac2bbd2710ea205ee1964b7"`);
    await q.query(`DROP TABLE "report_opens"`);
    await q.query(`DROP INDEX "IDX_e827c14f98a600c71897d0a543"`);
    await q.query(`DROP INDEX "IDX_0233ef4fc83f0ff4d02ddf9f51"`);
    await q.query(`DROP TABLE "report_alerts"`);
  }
}
