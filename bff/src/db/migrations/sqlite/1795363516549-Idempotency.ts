import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Idempotency1795363516549 implements MigrationInterface {
  name = 'Idempotency1795363516549';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "idempotency_keys" ("id" varchar(36) PRIMARY KEY NOT NULL, "userId" varchar(36) NOT NULL, "key" varchar(64) NOT NULL, "route" varchar(128) NOT NULL, "requestHash" varchar(64) NOT NULL, "state" varchar(16) NOT NULL, "responseStatus" integer, "responseBody" text, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_9c0cd5f4363be416d112d6ce68" ON "idempotency_keys" ("userId", "key") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_9c0cd5f4363be416d112d6ce68"`);
    await q.query(`DROP TABLE "idempotency_keys"`);
  }
}
