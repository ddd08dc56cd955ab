import type { MigrationInterface, QueryRunner } from 'typeorm';

export class VisitDayQueue1796297445086 implements MigrationInterface {
  name = 'VisitDayQueue1796297445086';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_616e9dc91fa3186cc63404d214"`);
    await q.query(`DROP INDEX "IDX_ba53248ec346e0f4fee5a9c7b1"`);
    await q.query(`DROP INDEX "IDX_a75446f226153266937263affb"`);
    await q.query(`DROP INDEX "IDX_6ece80f0d703da4ce99f042eec"`);
    await q.query(`DROP INDEX "IDX_5af8773dd660c4fd894648662f"`);
    await q.query(`DROP INDEX "IDX_ad8ce03a9cf2724e9361b022da"`);
    await q.query(`DROP INDEX "IDX_5a3972c925ff5251f1c2113940"`);
    await q.query(`CREATE TABLE "temporary_bookings" ("id" varchar(36) PRIMARY KEY NOT NULL, "userId" varchar(36) NOT NULL, "memberId" varchar(36) NOT NULL, "patientKey" varchar(64) NOT NULL, "patientName" varchar(64) NOT NULL, "hospitalId" varchar(16) NOT NULL, "hospitalName" varchar(64) NOT NULL, "departmentId" varchar(24) NOT NULL, "departmentName" varchar(64) NOT NULL, "departmentLocation" varchar(64) NOT NULL, "doctorId" varchar(24) NOT NULL, "doctorName" varchar(32) NOT NULL, "doctorTitle" varchar(16) NOT NULL, "registrationLevel" varchar(16) NOT NULL, "slotId" varchar(64) NOT NULL, "sessionId" varchar(64) NOT NULL, "date" varchar(10) NOT NULL, "session" varchar(4) NOT NULL, "slotStart" datetime(6) NOT NULL, "slotEnd" datetime(6) NOT NULL, "feeFen" integer NOT NULL, "status" varchar(24) NOT NULL, "activeKey" varchar(160), "hisAppointmentId" varchar(32), "visitNo" integer, "holdExpiresAt" datetime(6), "paymentOrderId" varchar(36), "paidAt" datetime(6), "cancelReason" varchar(64), "cancelledBy" varchar(16), "cancelledAt" datetime(6), "refundFen" integer, "refundStatus" varchar(16), "reminder" varchar(16) NOT NULL DEFAULT ('none'), "reminderAt" datetime(6), "visitStatusAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "checkedInAt" datetime(6), "queueNotice" varchar(16) NOT NULL DEFAULT ('none'), "queueNoticeAt" datetime(6))`);
    await q.query(`INSERT INTO "temporary_bookings"("id", "userId", "memberId", "patientKey", "patientName", "hospitalId", "hospitalName", "departmentId", "departmentName", "departmentLocation", "doctorId", "doctorName", "doctorTitle", "registrationLevel", "slotId", "sessionId", "date", "session", "slotStart", "slotEnd", "feeFen", "status", "activeKey", "hisAppointmentId", "visitNo", "holdExpiresAt", "paymentOrderId", "paidAt", "cancelReason", "cancelledBy", "cancelledAt", "refundFen", "refundStatus", "reminder", "reminderAt", "visitStatusAt", "createdAt", "updatedAt") SELECT "id", "userId", "memberId", "patientKey", "patientName", "hospitalId", "hospitalName", "departmentId", "departmentName", "departmentLocation", "doctorId", "doctorName", "doctorTitle", "registrationLevel", "slotId", "sessionId", "date", "session", "slotStart", "slotEnd", "feeFen", "status", "activeKey", "hisAppointmentId", "visitNo", "holdExpiresAt", "paymentOrderId", "paidAt", "cancelReason", "cancelledBy", "cancelledAt", "refundFen", "refundStatus", "reminder", "reminderAt", "visitStatusAt", "createdAt", "updatedAt" FROM "bookings"`);
    await q.query(`DROP TABLE "bookings"`);
    await q.query(`ALTER TABLE "temporary_bookings" RENAME TO "bookings"`);
    await q.query(`CREATE INDEX "IDX_616e9dc91fa3186cc63404d214" ON "bookings" ("userId", "date") `);
    await q.query(`CREATE INDEX "IDX_ba53248ec346e0f4fee5a9c7b1" ON "bookings" ("patientKey", "date") `);
    await q.query(`CREATE INDEX "IDX_a75446f226153266937263affb" ON "bookings" ("status", "date") `);
    await q.query(`CREATE INDEX "IDX_6ece80f0d703da4ce99f042eec" ON "bookings" ("status", "holdExpiresAt") `);
    await q.query(`CREATE INDEX "IDX_5af8773dd660c4fd894648662f" ON "bookings" ("paymentOrderId") `);
    await q.query(`CREATE INDEX "IDX_ad8ce03a9cf2724e9361b022da" ON "bookings" ("hisAppointmentId") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_5a3972c925ff5251f1c2113940" ON "bookings" ("activeKey") `);
    await q.query(`CREATE INDEX "IDX_9ace3ad10fe6fd2a4b6473ba6e" ON "bookings" ("status", "queueNotice") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_9ace3ad10fe6fd2a4b6473ba6e"`);
    await q.query(`DROP INDEX "IDX_5a3972c925ff5251f1c2113940"`);
    await q.query(`DROP INDEX "IDX_ad8ce03a9cf2724e9361b022da"`);
    await q.query(`DROP INDEX "IDX_5af8773dd660c4fd894648662f"`);
    await q.query(`DROP INDEX "IDX_6ece80f0d703da4ce99f042eec"`);
    await q.query(`DROP INDEX "IDX_a75446f226153266937263affb"`);
    await q.query(`DROP INDEX "IDX_ba53248ec346e0f4fee5a9c7b1"`);
    await q.query(`DROP INDEX "IDX_616e9dc91fa3186cc63404d214"`);
    await q.query(`ALTER TABLE "bookings" RENAME TO "temporary_bookings"`);
    await q.query(`CREATE TABLE "bookings" ("id" varchar(36) PRIMARY KEY NOT NULL, "userId" varchar(36) NOT NULL, "memberId" varchar(36) NOT NULL, "patientKey" varchar(64) NOT NULL, "patientName" varchar(64) NOT NULL, "hospitalId" varchar(16) NOT NULL, "hospitalName" varchar(64) NOT NULL, "departmentId" varchar(24) NOT NULL, "departmentName" varchar(64) NOT NULL, "departmentLocation" varchar(64) NOT NULL, "doctorId" varchar(24) NOT NULL, "doctorName" varchar(32) NOT NULL, "doctorTitle" varchar(16) NOT NULL, "registrationLevel" varchar(16) NOT NULL, "slotId" varchar(64) NOT NULL, "sessionId" varchar(64) NOT NULL, "date" varchar(10) NOT NULL, "session" varchar(4) NOT NULL, "slotStart" datetime(6) NOT NULL, "slotEnd" datetime(6) NOT NULL, "feeFen" integer NOT NULL, "status" varchar(24) NOT NULL, "activeKey" varchar(160), "hisAppointmentId" varchar(32), "visitNo" integer, "holdExpiresAt" datetime(6), "paymentOrderId" varchar(36), "paidAt" datetime(6), "cancelReason" varchar(64), "cancelledBy" varchar(16), "cancelledAt" datetime(6), "refundFen" integer, "refundStatus" varchar(16), "reminder" varchar(16) NOT NULL DEFAULT ('none'), "reminderAt" datetime(6), "visitStatusAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`INSERT INTO "bookings"("id", "userId", "memberId", "patientKey", "patientName", "hospitalId", "hospitalName", "departmentId", "departmentName", "departmentLocation", "doctorId", "doctorName", "doctorTitle", "registrationLevel", "slotId", "sessionId", "date", "session", "slotStart", "slotEnd", "feeFen", "status", "activeKey", "hisAppointmentId", "visitNo", "holdExpiresAt", "paymentOrderId", "paidAt", "cancelReason", "cancelledBy", "cancelledAt", "refundFen", "refundStatus", "reminder", "reminderAt", "visitStatusAt", "createdAt", "updatedAt") SELECT "id", "userId", "memberId", "patientKey", "patientName", "hospitalId", "hospitalName", "departmentId", "departmentName", "departmentLocation", "doctorId", "doctorName", "doctorTitle", "registrationLevel", "slotId", "sessionId", "date", "session", "slotStart", "slotEnd", "feeFen", "status", "activeKey", "hisAppointmentId", "visitNo", "holdExpiresAt", "paymentOrderId", "paidAt", "cancelReason", "cancelledBy", "cancelledAt", "refundFen", "refundStatus", "reminder", "reminderAt", "visitStatusAt", "createdAt", "updatedAt" FROM "temporary_bookings"`);
    await q.query(`DROP TABLE "temporary_bookings"`);
    await q.query(`CREATE UNIQUE INDEX "IDX_5a3972c925ff5251f1c2113940" ON "bookings" ("activeKey") `);
    await q.query(`CREATE INDEX "IDX_ad8ce03a9cf2724e9361b022da" ON "bookings" ("hisAppointmentId") `);
    await q.query(`CREATE INDEX "IDX_5af8773dd660c4fd894648662f" ON "bookings" ("paymentOrderId") `);
    await q.query(`CREATE INDEX "IDX_6ece80f0d703da4ce99f042eec" ON "bookings" ("status", "holdExpiresAt") `);
    await q.query(`CREATE INDEX "IDX_a75446f226153266937263affb" ON "bookings" ("status", "date") `);
    await q.query(`CREATE INDEX "IDX_ba53248ec346e0f4fee5a9c7b1" ON "bookings" ("patientKey", "date") `);
    await q.query(`CREATE INDEX "IDX_616e9dc91fa3186cc63404d214" ON "bookings" ("userId", "date") `);
  }
}
