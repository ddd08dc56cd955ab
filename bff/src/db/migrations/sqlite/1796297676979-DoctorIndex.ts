import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DoctorIndex1796297676979 implements MigrationInterface {
  name = 'DoctorIndex1796297676979';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "doctor_index" ("id" varchar(24) PRIMARY KEY NOT NULL, "hospitalId" varchar(16) NOT NULL, "departmentId" varchar(24) NOT NULL, "name" varchar(32) NOT NULL, "body" text NOT NULL, "searchText" text NOT NULL, "doctor" text NOT NULL, "digest" varchar(64) NOT NULL, "syncedAt" datetime(6) NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_cbc77d69cb252a7536ece5df73" ON "doctor_index" ("hospitalId") `);
    // Hand-written: the FTS5 table the search reads (trigram tokenizer: substrings of 3+ characters,
    // so 高血压 matches 擅长高血压及难治性高血压; shorter queries use LIKE on the same table).
    await q.query(`CREATE VIRTUAL TABLE "doctor_fts" USING fts5("doctorId" UNINDEXED, "body", tokenize = 'trigram')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "doctor_fts"`);
    await q.query(`DROP INDEX "IDX_cbc77d69cb252a7536ece5df73"`);
    await q.query(`DROP TABLE "doctor_index"`);
  }
}
