import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityVerifications1796192039490 implements MigrationInterface {
  name = 'IdentityVerifications1796192039490';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "identity_verifications" ("id" varchar(36) PRIMARY KEY NOT NULL, "outSeqNo" varchar(32) NOT NULL, "userId" varchar(36) NOT NULL, "openid" varchar(64) NOT NULL, "name" varchar(64) NOT NULL, "idNumberEnc" text NOT NULL, "idNumberHash" varchar(64) NOT NULL, "verifyId" varchar(256) NOT NULL, "status" varchar(16) NOT NULL, "expiresAt" datetime(6) NOT NULL, "verifyRet" integer, "finishedAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_002674604397fdb3139df930d9" ON "identity_verifications" ("outSeqNo") `);
    await q.query(`CREATE INDEX "IDX_9292fedb343f541789cc7a8de8" ON "identity_verifications" ("idNumberHash") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_62b26606da2e8b7976a07c82e9" ON "identity_verifications" ("verifyId") `);
    await q.query(`CREATE INDEX "IDX_28febcc1b21fcf36281ef25f38" ON "identity_verifications" ("userId", "createdAt") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_28febcc1b21fcf36281ef25f38"`);
    await q.query(`DROP INDEX "IDX_62b26606da2e8b7976a07c82e9"`);
    await q.query(`DROP INDEX "IDX_9292fedb343f541789cc7a8de8"`);
    await q.query(`DROP INDEX "IDX_002674604397fdb3139df930d9"`);
    await q.query(`DROP TABLE "identity_verifications"`);
  }
}
