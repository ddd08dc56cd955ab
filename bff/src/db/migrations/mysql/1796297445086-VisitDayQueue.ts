import type { MigrationInterface, QueryRunner } from 'typeorm';

export class VisitDayQueue1796297445086 implements MigrationInterface {
  name = 'VisitDayQueue1796297445086';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`bookings\` ADD \`checkedInAt\` datetime(6) NULL`);
    await q.query(`ALTER TABLE \`bookings\` ADD \`queueNotice\` varchar(16) NOT NULL DEFAULT 'none'`);
    await q.query(`ALTER TABLE \`bookings\` ADD \`queueNoticeAt\` datetime(6) NULL`);
    await q.query(`CREATE INDEX \`IDX_9ace3ad10fe6fd2a4b6473ba6e\` ON \`bookings\` (\`status\`, \`queueNotice\`)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_9ace3ad10fe6fd2a4b6473ba6e\` ON \`bookings\``);
    await q.query(`ALTER TABLE \`bookings\` DROP COLUMN \`queueNoticeAt\``);
    await q.query(`ALTER TABLE \`bookings\` DROP COLUMN \`queueNotice\``);
    await q.query(`ALTER TABLE \`bookings\` DROP COLUMN \`checkedInAt\``);
  }
}
