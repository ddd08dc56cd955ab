import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ContractPaperwork1796309950401 implements MigrationInterface {
  name = 'ContractPaperwork1796309950401';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`contract_signatures\` (\`id\` varchar(36) NOT NULL, \`applicationId\` varchar(36) NOT NULL, \`kind\` varchar(8) NOT NULL, \`recordNumber\` varchar(17) NOT NULL, \`memberId\` varchar(36) NOT NULL, \`signerUserId\` varchar(36) NOT NULL, \`signerName\` varchar(32) NOT NULL, \`agreementVersion\` varchar(16) NOT NULL, \`packageIds\` text NOT NULL, \`signedAt\` datetime(6) NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_d8a85821f2ff8244b11c6a3b7d\` (\`applicationId\`), INDEX \`IDX_40fd704ec15527f90589dda8a1\` (\`memberId\`), INDEX \`IDX_3cd1c3b390401a656a3077566a\` (\`recordNumber\`, \`signedAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_3cd1c3b390401a656a3077566a\` ON \`contract_signatures\``);
    await q.query(`DROP INDEX \`IDX_40fd704ec15527f90589dda8a1\` ON \`contract_signatures\``);
    await q.query(`DROP INDEX \`IDX_d8a85821f2ff8244b11c6a3b7d\` ON \`contract_signatures\``);
    await q.query(`DROP TABLE \`contract_signatures\``);
  }
}
