import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyLease1796229316946 implements MigrationInterface {
  name = 'IdempotencyLease1796229316946';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`idempotency_keys\` ADD \`leaseOwner\` varchar(64) NULL`);
    await q.query(`ALTER TABLE \`idempotency_keys\` ADD \`leaseExpiresAt\` datetime(6) NULL`);
    await q.query(`ALTER TABLE \`idempotency_keys\` ADD \`attempt\` int NOT NULL DEFAULT '1'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`idempotency_keys\` DROP COLUMN \`attempt\``);
    await q.query(`ALTER TABLE \`idempotency_keys\` DROP COLUMN \`leaseExpiresAt\``);
    await q.query(`ALTER TABLE \`idempotency_keys\` DROP COLUMN \`leaseOwner\``);
  }
}
