import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportAlerts1796310007580 implements MigrationInterface {
  name = 'ReportAlerts1796310007580';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`report_alerts\` (\`id\` varchar(36) NOT NULL, \`key\` varchar(160) NOT NULL, \`userId\` varchar(36) NOT NULL, \`memberId\` varchar(36) NOT NULL, \`reportId\` varchar(64) NOT NULL, \`state\` varchar(12) NOT NULL, \`attempts\` int NOT NULL DEFAULT '0', \`lastError\` varchar(200) NULL, \`noticePostedAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_0233ef4fc83f0ff4d02ddf9f51\` (\`key\`), INDEX \`IDX_e827c14f98a600c71897d0a543\` (\`state\`, \`updatedAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`report_opens\` (\`id\` varchar(36) NOT NULL, \`userId\` varchar(36) NOT NULL, \`memberId\` varchar(36) NOT NULL, \`reportId\` varchar(64) NOT NULL, \`openedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_7b6ac2bbd2710ea205ee1964b7\` (\`userId\`, \`memberId\`, \`reportId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_7b6ac2bbd2710ea205ee1964b7\` ON \`report_opens\``);
    await q.query(`DROP TABLE \`report_opens\``);
    await q.query(`DROP INDEX \`IDX_e827c14f98a600c71897d0a543\` ON \`report_alerts\``);
    await q.query(`DROP INDEX \`IDX_0233ef4fc83f0ff4d02ddf9f51\` ON \`report_alerts\``);
    await q.query(`DROP TABLE \`report_alerts\``);
  }
}
