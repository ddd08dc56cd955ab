import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Doctor1795364288844 implements MigrationInterface {
  name = 'Doctor1795364288844';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`chat_conversations\` (\`id\` varchar(36) NOT NULL, \`memberId\` varchar(36) NOT NULL, \`ownerUserId\` varchar(36) NOT NULL, \`teamId\` varchar(16) NOT NULL, \`doctorId\` varchar(64) NOT NULL, \`memberName\` varchar(64) NOT NULL, \`recordNumber\` varchar(17) NULL, \`lastSeq\` int NOT NULL DEFAULT '0', \`residentReadSeq\` int NOT NULL DEFAULT '0', \`teamReadSeq\` int NOT NULL DEFAULT '0', \`status\` varchar(16) NOT NULL DEFAULT 'open', \`lastMessageAt\` datetime(6) NULL, \`lastMessagePreview\` text NULL, \`waitingSince\` datetime(6) NULL, \`notifiedAt\` datetime(6) NULL, \`autoRepliedAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`IDX_8e10c4444e50c8714fdc7cf436\` (\`ownerUserId\`), INDEX \`IDX_10ca91b89115ffe107b4e48e72\` (\`teamId\`), UNIQUE INDEX \`IDX_27ed103bd43e1284cf718d65c4\` (\`memberId\`, \`teamId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`chat_messages\` (\`id\` varchar(36) NOT NULL, \`conversationId\` varchar(36) NOT NULL, \`seq\` int NOT NULL, \`senderUserId\` varchar(36) NOT NULL, \`senderRole\` varchar(16) NOT NULL, \`senderName\` varchar(64) NOT NULL, \`clientId\` varchar(64) NOT NULL, \`kind\` varchar(16) NOT NULL, \`text\` text NULL, \`imageId\` varchar(36) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_56439172b0be49a502fd81edfa\` (\`conversationId\`, \`senderUserId\`, \`clientId\`), UNIQUE INDEX \`IDX_e30befb4f5626d8239f1268b4c\` (\`conversationId\`, \`seq\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`chat_images\` (\`id\` varchar(36) NOT NULL, \`conversationId\` varchar(36) NOT NULL, \`uploaderUserId\` varchar(36) NOT NULL, \`mime\` varchar(32) NOT NULL, \`bytes\` int NOT NULL, \`width\` int NOT NULL, \`height\` int NOT NULL, \`sha256\` varchar(64) NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_f09982e6bcfe78972a516efbc9\` (\`conversationId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`health_readings\` (\`id\` varchar(36) NOT NULL, \`memberId\` varchar(36) NOT NULL, \`ownerUserId\` varchar(36) NOT NULL, \`kind\` varchar(16) NOT NULL, \`values\` text NOT NULL, \`source\` varchar(16) NOT NULL, \`deviceId\` varchar(36) NULL, \`externalId\` varchar(64) NULL, \`category\` varchar(16) NOT NULL, \`reason\` varchar(128) NULL, \`measuredAt\` datetime(6) NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_0b373f334f4d1da63f5832fc7d\` (\`ownerUserId\`), UNIQUE INDEX \`IDX_09a8cd29038301b3f935121441\` (\`deviceId\`, \`externalId\`), INDEX \`IDX_02f28971932db9dd46c65e4b83\` (\`memberId\`, \`measuredAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`health_devices\` (\`id\` varchar(36) NOT NULL, \`memberId\` varchar(36) NOT NULL, \`ownerUserId\` varchar(36) NOT NULL, \`name\` varchar(64) NOT NULL, \`kind\` varchar(16) NOT NULL, \`secretHash\` varchar(64) NOT NULL, \`lastSeenAt\` datetime(6) NULL, \`revokedAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_2e66103bf9893417d50d3d9a1d\` (\`memberId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`health_alerts\` (\`id\` varchar(36) NOT NULL, \`readingId\` varchar(36) NOT NULL, \`memberId\` varchar(36) NOT NULL, \`ownerUserId\` varchar(36) NOT NULL, \`memberName\` varchar(64) NOT NULL, \`teamId\` varchar(16) NOT NULL, \`conversationId\` varchar(36) NULL, \`reason\` varchar(128) NOT NULL, \`status\` varchar(16) NOT NULL DEFAULT 'open', \`acknowledgedAt\` datetime(6) NULL, \`acknowledgedBy\` varchar(36) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_49ca74be7f10358cde9b0965f5\` (\`readingId\`), INDEX \`IDX_8d10909c48a026b48665d8553d\` (\`teamId\`, \`status\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`contract_applications\` (\`id\` varchar(36) NOT NULL, \`memberId\` varchar(36) NOT NULL, \`ownerUserId\` varchar(36) NOT NULL, \`teamId\` varchar(16) NOT NULL, \`status\` varchar(16) NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`IDX_e0a5f913bc12847e9855865aa1\` (\`memberId\`), INDEX \`IDX_baa95a8062e0f24cd31ccae313\` (\`ownerUserId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`doctor_settings\` (\`doctorId\` varchar(64) NOT NULL, \`hours\` text NOT NULL, \`autoReply\` text NOT NULL, \`quickReplies\` text NOT NULL, \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (\`doctorId\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`doctor_settings\``);
    await q.query(`DROP INDEX \`IDX_baa95a8062e0f24cd31ccae313\` ON \`contract_applications\``);
    await q.query(`DROP INDEX \`IDX_e0a5f913bc12847e9855865aa1\` ON \`contract_applications\``);
    await q.query(`DROP TABLE \`contract_applications\``);
    await q.query(`DROP INDEX \`IDX_8d10909c48a026b48665d8553d\` ON \`health_alerts\``);
    await q.query(`DROP INDEX \`IDX_49ca74be7f10358cde9b0965f5\` ON \`health_alerts\``);
    await q.query(`DROP TABLE \`health_alerts\``);
    await q.query(`DROP INDEX \`IDX_2e66103bf9893417d50d3d9a1d\` ON \`health_devices\``);
    await q.query(`DROP TABLE \`health_devices\``);
    await q.query(`DROP INDEX \`IDX_02f28971932db9dd46c65e4b83\` ON \`health_readings\``);
    await q.query(`DROP INDEX \`IDX_09a8cd29038301b3f935121441\` ON \`health_readings\``);
    await q.query(`DROP INDEX \`IDX_0b373f334f4d1da63f5832fc7d\` ON \`health_readings\``);
    await q.query(`DROP TABLE \`health_readings\``);
    await q.query(`DROP INDEX \`IDX_f09982e6bcfe78972a516efbc9\` ON \`chat_images\``);
    await q.query(`DROP TABLE \`chat_images\``);
    await q.query(`DROP INDEX \`IDX_e30befb4f5626d8239f1268b4c\` ON \`chat_messages\``);
    await q.query(`DROP INDEX \`IDX_56439172b0be49a502fd81edfa\` ON \`chat_messages\``);
    await q.query(`DROP TABLE \`chat_messages\``);
    await q.query(`DROP INDEX \`IDX_27ed103bd43e1284cf718d65c4\` ON \`chat_conversations\``);
    await q.query(`DROP INDEX \`IDX_10ca91b89115ffe107b4e48e72\` ON \`chat_conversations\``);
    await q.query(`DROP INDEX \`IDX_8e10c4444e50c8714fdc7cf436\` ON \`chat_conversations\``);
    await q.query(`DROP TABLE \`chat_conversations\``);
  }
}
