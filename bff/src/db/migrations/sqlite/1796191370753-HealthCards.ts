import type { MigrationInterface, QueryRunner } from 'typeorm';

export class HealthCards1796191370753 implements MigrationInterface {
  name = 'HealthCards1796191370753';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "health_cards" ("id" varchar(36) PRIMARY KEY NOT NULL, "ownerUserId" varchar(36) NOT NULL, "memberId" varchar(36) NOT NULL, "healthCardId" varchar(64) NOT NULL, "phid" varchar(64) NOT NULL, "issuedWith" varchar(16) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE INDEX "IDX_51bb730904a4ac7cf660b6e8dc" ON "health_cards" ("ownerUserId") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_8765c1ecd535772ff8908390e0" ON "health_cards" ("memberId") `);
    await q.query(`CREATE INDEX "IDX_8fe535bab5103fdbd9e9943848" ON "health_cards" ("healthCardId") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_8fe535bab5103fdbd9e9943848"`);
    await q.query(`DROP INDEX "IDX_8765c1ecd535772ff8908390e0"`);
    await q.query(`DROP INDEX "IDX_51bb730904a4ac7cf660b6e8dc"`);
    await q.query(`DROP TABLE "health_cards"`);
  }
}
