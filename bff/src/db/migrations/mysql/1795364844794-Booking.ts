import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Booking1795364844794 implements MigrationInterface {
  name = 'Booking1795364844794';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`bookings\` (\`id\` varchar(36) NOT NULL, \`userId\` varchar(36) NOT NULL, \`memberId\` varchar(36) NOT NULL, \`patientKey\` varchar(64) NOT NULL, \`patientName\` varchar(64) NOT NULL, \`hospitalId\` varchar(16) NOT NULL, \`hospitalName\` varchar(64) NOT NULL, \`departmentId\` varchar(24) NOT NULL, \`departmentName\` varchar(64) NOT NULL, \`departmentLocation\` varchar(64) NOT NULL, \`doctorId\` varchar(24) NOT NULL, \`doctorName\` varchar(32) NOT NULL, \`doctorTitle\` varchar(16) NOT NULL, \`registrationLevel\` varchar(16) NOT NULL, \`slotId\` varchar(64) NOT NULL, \`sessionId\` varchar(64) NOT NULL, \`date\` varchar(10) NOT NULL, \`session\` varchar(4) NOT NULL, \`slotStart\` datetime(6) NOT NULL, \`slotEnd\` datetime(6) NOT NULL, \`feeFen\` int NOT NULL, \`status\` varchar(24) NOT NULL, \`activeKey\` varchar(160) NULL, \`hisAppointmentId\` varchar(32) NULL, \`visitNo\` int NULL, \`holdExpiresAt\` datetime(6) NULL, \`paymentOrderId\` varchar(36) NULL, \`paidAt\` datetime(6) NULL, \`cancelReason\` varchar(64) NULL, \`cancelledBy\` varchar(16) NULL, \`cancelledAt\` datetime(6) NULL, \`refundFen\` int NULL, \`refundStatus\` varchar(16) NULL, \`reminder\` varchar(16) NOT NULL DEFAULT 'none', \`reminderAt\` datetime(6) NULL, \`visitStatusAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_5a3972c925ff5251f1c2113940\` (\`activeKey\`), INDEX \`IDX_ad8ce03a9cf2724e9361b022da\` (\`hisAppointmentId\`), INDEX \`IDX_5af8773dd660c4fd894648662f\` (\`paymentOrderId\`), INDEX \`IDX_6ece80f0d703da4ce99f042eec\` (\`status\`, \`holdExpiresAt\`), INDEX \`IDX_a75446f226153266937263affb\` (\`status\`, \`date\`), INDEX \`IDX_ba53248ec346e0f4fee5a9c7b1\` (\`patientKey\`, \`date\`), INDEX \`IDX_616e9dc91fa3186cc63404d214\` (\`userId\`, \`date\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`booking_patients\` (\`id\` varchar(64) NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`booking_patients\``);
    await q.query(`DROP INDEX \`IDX_616e9dc91fa3186cc63404d214\` ON \`bookings\``);
    await q.query(`DROP INDEX \`IDX_ba53248ec346e0f4fee5a9c7b1\` ON \`bookings\``);
    await q.query(`DROP INDEX \`IDX_a75446f226153266937263affb\` ON \`bookings\``);
    await q.query(`DROP INDEX \`IDX_6ece80f0d703da4ce99f042eec\` ON \`bookings\``);
    await q.query(`DROP INDEX \`IDX_5af8773dd660c4fd894648662f\` ON \`bookings\``);
    await q.query(`DROP INDEX \`IDX_ad8ce03a9cf2724e9361b022da\` ON \`bookings\``);
    await q.query(`DROP INDEX \`IDX_5a3972c925ff5251f1c2113940\` ON \`bookings\``);
    await q.query(`DROP TABLE \`bookings\``);
  }
}
