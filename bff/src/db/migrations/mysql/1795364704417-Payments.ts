import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Payments1795364704417 implements MigrationInterface {
  name = 'Payments1795364704417';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`payment_orders\` (\`id\` varchar(36) NOT NULL, \`outTradeNo\` varchar(32) NOT NULL, \`userId\` varchar(36) NOT NULL, \`memberId\` varchar(36) NOT NULL, \`purpose\` varchar(16) NOT NULL, \`refIds\` text NOT NULL, \`amountFen\` int NOT NULL, \`refundedFen\` int NOT NULL DEFAULT '0', \`description\` varchar(127) NOT NULL, \`state\` varchar(24) NOT NULL, \`expiresAt\` datetime(6) NOT NULL, \`prepayId\` varchar(64) NULL, \`prepayExpiresAt\` datetime(6) NULL, \`transactionId\` varchar(32) NULL, \`paidAt\` datetime(6) NULL, \`closedAt\` datetime(6) NULL, \`closeReason\` varchar(16) NULL, \`anomaly\` varchar(32) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_c172773dfbd547efa9395a1086\` (\`outTradeNo\`), INDEX \`IDX_2a96bfe7060e439a00dc01b1be\` (\`memberId\`), INDEX \`IDX_1e72f537ad41a67f86b3f343b9\` (\`state\`, \`createdAt\`), INDEX \`IDX_357abbca92ef319b6bb4875d23\` (\`userId\`, \`createdAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`payment_refunds\` (\`id\` varchar(36) NOT NULL, \`orderId\` varchar(36) NOT NULL, \`refundKey\` varchar(64) NOT NULL, \`outRefundNo\` varchar(64) NOT NULL, \`amountFen\` int NOT NULL, \`reason\` varchar(80) NOT NULL, \`state\` varchar(16) NOT NULL, \`refundId\` varchar(64) NULL, \`submitted\` tinyint NOT NULL DEFAULT 0, \`succeededAt\` datetime(6) NULL, \`requestedBy\` varchar(36) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_fab513e48c978190a88cf5448a\` (\`outRefundNo\`), INDEX \`IDX_76eaaf51c8ece8a26d8681da05\` (\`state\`, \`createdAt\`), UNIQUE INDEX \`IDX_2d64342ab5058b361662f64cb1\` (\`orderId\`, \`refundKey\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`bill_charges\` (\`id\` varchar(36) NOT NULL, \`orderId\` varchar(36) NOT NULL, \`billNo\` varchar(40) NOT NULL, \`activeBillNo\` varchar(40) NULL, \`memberId\` varchar(36) NOT NULL, \`hospitalId\` varchar(16) NOT NULL, \`amountFen\` int NOT NULL, \`snapshot\` text NOT NULL, \`state\` varchar(16) NOT NULL, \`settlementNo\` varchar(40) NULL, \`invoiceCode\` varchar(16) NULL, \`invoiceNumber\` varchar(20) NULL, \`invoiceUrl\` varchar(512) NULL, \`invoiceIssuedAt\` datetime(6) NULL, \`confirmedAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`IDX_f7b3fd9f202a41e12b761cdf02\` (\`orderId\`), UNIQUE INDEX \`IDX_1e2b0e6cce73d1ca90900e1d88\` (\`activeBillNo\`), INDEX \`IDX_91d5c557cb9f61c1006c42de46\` (\`memberId\`, \`createdAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`outbox_messages\` (\`id\` varchar(36) NOT NULL, \`topic\` varchar(64) NOT NULL, \`dedupeKey\` varchar(160) NOT NULL, \`payload\` text NOT NULL, \`state\` varchar(16) NOT NULL, \`attempts\` int NOT NULL DEFAULT '0', \`nextAttemptAt\` datetime(6) NOT NULL, \`lockedUntil\` datetime(6) NULL, \`lastError\` text NULL, \`deliveredAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_79cd53d0d5affdfc50864b2d45\` (\`dedupeKey\`), INDEX \`IDX_e930f58785563ac3fa055bcccd\` (\`state\`, \`nextAttemptAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`IDX_e930f58785563ac3fa055bcccd\` ON \`outbox_messages\``);
    await q.query(`DROP INDEX \`IDX_79cd53d0d5affdfc50864b2d45\` ON \`outbox_messages\``);
    await q.query(`DROP TABLE \`outbox_messages\``);
    await q.query(`DROP INDEX \`IDX_91d5c557cb9f61c1006c42de46\` ON \`bill_charges\``);
    await q.query(`DROP INDEX \`IDX_1e2b0e6cce73d1ca90900e1d88\` ON \`bill_charges\``);
    await q.query(`DROP INDEX \`IDX_f7b3fd9f202a41e12b761cdf02\` ON \`bill_charges\``);
    await q.query(`DROP TABLE \`bill_charges\``);
    await q.query(`DROP INDEX \`IDX_2d64342ab5058b361662f64cb1\` ON \`payment_refunds\``);
    await q.query(`DROP INDEX \`IDX_76eaaf51c8ece8a26d8681da05\` ON \`payment_refunds\``);
    await q.query(`DROP INDEX \`IDX_fab513e48c978190a88cf5448a\` ON \`payment_refunds\``);
    await q.query(`DROP TABLE \`payment_refunds\``);
    await q.query(`DROP INDEX \`IDX_357abbca92ef319b6bb4875d23\` ON \`payment_orders\``);
    await q.query(`DROP INDEX \`IDX_1e72f537ad41a67f86b3f343b9\` ON \`payment_orders\``);
    await q.query(`DROP INDEX \`IDX_2a96bfe7060e439a00dc01b1be\` ON \`payment_orders\``);
    await q.query(`DROP INDEX \`IDX_c172773dfbd547efa9395a1086\` ON \`payment_orders\``);
    await q.query(`DROP TABLE \`payment_orders\``);
  }
}
