import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FollowupRecords1796297679958 implements MigrationInterface {
  name = 'FollowupRecords1796297679958';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`followup_records\` (\`id\` varchar(36) NOT NULL, \`recordNumber\` varchar(17) NOT NULL, \`teamId\` varchar(16) NOT NULL, \`kind\` varchar(16) NOT NULL, \`residentName\` varchar(64) NOT NULL, \`date\` varchar(10) NOT NULL, \`nextVisitDate\` varchar(10) NOT NULL, \`classification\` varchar(16) NOT NULL, \`sbp\` int NOT NULL, \`dbp\` int NOT NULL, \`bmiX10\` int NOT NULL, \`fastingGlucoseX10\` int NULL, \`form\` text NOT NULL, \`doctorId\` varchar(64) NOT NULL, \`doctorName\` varchar(64) NOT NULL, \`clientId\` varchar(64) NOT NULL, \`writeback\` varchar(16) NOT NULL DEFAULT 'pending', \`platformId\` varchar(64) NULL, \`writtenAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`IDX_25b3eb4637029c42243fb21b18\` (\`recordNumber\`, \`kind\`, \`date\`), UNIQUE INDEX \`IDX_eff783c8f8ab7ebb04de409384\` (\`doctorId\`, \`clientId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_eff783c8f8ab7ebb04de409384\` ON \`followup_records\``);
    await q.query(`DROP INDEX \`IDX_25b3eb4637029c42243fb21b18\` ON \`followup_records\``);
    await q.query(`DROP TABLE \`followup_records\``);
  }
}
