import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountRights1796231088874 implements MigrationInterface {
  name = 'AccountRights1796231088874';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "data_exports" ("id" varchar(36) PRIMARY KEY NOT NULL, "userId" varchar(36) NOT NULL, "bytes" integer NOT NULL, "parts" integer NOT NULL, "expiresAt" datetime(6) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE INDEX "IDX_20eabbe7d232804ab482571bce" ON "data_exports" ("userId", "createdAt") `);
    await q.query(`CREATE TABLE "data_export_parts" ("id" varchar(36) PRIMARY KEY NOT NULL, "exportId" varchar(36) NOT NULL, "seq" integer NOT NULL, "data" text NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX "IDX_7bd4b123d8419318ada90e2ff2" ON "data_export_parts" ("exportId", "seq") `);
    await q.query(`CREATE TABLE "account_retentions" ("id" varchar(36) PRIMARY KEY NOT NULL, "deletedAt" datetime(6) NOT NULL, "categories" text NOT NULL, "subjects" text NOT NULL, "nextPurgeAt" datetime(6) NOT NULL, "requestId" varchar(64) NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_0b3a8552f5fd92359e598c2f42" ON "account_retentions" ("nextPurgeAt") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_0b3a8552f5fd92359e598c2f42"`);
    await q.query(`DROP TABLE "account_retentions"`);
    await q.query(`DROP INDEX "IDX_7bd4b123d8419318ada90e2ff2"`);
    await q.query(`DROP TABLE "data_export_parts"`);
    await q.query(`DROP INDEX "IDX_20eabbe7d232804ab482571bce"`);
    await q.query(`DROP TABLE "data_exports"`);
  }
}
