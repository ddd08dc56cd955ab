import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyLease1796229316946 implements MigrationInterface {
  name = 'IdempotencyLease1796229316946';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_9c0cd5f4363be416d112d6ce68"`);
    await q.query(`CREATE TABLE "temporary_idempotency_keys" ("id" varchar(36) PRIMARY KEY NOT NULL, "userId" varchar(36) NOT NULL, "key" varchar(64) NOT NULL, "route" varchar(128) NOT NULL, "requestHash" varchar(64) NOT NULL, "state" varchar(16) NOT NULL, "responseStatus" integer, "responseBody" text, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "leaseOwner" varchar(64), "leaseExpiresAt" datetime(6), "attempt" integer NOT NULL DEFAULT (1))`);
    await q.query(`INSERT INTO "temporary_idempotency_keys"("id", "userId", "key", "route", "requestHash", "state", "responseStatus", "responseBody", "createdAt") SELECT "id", "userId", "key", "route", "requestHash", "state", "responseStatus", "responseBody", "createdAt" FROM "idempotency_keys"`);
    await q.query(`DROP TABLE "idempotency_keys"`);
    await q.query(`ALTER TABLE "temporary_idempotency_keys" RENAME TO "idempotency_keys"`);
    await q.query(`CREATE UNIQUE INDEX "IDX_9c0cd5f4363be416d112d6ce68" ON "idempotency_keys" ("userId", "key") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_9c0cd5f4363be416d112d6ce68"`);
    await q.query(`ALTER TABLE "idempotency_keys" RENAME TO "temporary_idempotency_keys"`);
    await q.query(`CREATE TABLE "idempotency_keys" ("id" varchar(36) PRIMARY KEY NOT NULL, "userId" varchar(36) NOT NULL, "key" varchar(64) NOT NULL, "route" varchar(128) NOT NULL, "requestHash" varchar(64) NOT NULL, "state" varchar(16) NOT NULL, "responseStatus" integer, "responseBody" text, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`INSERT INTO "idempotency_keys"("id", "userId", "key", "route", "requestHash", "state", "responseStatus", "responseBody", "createdAt") SELECT "id", "userId", "key", "route", "requestHash", "state", "responseStatus", "responseBody", "createdAt" FROM "temporary_idempotency_keys"`);
    await q.query(`DROP TABLE "temporary_idempotency_keys"`);
    await q.query(`CREATE UNIQUE INDEX "IDX_9c0cd5f4363be416d112d6ce68" ON "idempotency_keys" ("userId", "key") `);
  }
}
