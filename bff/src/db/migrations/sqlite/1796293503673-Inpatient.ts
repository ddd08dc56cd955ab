import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Inpatient1796293503673 implements MigrationInterface {
  name = 'Inpatient1796293503673';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "inpatient_deposits" ("id" varchar(36) PRIMARY KEY NOT NULL, "orderId" varchar(36) NOT NULL, "userId" varchar(36) NOT NULL, "memberId" varchar(36) NOT NULL, "admissionNo" varchar(40) NOT NULL, "hospitalId" varchar(16) NOT NULL, "amountFen" integer NOT NULL, "state" varchar(16) NOT NULL, "receiptNo" varchar(40), "creditedAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_bf5865d77383f7986d2a46ebdb" ON "inpatient_deposits" ("orderId") `);
    await q.query(`CREATE INDEX "IDX_0bccd04da527db030b603a21e9" ON "inpatient_deposits" ("memberId") `);
    await q.query(`CREATE INDEX "IDX_ab633a7bf85391d6ca5e5f4128" ON "inpatient_deposits" ("state", "createdAt") `);
    await q.query(`CREATE INDEX "IDX_4efa877596549c956043d444c9" ON "inpatient_deposits" ("userId", "admissionNo") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_4efa877596549c956043d444c9"`);
    await q.query(`DROP INDEX "IDX_ab633a7bf85391d6ca5e5f4128"`);
    await q.query(`DROP INDEX "IDX_0bccd04da527db030b603a21e9"`);
    await q.query(`DROP INDEX "IDX_bf5865d77383f7986d2a46ebdb"`);
    await q.query(`DROP TABLE "inpatient_deposits"`);
  }
}
