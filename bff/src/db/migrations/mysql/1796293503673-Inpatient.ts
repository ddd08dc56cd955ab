import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Inpatient1796293503673 implements MigrationInterface {
  name = 'Inpatient1796293503673';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`inpatient_deposits\` (\`id\` varchar(36) NOT NULL, \`orderId\` varchar(36) NOT NULL, \`userId\` varchar(36) NOT NULL, \`memberId\` varchar(36) NOT NULL, \`admissionNo\` varchar(40) NOT NULL, \`hospitalId\` varchar(16) NOT NULL, \`amountFen\` int NOT NULL, \`state\` varchar(16) NOT NULL, \`receiptNo\` varchar(40) NULL, \`creditedAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_bf5865d77383f7986d2a46ebdb\` (\`orderId\`), INDEX \`IDX_0bccd04da527db030b603a21e9\` (\`memberId\`), INDEX \`IDX_ab633a7bf85391d6ca5e5f4128\` (\`state\`, \`createdAt\`), INDEX \`IDX_4efa877596549c956043d444c9\` (\`userId\`, \`admissionNo\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_4efa877596549c956043d444c9\` ON \`inpatient_deposits\``);
    await q.query(`DROP INDEX \`IDX_ab633a7bf85391d6ca5e5f4128\` ON \`inpatient_deposits\``);
    await q.query(`DROP INDEX \`IDX_0bccd04da527db030b603a21e9\` ON \`inpatient_deposits\``);
    await q.query(`DROP INDEX \`IDX_bf5865d77383f7986d2a46ebdb\` ON \`inpatient_deposits\``);
    await q.query(`DROP TABLE \`inpatient_deposits\``);
  }
}
