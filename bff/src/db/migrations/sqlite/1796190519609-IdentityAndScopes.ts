import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityAndScopes1796190519609 implements MigrationInterface {
  name = 'IdentityAndScopes1796190519609';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_e9be542c7ac0f210ee5db08334"`);
    await q.query(`DROP INDEX "IDX_9c98f005249412c8333a3b2c59"`);
    await q.query(`CREATE TABLE "temporary_users" ("id" varchar(36) PRIMARY KEY NOT NULL, "openid" varchar(64) NOT NULL, "unionid" varchar(64), "roles" text NOT NULL, "sessionKeyEnc" text, "name" varchar(64), "idNumberEnc" text, "idNumberHash" varchar(64), "phoneEnc" text, "sex" varchar(8), "birthDate" varchar(10), "realNameVerifiedAt" datetime(6), "doctorId" varchar(64), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "identityMethod" varchar(16), "sessionVersion" integer NOT NULL DEFAULT (0))`);
    await q.query(`INSERT INTO "temporary_users"("id", "openid", "unionid", "roles", "sessionKeyEnc", "name", "idNumberEnc", "idNumberHash", "phoneEnc", "sex", "birthDate", "realNameVerifiedAt", "doctorId", "createdAt", "updatedAt") SELECT "id", "openid", "unionid", "roles", "sessionKeyEnc", "name", "idNumberEnc", "idNumberHash", "phoneEnc", "sex", "birthDate", "realNameVerifiedAt", "doctorId", "createdAt", "updatedAt" FROM "users"`);
    await q.query(`DROP TABLE "users"`);
    await q.query(`ALTER TABLE "temporary_users" RENAME TO "users"`);
    await q.query(`CREATE UNIQUE INDEX "IDX_e9be542c7ac0f210ee5db08334" ON "users" ("idNumberHash") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_9c98f005249412c8333a3b2c59" ON "users" ("openid") `);
    await q.query(`DROP INDEX "IDX_3bf879a9277ec73ee0a3d3a282"`);
    await q.query(`DROP INDEX "IDX_ebb9d4b9b03b44b3bdebeb2469"`);
    await q.query(`CREATE TABLE "temporary_family_access_grants" ("id" varchar(36) PRIMARY KEY NOT NULL, "memberId" varchar(36) NOT NULL, "requesterUserId" varchar(36) NOT NULL, "grantorUserId" varchar(36) NOT NULL, "status" varchar(16) NOT NULL, "requestedAt" datetime(6) NOT NULL, "decidedAt" datetime(6), "revokedAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "scopes" varchar(64) NOT NULL DEFAULT ('health'), "inviteCode" varchar(32))`);
    await q.query(`INSERT INTO "temporary_family_access_grants"("id", "memberId", "requesterUserId", "grantorUserId", "status", "requestedAt", "decidedAt", "revokedAt", "createdAt", "updatedAt") SELECT "id", "memberId", "requesterUserId", "grantorUserId", "status", "requestedAt", "decidedAt", "revokedAt", "createdAt", "updatedAt" FROM "family_access_grants"`);
    await q.query(`DROP TABLE "family_access_grants"`);
    await q.query(`ALTER TABLE "temporary_family_access_grants" RENAME TO "family_access_grants"`);
    await q.query(`CREATE INDEX "IDX_3bf879a9277ec73ee0a3d3a282" ON "family_access_grants" ("memberId", "status") `);
    await q.query(`CREATE INDEX "IDX_ebb9d4b9b03b44b3bdebeb2469" ON "family_access_grants" ("grantorUserId", "createdAt") `);
    await q.query(`DROP INDEX "IDX_ebb9d4b9b03b44b3bdebeb2469"`);
    await q.query(`DROP INDEX "IDX_3bf879a9277ec73ee0a3d3a282"`);
    await q.query(`CREATE TABLE "temporary_family_access_grants" ("id" varchar(36) PRIMARY KEY NOT NULL, "memberId" varchar(36) NOT NULL, "requesterUserId" varchar(36) NOT NULL, "grantorUserId" varchar(36), "status" varchar(16) NOT NULL, "requestedAt" datetime(6) NOT NULL, "decidedAt" datetime(6), "revokedAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "scopes" varchar(64) NOT NULL DEFAULT ('health'), "inviteCode" varchar(32))`);
    await q.query(`INSERT INTO "temporary_family_access_grants"("id", "memberId", "requesterUserId", "grantorUserId", "status", "requestedAt", "decidedAt", "revokedAt", "createdAt", "updatedAt", "scopes", "inviteCode") SELECT "id", "memberId", "requesterUserId", "grantorUserId", "status", "requestedAt", "decidedAt", "revokedAt", "createdAt", "updatedAt", "scopes", "inviteCode" FROM "family_access_grants"`);
    await q.query(`DROP TABLE "family_access_grants"`);
    await q.query(`ALTER TABLE "temporary_family_access_grants" RENAME TO "family_access_grants"`);
    await q.query(`CREATE INDEX "IDX_3bf879a9277ec73ee0a3d3a282" ON "family_access_grants" ("memberId", "status") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_17d3dcd5a20c68476ffc661113" ON "family_access_grants" ("inviteCode") `);
    await q.query(`CREATE INDEX "IDX_ebb9d4b9b03b44b3bdebeb2469" ON "family_access_grants" ("grantorUserId", "createdAt") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_ebb9d4b9b03b44b3bdebeb2469"`);
    await q.query(`DROP INDEX "IDX_17d3dcd5a20c68476ffc661113"`);
    await q.query(`DROP INDEX "IDX_3bf879a9277ec73ee0a3d3a282"`);
    await q.query(`ALTER TABLE "family_access_grants" RENAME TO "temporary_family_access_grants"`);
    await q.query(`CREATE TABLE "family_access_grants" ("id" varchar(36) PRIMARY KEY NOT NULL, "memberId" varchar(36) NOT NULL, "requesterUserId" varchar(36) NOT NULL, "grantorUserId" varchar(36) NOT NULL, "status" varchar(16) NOT NULL, "requestedAt" datetime(6) NOT NULL, "decidedAt" datetime(6), "revokedAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "scopes" varchar(64) NOT NULL DEFAULT ('health'), "inviteCode" varchar(32))`);
    await q.query(`INSERT INTO "family_access_grants"("id", "memberId", "requesterUserId", "grantorUserId", "status", "requestedAt", "decidedAt", "revokedAt", "createdAt", "updatedAt", "scopes", "inviteCode") SELECT "id", "memberId", "requesterUserId", "grantorUserId", "status", "requestedAt", "decidedAt", "revokedAt", "createdAt", "updatedAt", "scopes", "inviteCode" FROM "temporary_family_access_grants"`);
    await q.query(`DROP TABLE "temporary_family_access_grants"`);
    await q.query(`CREATE INDEX "IDX_3bf879a9277ec73ee0a3d3a282" ON "family_access_grants" ("memberId", "status") `);
    await q.query(`CREATE INDEX "IDX_ebb9d4b9b03b44b3bdebeb2469" ON "family_access_grants" ("grantorUserId", "createdAt") `);
    await q.query(`DROP INDEX "IDX_ebb9d4b9b03b44b3bdebeb2469"`);
    await q.query(`DROP INDEX "IDX_3bf879a9277ec73ee0a3d3a282"`);
    await q.query(`ALTER TABLE "family_access_grants" RENAME TO "temporary_family_access_grants"`);
    await q.query(`CREATE TABLE "family_access_grants" ("id" varchar(36) PRIMARY KEY NOT NULL, "memberId" varchar(36) NOT NULL, "requesterUserId" varchar(36) NOT NULL, "grantorUserId" varchar(36) NOT NULL, "status" varchar(16) NOT NULL, "requestedAt" datetime(6) NOT NULL, "decidedAt" datetime(6), "revokedAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`INSERT INTO "family_access_grants"("id", "memberId", "requesterUserId", "grantorUserId", "status", "requestedAt", "decidedAt", "revokedAt", "createdAt", "updatedAt") SELECT "id", "memberId", "requesterUserId", "grantorUserId", "status", "requestedAt", "decidedAt", "revokedAt", "createdAt", "updatedAt" FROM "temporary_family_access_grants"`);
    await q.query(`DROP TABLE "temporary_family_access_grants"`);
    await q.query(`CREATE INDEX "IDX_ebb9d4b9b03b44b3bdebeb2469" ON "family_access_grants" ("grantorUserId", "createdAt") `);
    await q.query(`CREATE INDEX "IDX_3bf879a9277ec73ee0a3d3a282" ON "family_access_grants" ("memberId", "status") `);
    await q.query(`DROP INDEX "IDX_9c98f005249412c8333a3b2c59"`);
    await q.query(`DROP INDEX "IDX_e9be542c7ac0f210ee5db08334"`);
    await q.query(`ALTER TABLE "users" RENAME TO "temporary_users"`);
    await q.query(`CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "openid" varchar(64) NOT NULL, "unionid" varchar(64), "roles" text NOT NULL, "sessionKeyEnc" text, "name" varchar(64), "idNumberEnc" text, "idNumberHash" varchar(64), "phoneEnc" text, "sex" varchar(8), "birthDate" varchar(10), "realNameVerifiedAt" datetime(6), "doctorId" varchar(64), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`INSERT INTO "users"("id", "openid", "unionid", "roles", "sessionKeyEnc", "name", "idNumberEnc", "idNumberHash", "phoneEnc", "sex", "birthDate", "realNameVerifiedAt", "doctorId", "createdAt", "updatedAt") SELECT "id", "openid", "unionid", "roles", "sessionKeyEnc", "name", "idNumberEnc", "idNumberHash", "phoneEnc", "sex", "birthDate", "realNameVerifiedAt", "doctorId", "createdAt", "updatedAt" FROM "temporary_users"`);
    await q.query(`DROP TABLE "temporary_users"`);
    await q.query(`CREATE UNIQUE INDEX "IDX_9c98f005249412c8333a3b2c59" ON "users" ("openid") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_e9be542c7ac0f210ee5db08334" ON "users" ("idNumberHash") `);
  }
}
