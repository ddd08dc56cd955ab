import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Messages1796309946909 implements MigrationInterface {
  name = 'Messages1796309946909';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "messages" ("id" varchar(36) PRIMARY KEY NOT NULL, "userId" varchar(36) NOT NULL, "category" varchar(24) NOT NULL, "title" varchar(64) NOT NULL, "body" varchar(400) NOT NULL, "link" varchar(255), "memberId" varchar(36), "dedupeKey" varchar(128) NOT NULL, "readAt" datetime(6), "createdAt" datetime(6) NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_6ce6acdb0801254590f8a78c08" ON "messages" ("createdAt") `);
    await q.query(`CREATE INDEX "IDX_c7871e3bc5a5272e2196230c50" ON "messages" ("userId", "readAt") `);
    await q.query(`CREATE INDEX "IDX_ff897faf9eb7713f06ca8f94a6" ON "messages" ("userId", "createdAt") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_fef05fe40ffd971d5ff40d8268" ON "messages" ("userId", "dedupeKey") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_fef05fe40ffd971d5ff40d8268"`);
    await q.query(`DROP INDEX "IDX_ff897faf9eb7713f06ca8f94a6"`);
    await q.query(`DROP INDEX "IDX_c7871e3bc5a5272e2196230c50"`);
    await q.query(`DROP INDEX "IDX_6ce6acdb0801254590f8a78c08"`);
    await q.query(`DROP TABLE "messages"`);
  }
}
