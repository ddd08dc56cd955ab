import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AlertDelivery1796232841585 implements MigrationInterface {
  name = 'AlertDelivery1796232841585';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "alert_rotas" ("teamId" varchar(16) PRIMARY KEY NOT NULL, "entries" text NOT NULL, "updatedBy" varchar(36) NOT NULL, "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`DROP INDEX "IDX_8d10909c48a026b48665d8553d"`);
    await q.query(`DROP INDEX "IDX_49ca74be7f10358cde9b0965f5"`);
    await q.query(`CREATE TABLE "temporary_health_alerts" ("id" varchar(36) PRIMARY KEY NOT NULL, "readingId" varchar(36) NOT NULL, "memberId" varchar(36) NOT NULL, "ownerUserId" varchar(36) NOT NULL, "memberName" varchar(64) NOT NULL, "teamId" varchar(16) NOT NULL, "conversationId" varchar(36), "reason" varchar(128) NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('open'), "acknowledgedAt" datetime(6), "acknowledgedBy" varchar(36), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "outcome" varchar(16), "note" text, "acknowledgedByStaffId" varchar(64), "acknowledgedByName" varchar(64), "chain" text, "escalationLevel" integer, "lastNotifiedAt" datetime(6), "escalateAt" datetime(6), "notified" text)`);
    await q.query(`INSERT INTO "temporary_health_alerts"("id", "readingId", "memberId", "ownerUserId", "memberName", "teamId", "conversationId", "reason", "status", "acknowledgedAt", "acknowledgedBy", "createdAt") SELECT "id", "readingId", "memberId", "ownerUserId", "memberName", "teamId", "conversationId", "reason", "status", "acknowledgedAt", "acknowledgedBy", "createdAt" FROM "health_alerts"`);
    await q.query(`DROP TABLE "health_alerts"`);
    await q.query(`ALTER TABLE "temporary_health_alerts" RENAME TO "health_alerts"`);
    await q.query(`CREATE INDEX "IDX_8d10909c48a026b48665d8553d" ON "health_alerts" ("teamId", "status") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_49ca74be7f10358cde9b0965f5" ON "health_alerts" ("readingId") `);
    await q.query(`CREATE INDEX "IDX_91562ace32755a419f391a0996" ON "health_alerts" ("escalateAt") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_91562ace32755a419f391a0996"`);
    await q.query(`DROP INDEX "IDX_49ca74be7f10358cde9b0965f5"`);
    await q.query(`DROP INDEX "IDX_8d10909c48a026b48665d8553d"`);
    await q.query(`ALTER TABLE "health_alerts" RENAME TO "temporary_health_alerts"`);
    await q.query(`CREATE TABLE "health_alerts" ("id" varchar(36) PRIMARY KEY NOT NULL, "readingId" varchar(36) NOT NULL, "memberId" varchar(36) NOT NULL, "ownerUserId" varchar(36) NOT NULL, "memberName" varchar(64) NOT NULL, "teamId" varchar(16) NOT NULL, "conversationId" varchar(36), "reason" varchar(128) NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('open'), "acknowledgedAt" datetime(6), "acknowledgedBy" varchar(36), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`INSERT INTO "health_alerts"("id", "readingId", "memberId", "ownerUserId", "memberName", "teamId", "conversationId", "reason", "status", "acknowledgedAt", "acknowledgedBy", "createdAt") SELECT "id", "readingId", "memberId", "ownerUserId", "memberName", "teamId", "conversationId", "reason", "status", "acknowledgedAt", "acknowledgedBy", "createdAt" FROM "temporary_health_alerts"`);
    await q.query(`DROP TABLE "temporary_health_alerts"`);
    await q.query(`CREATE UNIQUE INDEX "IDX_49ca74be7f10358cde9b0965f5" ON "health_alerts" ("readingId") `);
    await q.query(`CREATE INDEX "IDX_8d10909c48a026b48665d8553d" ON "health_alerts" ("teamId", "status") `);
    await q.query(`DROP TABLE "alert_rotas"`);
  }
}
