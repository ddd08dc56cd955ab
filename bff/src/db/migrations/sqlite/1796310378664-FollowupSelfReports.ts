import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FollowupSelfReports1796310378664 implements MigrationInterface {
  name = 'FollowupSelfReports1796310378664';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "followup_self_reports" ("id" varchar(36) PRIMARY KEY NOT NULL, "recordNumber" varchar(17) NOT NULL, "teamId" varchar(16) NOT NULL, "kind" varchar(16) NOT NULL, "dueDate" varchar(10) NOT NULL, "memberId" varchar(64) NOT NULL, "memberName" varchar(64) NOT NULL, "userId" varchar(64) NOT NULL, "answers" text NOT NULL, "readings" text NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_36ffc7dcd543cfee391380459a" ON "followup_self_reports" ("recordNumber", "kind", "dueDate") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_36ffc7dcd543cfee391380459a"`);
    await q.query(`DROP TABLE "followup_self_reports"`);
  }
}
