import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditChain1796229437221 implements MigrationInterface {
  name = 'AuditChain1796229437221';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "audit_chain_head" ("id" varchar(16) PRIMARY KEY NOT NULL, "seq" bigint NOT NULL, "hash" varchar(64) NOT NULL, "anchorSeq" bigint NOT NULL, "anchorHash" varchar(64) NOT NULL, "pruned" integer NOT NULL DEFAULT (0))`);
    // The chain's one head row exists before any writer locks it (audit/chain.ts GENESIS_HASH):
    // concurrent first writers would otherwise race to create it (gap-lock deadlocks on InnoDB).
    await q.query(`INSERT INTO "audit_chain_head" ("id","seq","hash","anchorSeq","anchorHash","pruned") VALUES ('audit', 0, '67a5a45b8c050a182d2f216f5ab4feff7810170b65fa0d9189955ce54baee858', 0, '67a5a45b8c050a182d2f216f5ab4feff7810170b65fa0d9189955ce54baee858', 0)`);
    await q.query(`DROP INDEX "IDX_c8ee3d6d83f4031c42eda696de"`);
    await q.query(`DROP INDEX "IDX_c69efb19bf127c97e6740ad530"`);
    await q.query(`DROP INDEX "IDX_e36d23e1e7cf81ea77758bef79"`);
    await q.query(`CREATE TABLE "temporary_audit_logs" ("id" varchar(36) PRIMARY KEY NOT NULL, "actorUserId" varchar(36), "actorRole" varchar(32) NOT NULL, "action" varchar(48) NOT NULL, "subjectType" varchar(32) NOT NULL, "subjectId" varchar(64) NOT NULL, "detail" text, "requestId" varchar(64) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "seq" bigint, "prevHash" varchar(64), "hash" varchar(64))`);
    await q.query(`INSERT INTO "temporary_audit_logs"("id", "actorUserId", "actorRole", "action", "subjectType", "subjectId", "detail", "requestId", "createdAt") SELECT "id", "actorUserId", "actorRole", "action", "subjectType", "subjectId", "detail", "requestId", "createdAt" FROM "audit_logs"`);
    await q.query(`DROP TABLE "audit_logs"`);
    await q.query(`ALTER TABLE "temporary_audit_logs" RENAME TO "audit_logs"`);
    await q.query(`CREATE INDEX "IDX_c8ee3d6d83f4031c42eda696de" ON "audit_logs" ("subjectType", "subjectId", "createdAt") `);
    await q.query(`CREATE INDEX "IDX_c69efb19bf127c97e6740ad530" ON "audit_logs" ("createdAt") `);
    await q.query(`CREATE INDEX "IDX_e36d23e1e7cf81ea77758bef79" ON "audit_logs" ("actorUserId") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_0fcafb39fdc3239647c3a4eeeb" ON "audit_logs" ("seq") `);
    await q.query(`CREATE INDEX "IDX_cee5459245f652b75eb2759b4c" ON "audit_logs" ("action") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_cee5459245f652b75eb2759b4c"`);
    await q.query(`DROP INDEX "IDX_0fcafb39fdc3239647c3a4eeeb"`);
    await q.query(`DROP INDEX "IDX_e36d23e1e7cf81ea77758bef79"`);
    await q.query(`DROP INDEX "IDX_c69efb19bf127c97e6740ad530"`);
    await q.query(`DROP INDEX "IDX_c8ee3d6d83f4031c42eda696de"`);
    await q.query(`ALTER TABLE "audit_logs" RENAME TO "temporary_audit_logs"`);
    await q.query(`CREATE TABLE "audit_logs" ("id" varchar(36) PRIMARY KEY NOT NULL, "actorUserId" varchar(36), "actorRole" varchar(32) NOT NULL, "action" varchar(48) NOT NULL, "subjectType" varchar(32) NOT NULL, "subjectId" varchar(64) NOT NULL, "detail" text, "requestId" varchar(64) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`INSERT INTO "audit_logs"("id", "actorUserId", "actorRole", "action", "subjectType", "subjectId", "detail", "requestId", "createdAt") SELECT "id", "actorUserId", "actorRole", "action", "subjectType", "subjectId", "detail", "requestId", "createdAt" FROM "temporary_audit_logs"`);
    await q.query(`DROP TABLE "temporary_audit_logs"`);
    await q.query(`CREATE INDEX "IDX_e36d23e1e7cf81ea77758bef79" ON "audit_logs" ("actorUserId") `);
    await q.query(`CREATE INDEX "IDX_c69efb19bf127c97e6740ad530" ON "audit_logs" ("createdAt") `);
    await q.query(`CREATE INDEX "IDX_c8ee3d6d83f4031c42eda696de" ON "audit_logs" ("subjectType", "subjectId", "createdAt") `);
    await q.query(`DROP TABLE "audit_chain_head"`);
  }
}
