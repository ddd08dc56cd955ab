import type { MigrationInterface, QueryRunner } from 'typeorm';

export class VaccineCare1796310257661 implements MigrationInterface {
  name = 'VaccineCare1796310257661';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "vaccine_stock_alerts" ("id" varchar(36) PRIMARY KEY NOT NULL, "ownerUserId" varchar(36) NOT NULL, "memberId" varchar(36) NOT NULL, "clinicId" varchar(16) NOT NULL, "clinicName" varchar(64) NOT NULL, "vaccineCode" varchar(16) NOT NULL, "vaccineName" varchar(64) NOT NULL, "productId" varchar(32) NOT NULL, "status" varchar(12) NOT NULL, "activeKey" varchar(120), "notifiedAt" datetime(6), "sendResult" varchar(120), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE INDEX "IDX_5e007607d3030f60b166e4d0d1" ON "vaccine_stock_alerts" ("memberId") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_720025865c990886ab18e6ce41" ON "vaccine_stock_alerts" ("activeKey") `);
    await q.query(`CREATE INDEX "IDX_92e461a8045aad0262fe1df12e" ON "vaccine_stock_alerts" ("status", "clinicId", "vaccineCode") `);
    await q.query(`CREATE INDEX "IDX_6cb6012c19db011ba562d95a17" ON "vaccine_stock_alerts" ("ownerUserId", "status") `);
    await q.query(`CREATE TABLE "vaccine_aefi_reports" ("id" varchar(36) PRIMARY KEY NOT NULL, "ownerUserId" varchar(36) NOT NULL, "reportedByUserId" varchar(36) NOT NULL, "memberId" varchar(36) NOT NULL, "requestKey" varchar(160) NOT NULL, "recordNumber" varchar(20), "doseId" varchar(64) NOT NULL, "clinicId" varchar(16) NOT NULL, "vaccineCode" varchar(16) NOT NULL, "vaccineName" varchar(64) NOT NULL, "dose" integer NOT NULL, "batchNo" varchar(32) NOT NULL, "manufacturer" varchar(64) NOT NULL, "vaccinatedOn" varchar(10) NOT NULL, "institution" varchar(64) NOT NULL, "onsetDate" varchar(10) NOT NULL, "symptoms" text NOT NULL, "temperatureDeci" integer, "description" text NOT NULL, "treatment" varchar(12) NOT NULL, "hospital" varchar(64), "reporterName" varchar(32) NOT NULL, "reporterPhone" varchar(11) NOT NULL, "severe" integer NOT NULL, "status" varchar(12) NOT NULL, "platformReportNo" varchar(40), "attempts" integer NOT NULL DEFAULT (0), "lastError" varchar(200), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_bd80ceb3048116a4b62f3e4359" ON "vaccine_aefi_reports" ("requestKey") `);
    await q.query(`CREATE INDEX "IDX_c0884e7d0b8e3cbbbf2af57cb9" ON "vaccine_aefi_reports" ("status", "updatedAt") `);
    await q.query(`CREATE INDEX "IDX_ad35df31e59f98d262e52f60c9" ON "vaccine_aefi_reports" ("memberId", "createdAt") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_ad35df31e59f98d262e52f60c9"`);
    await q.query(`DROP INDEX "IDX_c0884e7d0b8e3cbbbf2af57cb9"`);
    await q.query(`DROP INDEX "IDX_bd80ceb3048116a4b62f3e4359"`);
    await q.query(`DROP TABLE "vaccine_aefi_reports"`);
    await q.query(`DROP INDEX "IDX_6cb6012c19db011ba562d95a17"`);
    await q.query(`DROP INDEX "IDX_92e461a8045aad0262fe1df12e"`);
    await q.query(`DROP INDEX "IDX_720025865c990886ab18e6ce41"`);
    await q.query(`DROP INDEX "IDX_5e007607d3030f60b166e4d0d1"`);
    await q.query(`DROP TABLE "vaccine_stock_alerts"`);
  }
}
