import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Booking1795364844794 implements MigrationInterface {
  name = 'Booking1795364844794';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "bookings" ("id" varchar(36) PRIMARY KEY NOT NULL, "userId" varchar(36) NOT NULL, "memberId" varchar(36) NOT NULL, "patientKey" varchar(64) NOT NULL, "patientName" varchar(64) NOT NULL, "hospitalId" varchar(16) NOT NULL, "hospitalName" varchar(64) NOT NULL, "departmentId" varchar(24) NOT NULL, "departmentName" varchar(64) NOT NULL, "departmentLocation" varchar(64) NOT NULL, "doctorId" varchar(24) NOT NULL, "doctorName" varchar(32) NOT NULL, "doctorTitle" varchar(16) NOT NULL, "registrationLevel" varchar(16) NOT NULL, "slotId" varchar(64) NOT NULL, "sessionId" varchar(64) NOT NULL, "date" varchar(10) NOT NULL, "session" varchar(4) NOT NULL, "slotStart" datetime(6) NOT NULL, "slotEnd" datetime(6) NOT NULL, "feeFen" integer NOT NULL, "status" varchar(24) NOT NULL, "activeKey" varchar(160), "hisAppointmentId" varchar(32), "visitNo" integer, "holdExpiresAt" datetime(6), "paymentOrderId" varchar(36), "paidAt" datetime(6), "cancelReason" varchar(64), "cancelledBy" varchar(16), "cancelledAt" datetime(6), "refundFen" integer, "refundStatus" varchar(16), "reminder" varchar(16) NOT NULL DEFAULT ('none'), "reminderAt" datetime(6), "visitStatusAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_5a3972c925ff5251f1c2113940" ON "bookings" ("activeKey") `);
    await q.query(`CREATE INDEX "IDX_ad8ce03a9cf2724e9361b022da" ON "bookings" ("hisAppointmentId") `);
    await q.query(`CREATE INDEX "IDX_5af8773dd660c4fd894648662f" ON "bookings" ("paymentOrderId") `);
    await q.query(`CREATE INDEX "IDX_6ece80f0d703da4ce99f042eec" ON "bookings" ("status", "holdExpiresAt") `);
    await q.query(`CREATE INDEX "IDX_a75446f226153266937263affb" ON "bookings" ("status", "date") `);
    await q.query(`CREATE INDEX "IDX_ba53248ec346e0f4fee5a9c7b1" ON "bookings" ("patientKey", "date") `);
    await q.query(`CREATE INDEX "IDX_616e9dc91fa3186cc63404d214" ON "bookings" ("userId", "date") `);
    await q.query(`CREATE TABLE "booking_patients" ("id" varchar(64) PRIMARY KEY NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "booking_patients"`);
    await q.query(`DROP INDEX "IDX_616e9dc91fa3186cc63404d214"`);
    await q.query(`DROP INDEX "IDX_ba53248ec346e0f4fee5a9c7b1"`);
    await q.query(`DROP INDEX "IDX_a75446f226153266937263affb"`);
    await q.query(`DROP INDEX "IDX_6ece80f0d703da4ce99f042eec"`);
    await q.query(`DROP INDEX "IDX_5af8773dd660c4fd894648662f"`);
    await q.query(`DROP INDEX "IDX_ad8ce03a9cf2724e9361b022da"`);
    await q.query(`DROP INDEX "IDX_5a3972c925ff5251f1c2113940"`);
    await q.query(`DROP TABLE "bookings"`);
  }
}
