import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AlertDelivery1796232841585 implements MigrationInterface {
  name = 'AlertDelivery1796232841585';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`alert_rotas\` (\`teamId\` varchar(16) NOT NULL, \`entries\` text NOT NULL, \`updatedBy\` varchar(36) NOT NULL, \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (\`teamId\`)) ENGINE=InnoDB`);
    await q.query(`ALTER TABLE \`health_alerts\` ADD \`outcome\` varchar(16) NULL`);
    await q.query(`ALTER TABLE \`health_alerts\` ADD \`note\` text NULL`);
    await q.query(`ALTER TABLE \`health_alerts\` ADD \`acknowledgedByStaffId\` varchar(64) NULL`);
    await q.query(`ALTER TABLE \`health_alerts\` ADD \`acknowledgedByName\` varchar(64) NULL`);
    await q.query(`ALTER TABLE \`health_alerts\` ADD \`chain\` text NULL`);
    await q.query(`ALTER TABLE \`health_alerts\` ADD \`escalationLevel\` int NULL`);
    await q.query(`ALTER TABLE \`health_alerts\` ADD \`lastNotifiedAt\` datetime(6) NULL`);
    await q.query(`ALTER TABLE \`health_alerts\` ADD \`escalateAt\` datetime(6) NULL`);
    await q.query(`ALTER TABLE \`health_alerts\` ADD \`notified\` text NULL`);
    await q.query(`CREATE INDEX \`IDX_91562ace32755a419f391a0996\` ON \`health_alerts\` (\`escalateAt\`)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_91562ace32755a419f391a0996\` ON \`health_alerts\``);
    await q.query(`ALTER TABLE \`health_alerts\` DROP COLUMN \`notified\``);
    await q.query(`ALTER TABLE \`health_alerts\` DROP COLUMN \`escalateAt\``);
    await q.query(`ALTER TABLE \`health_alerts\` DROP COLUMN \`lastNotifiedAt\``);
    await q.query(`ALTER TABLE \`health_alerts\` DROP COLUMN \`escalationLevel\``);
    await q.query(`ALTER TABLE \`health_alerts\` DROP COLUMN \`chain\``);
    await q.query(`ALTER TABLE \`health_alerts\` DROP COLUMN \`acknowledgedByName\``);
    await q.query(`ALTER TABLE \`health_alerts\` DROP COLUMN \`acknowledgedByStaffId\``);
    await q.query(`ALTER TABLE \`health_alerts\` DROP COLUMN \`note\``);
    await q.query(`ALTER TABLE \`health_alerts\` DROP COLUMN \`outcome\``);
    await q.query(`DROP TABLE \`alert_rotas\``);
  }
}
