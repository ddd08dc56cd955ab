import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditChain1796229437221 implements MigrationInterface {
  name = 'AuditChain1796229437221';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`audit_chain_head\` (\`id\` varchar(16) NOT NULL, \`seq\` bigint NOT NULL, \`hash\` varchar(64) NOT NULL, \`anchorSeq\` bigint NOT NULL, \`anchorHash\` varchar(64) NOT NULL, \`pruned\` int NOT NULL DEFAULT '0', PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    // The chain's one head row exists before any writer locks it (audit/chain.ts GENESIS_HASH):
    // concurrent first writers would otherwise race to create it (gap-lock deadlocks on InnoDB).
    await q.query(`INSERT INTO \`audit_chain_head\` (\`id\`,\`seq\`,\`hash\`,\`anchorSeq\`,\`anchorHash\`,\`pruned\`) VALUES ('audit', 0, '67a5a45b8c050a182d2f216f5ab4feff7810170b65fa0d9189955ce54baee858', 0, '67a5a45b8c050a182d2f216f5ab4feff7810170b65fa0d9189955ce54baee858', 0)`);
    await q.query(`ALTER TABLE \`audit_logs\` ADD \`seq\` bigint NULL`);
    await q.query(`ALTER TABLE \`audit_logs\` ADD UNIQUE INDEX \`IDX_0fcafb39fdc3239647c3a4eeeb\` (\`seq\`)`);
    await q.query(`ALTER TABLE \`audit_logs\` ADD \`prevHash\` varchar(64) NULL`);
    await q.query(`ALTER TABLE \`audit_logs\` ADD \`hash\` varchar(64) NULL`);
    await q.query(`CREATE INDEX \`IDX_cee5459245f652b75eb2759b4c\` ON \`audit_logs\` (\`action\`)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_cee5459245f652b75eb2759b4c\` ON \`audit_logs\``);
    await q.query(`ALTER TABLE \`audit_logs\` DROP COLUMN \`hash\``);
    await q.query(`ALTER TABLE \`audit_logs\` DROP COLUMN \`prevHash\``);
    await q.query(`ALTER TABLE \`audit_logs\` DROP INDEX \`IDX_0fcafb39fdc3239647c3a4eeeb\``);
    await q.query(`ALTER TABLE \`audit_logs\` DROP COLUMN \`seq\``);
    await q.query(`DROP TABLE \`audit_chain_head\``);
  }
}
