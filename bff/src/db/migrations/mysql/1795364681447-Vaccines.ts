import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Vaccines1795364681447 implements MigrationInterface {
  name = 'Vaccines1795364681447';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`vaccine_appointments\` (\`id\` varchar(36) NOT NULL, \`ownerUserId\` varchar(36) NOT NULL, \`memberId\` varchar(36) NOT NULL, \`personKey\` varchar(80) NOT NULL, \`memberName\` varchar(64) NOT NULL, \`recordNumber\` varchar(20) NULL, \`clinicId\` varchar(16) NOT NULL, \`clinicName\` varchar(64) NOT NULL, \`clinicAddress\` varchar(128) NOT NULL, \`sessionId\` varchar(64) NOT NULL, \`sessionDate\` varchar(10) NOT NULL, \`period\` varchar(4) NOT NULL, \`sessionStart\` datetime(6) NOT NULL, \`sessionEnd\` datetime(6) NOT NULL, \`vaccineCode\` varchar(16) NOT NULL, \`vaccineName\` varchar(64) NOT NULL, \`dose\` int NOT NULL, \`kind\` varchar(12) NOT NULL, \`productId\` varchar(32) NULL, \`priceFen\` int NOT NULL, \`status\` varchar(16) NOT NULL, \`activeKey\` varchar(120) NULL, \`quotaId\` varchar(120) NOT NULL, \`stockId\` varchar(120) NULL, \`orderId\` varchar(36) NULL, \`payBy\` datetime(6) NULL, \`paidAt\` datetime(6) NULL, \`refundedFen\` int NOT NULL DEFAULT '0', \`cancelledAt\` datetime(6) NULL, \`cancelledBy\` varchar(16) NULL, \`cancelReason\` varchar(64) NULL, \`settledAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`IDX_38adc4102a3b6df115164fd7d9\` (\`memberId\`), UNIQUE INDEX \`IDX_2df7d68185b81bf16e75b21d8c\` (\`activeKey\`), INDEX \`IDX_35e573616a18303fceaaf7f009\` (\`orderId\`), INDEX \`IDX_05a06a0a546671d9cb6eb505df\` (\`status\`, \`sessionEnd\`), INDEX \`IDX_a1dbfefa0c0dfff49987cc5b79\` (\`personKey\`, \`status\`, \`sessionDate\`), INDEX \`IDX_bee63ccc2c0ee91e1e1ff5c5f2\` (\`ownerUserId\`, \`createdAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`vaccine_session_quotas\` (\`id\` varchar(120) NOT NULL, \`clinicId\` varchar(16) NOT NULL, \`sessionId\` varchar(64) NOT NULL, \`vaccineCode\` varchar(16) NOT NULL, \`capacity\` int NOT NULL, \`booked\` int NOT NULL DEFAULT '0', PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`vaccine_stock\` (\`id\` varchar(120) NOT NULL, \`clinicId\` varchar(16) NOT NULL, \`productId\` varchar(32) NOT NULL, \`batchNo\` varchar(32) NOT NULL, \`quantity\` int NOT NULL, \`remaining\` int NOT NULL, \`releaseAt\` datetime(6) NOT NULL, INDEX \`IDX_1603e4d6555bda075368a27443\` (\`clinicId\`, \`productId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`vaccine_reminders\` (\`id\` varchar(36) NOT NULL, \`key\` varchar(160) NOT NULL, \`kind\` varchar(12) NOT NULL, \`userId\` varchar(36) NOT NULL, \`memberId\` varchar(36) NOT NULL, \`appointmentId\` varchar(36) NULL, \`state\` varchar(12) NOT NULL, \`attempts\` int NOT NULL DEFAULT '0', \`lastError\` varchar(200) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_99d6678be16c57d4fb8b2dedc3\` (\`key\`), INDEX \`IDX_da3685678d9d32fca02675e856\` (\`state\`, \`updatedAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_da3685678d9d32fca02675e856\` ON \`vaccine_reminders\``);
    await q.query(`DROP INDEX \`IDX_99d6678be16c57d4fb8b2dedc3\` ON \`vaccine_reminders\``);
    await q.query(`DROP TABLE \`vaccine_reminders\``);
    await q.query(`DROP INDEX \`IDX_1603e4d6555bda075368a27443\` ON \`vaccine_stock\``);
    await q.query(`DROP TABLE \`vaccine_stock\``);
    await q.query(`DROP TABLE \`vaccine_session_quotas\``);
    await q.query(`DROP INDEX \`IDX_bee63ccc2c0ee91e1e1ff5c5f2\` ON \`vaccine_appointments\``);
    await q.query(`DROP INDEX \`IDX_a1dbfefa0c0dfff49987cc5b79\` ON \`vaccine_appointments\``);
    await q.query(`DROP INDEX \`IDX_05a06a0a546671d9cb6eb505df\` ON \`vaccine_appointments\``);
    await q.query(`DROP INDEX \`IDX_35e573616a18303fceaaf7f009\` ON \`vaccine_appointments\``);
    await q.query(`DROP INDEX \`IDX_2df7d68185b81bf16e75b21d8c\` ON \`vaccine_appointments\``);
    await q.query(`DROP INDEX \`IDX_38adc4102a3b6df115164fd7d9\` ON \`vaccine_appointments\``);
    await q.query(`DROP TABLE \`vaccine_appointments\``);
  }
}
