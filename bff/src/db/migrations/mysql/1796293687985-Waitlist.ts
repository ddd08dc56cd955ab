import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Waitlist1796293687985 implements MigrationInterface {
  name = 'Waitlist1796293687985';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`booking_waitlist\` (\`id\` varchar(36) NOT NULL, \`userId\` varchar(36) NOT NULL, \`memberId\` varchar(36) NOT NULL, \`patientKey\` varchar(64) NOT NULL, \`patientName\` varchar(64) NOT NULL, \`sessionId\` varchar(64) NOT NULL, \`seq\` int NOT NULL, \`hospitalId\` varchar(16) NOT NULL, \`hospitalName\` varchar(64) NOT NULL, \`departmentId\` varchar(24) NOT NULL, \`departmentName\` varchar(64) NOT NULL, \`doctorId\` varchar(24) NOT NULL, \`doctorName\` varchar(32) NOT NULL, \`doctorTitle\` varchar(16) NOT NULL, \`date\` varchar(10) NOT NULL, \`session\` varchar(4) NOT NULL, \`sessionEnd\` datetime(6) NOT NULL, \`feeFen\` int NOT NULL, \`status\` varchar(16) NOT NULL, \`activeKey\` varchar(120) NULL, \`promoting\` tinyint NOT NULL DEFAULT 0, \`attempt\` int NOT NULL DEFAULT '0', \`offerSlotId\` varchar(64) NULL, \`bookingId\` varchar(36) NULL, \`offerExpiresAt\` datetime(6) NULL, \`notify\` varchar(16) NOT NULL DEFAULT 'none', \`endReason\` varchar(64) NULL, \`endedAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_8d1784cd06f322e0e51b153581\` (\`activeKey\`), INDEX \`IDX_faaa0efab59e910969fd48273b\` (\`bookingId\`), INDEX \`IDX_5a580c7b03b66d8203a8250ffd\` (\`userId\`, \`date\`), INDEX \`IDX_6f922f85ca752d806533d674a8\` (\`sessionId\`, \`status\`, \`seq\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`booking_waitlist_sessions\` (\`id\` varchar(64) NOT NULL, \`lastSeq\` int NOT NULL DEFAULT '0', \`leaseUntil\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`booking_waitlist_sessions\``);
    await q.query(`DROP INDEX \`IDX_6f922f85ca752d806533d674a8\` ON \`booking_waitlist\``);
    await q.query(`DROP INDEX \`IDX_5a580c7b03b66d8203a8250ffd\` ON \`booking_waitlist\``);
    await q.query(`DROP INDEX \`IDX_faaa0efab59e910969fd48273b\` ON \`booking_waitlist\``);
    await q.query(`DROP INDEX \`IDX_8d1784cd06f322e0e51b153581\` ON \`booking_waitlist\``);
    await q.query(`DROP TABLE \`booking_waitlist\``);
  }
}
