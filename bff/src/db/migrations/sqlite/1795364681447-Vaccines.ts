import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Vaccines1795364681447 implements MigrationInterface {
  name = 'Vaccines1795364681447';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "vaccine_appointments" ("id" varchar(36) PRIMARY KEY NOT NULL, "ownerUserId" varchar(36) NOT NULL, "memberId" varchar(36) NOT NULL, "personKey" varchar(80) NOT NULL, "memberName" varchar(64) NOT NULL, "recordNumber" varchar(20), "clinicId" varchar(16) NOT NULL, "clinicName" varchar(64) NOT NULL, "clinicAddress" varchar(128) NOT NULL, "sessionId" varchar(64) NOT NULL, "sessionDate" varchar(10) NOT NULL, "period" varchar(4) NOT NULL, "sessionStart" datetime(6) NOT NULL, "sessionEnd" datetime(6) NOT NULL, "vaccineCode" varchar(16) NOT NULL, "vaccineName" varchar(64) NOT NULL, "dose" integer NOT NULL, "kind" varchar(12) NOT NULL, "productId" varchar(32), "priceFen" integer NOT NULL, "status" varchar(16) NOT NULL, "activeKey" varchar(120), "quotaId" varchar(120) NOT NULL, "stockId" varchar(120), "orderId" varchar(36), "payBy" datetime(6), "paidAt" datetime(6), "refundedFen" integer NOT NULL DEFAULT (0), "cancelledAt" datetime(6), "cancelledBy" varchar(16), "cancelReason" varchar(64), "settledAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE INDEX "IDX_38adc4102a3b6df115164fd7d9" ON "vaccine_appointments" ("memberId") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_2df7d68185b81bf16e75b21d8c" ON "vaccine_appointments" ("activeKey") `);
    await q.query(`CREATE INDEX "IDX_35e573616a18303fceaaf7f009" ON "vaccine_appointments" ("orderId") `);
    await q.query(`CREATE INDEX "IDX_05a06a0a546671d9cb6eb505df" ON "vaccine_appointments" ("status", "sessionEnd") `);
    await q.query(`CREATE INDEX "IDX_a1dbfefa0c0dfff49987cc5b79" ON "vaccine_appointments" ("personKey", "status", "sessionDate") `);
    await q.query(`CREATE INDEX "IDX_bee63ccc2c0ee91e1e1ff5c5f2" ON "vaccine_appointments" ("ownerUserId", "createdAt") `);
    await q.query(`CREATE TABLE "vaccine_session_quotas" ("id" varchar(120) PRIMARY KEY NOT NULL, "clinicId" varchar(16) NOT NULL, "sessionId" varchar(64) NOT NULL, "vaccineCode" varchar(16) NOT NULL, "capacity" integer NOT NULL, "booked" integer NOT NULL DEFAULT (0))`);
    await q.query(`CREATE TABLE "vaccine_stock" ("id" varchar(120) PRIMARY KEY NOT NULL, "clinicId" varchar(16) NOT NULL, "productId" varchar(32) NOT NULL, "batchNo" varchar(32) NOT NULL, "quantity" integer NOT NULL, "remaining" integer NOT NULL, "releaseAt" datetime(6) NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_1603e4d6555bda075368a27443" ON "vaccine_stock" ("clinicId", "productId") `);
    await q.query(`CREATE TABLE "vaccine_reminders" ("id" varchar(36) PRIMARY KEY NOT NULL, "key" varchar(160) NOT NULL, "kind" varchar(12) NOT NULL, "userId" varchar(36) NOT NULL, "memberId" varchar(36) NOT NULL, "appointmentId" varchar(36), "state" varchar(12) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "lastError" varchar(200), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_99d6678be16c57d4fb8b2dedc3" ON "vaccine_reminders" ("key") `);
    await q.query(`CREATE INDEX "IDX_da3685678d9d32fca02675e856" ON "vaccine_reminders" ("state", "updatedAt") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_da3685678d9d32fca02675e856"`);
    await q.query(`DROP INDEX "IDX_99d6678be16c57d4fb8b2dedc3"`);
    await q.query(`DROP TABLE "vaccine_reminders"`);
    await q.query(`DROP INDEX "IDX_1603e4d6555bda075368a27443"`);
    await q.query(`DROP TABLE "vaccine_stock"`);
    await q.query(`DROP TABLE "vaccine_session_quotas"`);
    await q.query(`DROP INDEX "IDX_bee63ccc2c0ee91e1e1ff5c5f2"`);
    await q.query(`DROP INDEX "IDX_a1dbfefa0c0dfff49987cc5b79"`);
    await q.query(`DROP INDEX "IDX_05a06a0a546671d9cb6eb505df"`);
    await q.query(`DROP INDEX "IDX_35e573616a18303fceaaf7f009"`);
    await q.query(`DROP INDEX "IDX_2df7d68185b81bf16e75b21d8c"`);
    await q.query(`DROP INDEX "IDX_38adc4102a3b6df115164fd7d9"`);
    await q.query(`DROP TABLE "vaccine_appointments"`);
  }
}
