import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FollowupRecords1796297679958 implements MigrationInterface {
  name = 'FollowupRecords1796297679958';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "followup_records" ("id" varchar(36) PRIMARY KEY NOT NULL, "recordNumber" varchar(17) NOT NULL, "teamId" varchar(16) NOT NULL, "kind" varchar(16) NOT NULL, "residentName" varchar(64) NOT NULL, "date" varchar(10) NOT NULL, "nextVisitDate" varchar(10) NOT NULL, "classification" varchar(16) NOT NULL, "sbp" integer NOT NULL, "dbp" integer NOT NULL, "bmiX10" integer NOT NULL, "fastingGlucoseX10" integer, "form" text NOT NULL, "doctorId" varchar(64) NOT NULL, "doctorName" varchar(64) NOT NULL, "clientId" varchar(64) NOT NULL, "writeback" varchar(16) NOT NULL DEFAULT ('pending'), "platformId" varchar(64), "writtenAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE INDEX "IDX_25b3eb4637029c42243fb21b18" ON "followup_records" ("recordNumber", "kind", "date") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_eff783c8f8ab7ebb04de409384" ON "followup_records" ("doctorId", "clientId") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_eff783c8f8ab7ebb04de409384"`);
    await q.query(`DROP INDEX "IDX_25b3eb4637029c42243fb21b18"`);
    await q.query(`DROP TABLE "followup_records"`);
  }
}
