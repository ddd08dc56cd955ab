import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TeamWork1796298531812 implements MigrationInterface {
  name = 'TeamWork1796298531812';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "chat_handovers" ("id" varchar(36) PRIMARY KEY NOT NULL, "conversationId" varchar(36) NOT NULL, "teamId" varchar(16) NOT NULL, "fromStaffId" varchar(64) NOT NULL, "fromName" varchar(64) NOT NULL, "toStaffId" varchar(64) NOT NULL, "toName" varchar(64) NOT NULL, "note" text NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE INDEX "IDX_d58c130973c36209f7ec8030f5" ON "chat_handovers" ("conversationId") `);
    await q.query(`CREATE TABLE "team_quick_replies" ("id" varchar(36) PRIMARY KEY NOT NULL, "teamId" varchar(16) NOT NULL, "title" varchar(20) NOT NULL, "text" text NOT NULL, "updatedByStaffId" varchar(64) NOT NULL, "updatedByName" varchar(64) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE INDEX "IDX_db87c6bdabc144d08faf099cc7" ON "team_quick_replies" ("teamId") `);
    await q.query(`CREATE TABLE "chat_search_tokens" ("messageId" varchar(36) NOT NULL, "token" varchar(32) NOT NULL, "conversationId" varchar(36) NOT NULL, "teamId" varchar(16) NOT NULL, PRIMARY KEY ("messageId", "token"))`);
    await q.query(`CREATE INDEX "IDX_8b8cfb4263990b87f39810a0fb" ON "chat_search_tokens" ("conversationId") `);
    await q.query(`CREATE INDEX "IDX_0e6309841c63fc8604010c8175" ON "chat_search_tokens" ("teamId", "token") `);
    await q.query(`DROP INDEX "IDX_27ed103bd43e1284cf718d65c4"`);
    await q.query(`DROP INDEX "IDX_10ca91b89115ffe107b4e48e72"`);
    await q.query(`DROP INDEX "IDX_8e10c4444e50c8714fdc7cf436"`);
    await q.query(`CREATE TABLE "temporary_chat_conversations" ("id" varchar(36) PRIMARY KEY NOT NULL, "memberId" varchar(36) NOT NULL, "ownerUserId" varchar(36) NOT NULL, "teamId" varchar(16) NOT NULL, "doctorId" varchar(64) NOT NULL, "memberName" varchar(64) NOT NULL, "recordNumber" varchar(17), "lastSeq" integer NOT NULL DEFAULT (0), "residentReadSeq" integer NOT NULL DEFAULT (0), "teamReadSeq" integer NOT NULL DEFAULT (0), "status" varchar(16) NOT NULL DEFAULT ('open'), "lastMessageAt" datetime(6), "lastMessagePreview" text, "waitingSince" datetime(6), "notifiedAt" datetime(6), "autoRepliedAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "assignedStaffId" varchar(64))`);
    await q.query(`INSERT INTO "temporary_chat_conversations"("id", "memberId", "ownerUserId", "teamId", "doctorId", "memberName", "recordNumber", "lastSeq", "residentReadSeq", "teamReadSeq", "status", "lastMessageAt", "lastMessagePreview", "waitingSince", "notifiedAt", "autoRepliedAt", "createdAt", "updatedAt") SELECT "id", "memberId", "ownerUserId", "teamId", "doctorId", "memberName", "recordNumber", "lastSeq", "residentReadSeq", "teamReadSeq", "status", "lastMessageAt", "lastMessagePreview", "waitingSince", "notifiedAt", "autoRepliedAt", "createdAt", "updatedAt" FROM "chat_conversations"`);
    await q.query(`DROP TABLE "chat_conversations"`);
    await q.query(`ALTER TABLE "temporary_chat_conversations" RENAME TO "chat_conversations"`);
    await q.query(`CREATE UNIQUE INDEX "IDX_27ed103bd43e1284cf718d65c4" ON "chat_conversations" ("memberId", "teamId") `);
    await q.query(`CREATE INDEX "IDX_10ca91b89115ffe107b4e48e72" ON "chat_conversations" ("teamId") `);
    await q.query(`CREATE INDEX "IDX_8e10c4444e50c8714fdc7cf436" ON "chat_conversations" ("ownerUserId") `);
    await q.query(`CREATE TABLE "temporary_alert_rotas" ("teamId" varchar(16) PRIMARY KEY NOT NULL, "entries" text NOT NULL, "updatedBy" varchar(36) NOT NULL, "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "leave" text, "holidays" text)`);
    await q.query(`INSERT INTO "temporary_alert_rotas"("teamId", "entries", "updatedBy", "updatedAt") SELECT "teamId", "entries", "updatedBy", "updatedAt" FROM "alert_rotas"`);
    await q.query(`DROP TABLE "alert_rotas"`);
    await q.query(`ALTER TABLE "temporary_alert_rotas" RENAME TO "alert_rotas"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alert_rotas" RENAME TO "temporary_alert_rotas"`);
    await q.query(`CREATE TABLE "alert_rotas" ("teamId" varchar(16) PRIMARY KEY NOT NULL, "entries" text NOT NULL, "updatedBy" varchar(36) NOT NULL, "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`INSERT INTO "alert_rotas"("teamId", "entries", "updatedBy", "updatedAt") SELECT "teamId", "entries", "updatedBy", "updatedAt" FROM "temporary_alert_rotas"`);
    await q.query(`DROP TABLE "temporary_alert_rotas"`);
    await q.query(`DROP INDEX "IDX_8e10c4444e50c8714fdc7cf436"`);
    await q.query(`DROP INDEX "IDX_10ca91b89115ffe107b4e48e72"`);
    await q.query(`DROP INDEX "IDX_27ed103bd43e1284cf718d65c4"`);
    await q.query(`ALTER TABLE "chat_conversations" RENAME TO "temporary_chat_conversations"`);
    await q.query(`CREATE TABLE "chat_conversations" ("id" varchar(36) PRIMARY KEY NOT NULL, "memberId" varchar(36) NOT NULL, "ownerUserId" varchar(36) NOT NULL, "teamId" varchar(16) NOT NULL, "doctorId" varchar(64) NOT NULL, "memberName" varchar(64) NOT NULL, "recordNumber" varchar(17), "lastSeq" integer NOT NULL DEFAULT (0), "residentReadSeq" integer NOT NULL DEFAULT (0), "teamReadSeq" integer NOT NULL DEFAULT (0), "status" varchar(16) NOT NULL DEFAULT ('open'), "lastMessageAt" datetime(6), "lastMessagePreview" text, "waitingSince" datetime(6), "notifiedAt" datetime(6), "autoRepliedAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`INSERT INTO "chat_conversations"("id", "memberId", "ownerUserId", "teamId", "doctorId", "memberName", "recordNumber", "lastSeq", "residentReadSeq", "teamReadSeq", "status", "lastMessageAt", "lastMessagePreview", "waitingSince", "notifiedAt", "autoRepliedAt", "createdAt", "updatedAt") SELECT "id", "memberId", "ownerUserId", "teamId", "doctorId", "memberName", "recordNumber", "lastSeq", "residentReadSeq", "teamReadSeq", "status", "lastMessageAt", "lastMessagePreview", "waitingSince", "notifiedAt", "autoRepliedAt", "createdAt", "updatedAt" FROM "temporary_chat_conversations"`);
    await q.query(`DROP TABLE "temporary_chat_conversations"`);
    await q.query(`CREATE INDEX "IDX_8e10c4444e50c8714fdc7cf436" ON "chat_conversations" ("ownerUserId") `);
    await q.query(`CREATE INDEX "IDX_10ca91b89115ffe107b4e48e72" ON "chat_conversations" ("teamId") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_27ed103bd43e1284cf718d65c4" ON "chat_conversations" ("memberId", "teamId") `);
    await q.query(`DROP INDEX "IDX_0e6309841c63fc8604010c8175"`);
    await q.query(`DROP INDEX "IDX_8b8cfb4263990b87f39810a0fb"`);
    await q.query(`DROP TABLE "chat_search_tokens"`);
    await q.query(`DROP INDEX "IDX_db87c6bdabc144d08faf099cc7"`);
    await q.query(`DROP TABLE "team_quick_replies"`);
    await q.query(`DROP INDEX "IDX_d58c130973c36209f7ec8030f5"`);
    await q.query(`DROP TABLE "chat_handovers"`);
  }
}
