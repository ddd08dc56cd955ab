import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Waitlist1796293687985 implements MigrationInterface {
  name = 'Waitlist1796293687985';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "booking_waitlist" ("id" varchar(36) PRIMARY KEY NOT NULL, "userId" varchar(36) NOT NULL, "memberId" varchar(36) NOT NULL, "patientKey" varchar(64) NOT NULL, "patientName" varchar(64) NOT NULL, "sessionId" varchar(64) NOT NULL, "seq" integer NOT NULL, "hospitalId" varchar(16) NOT NULL, "hospitalName" varchar(64) NOT NULL, "departmentId" varchar(24) NOT NULL, "departmentName" varchar(64) NOT NULL, "doctorId" varchar(24) NOT NULL, "doctorName" varchar(32) NOT NULL, "doctorTitle" varchar(16) NOT NULL, "date" varchar(10) NOT NULL, "session" varchar(4) NOT NULL, "sessionEnd" datetime(6) NOT NULL, "feeFen" integer NOT NULL, "status" varchar(16) NOT NULL, "activeKey" varchar(120), "promoting" boolean NOT NULL DEFAULT (0), "attempt" integer NOT NULL DEFAULT (0), "offerSlotId" varchar(64), "bookingId" varchar(36), "offerExpiresAt" datetime(6), "notify" varchar(16) NOT NULL DEFAULT ('none'), "endReason" varchar(64), "endedAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_8d1784cd06f322e0e51b153581" ON "booking_waitlist" ("activeKey") `);
    await q.query(`CREATE INDEX "IDX_faaa0efab59e910969fd48273b" ON "booking_waitlist" ("bookingId") `);
    await q.query(`CREATE INDEX "IDX_5a580c7b03b66d8203a8250ffd" ON "booking_waitlist" ("userId", "date") `);
    await q.query(`CREATE INDEX "IDX_6f922f85ca752d806533d674a8" ON "booking_waitlist" ("sessionId", "status", "seq") `);
    await q.query(`CREATE TABLE "booking_waitlist_sessions" ("id" varchar(64) PRIMARY KEY NOT NULL, "lastSeq" integer NOT NULL DEFAULT (0), "leaseUntil" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "booking_waitlist_sessions"`);
    await q.query(`DROP INDEX "IDX_6f922f85ca752d806533d674a8"`);
    await q.query(`DROP INDEX "IDX_5a580c7b03b66d8203a8250ffd"`);
    await q.query(`DROP INDEX "IDX_faaa0efab59e910969fd48273b"`);
    await q.query(`DROP INDEX "IDX_8d1784cd06f322e0e51b153581"`);
    await q.query(`DROP TABLE "booking_waitlist"`);
  }
}
