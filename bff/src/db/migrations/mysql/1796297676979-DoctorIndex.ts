import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DoctorIndex1796297676979 implements MigrationInterface {
  name = 'DoctorIndex1796297676979';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`doctor_index\` (\`id\` varchar(24) NOT NULL, \`hospitalId\` varchar(16) NOT NULL, \`departmentId\` varchar(24) NOT NULL, \`name\` varchar(32) NOT NULL, \`body\` text NOT NULL, \`searchText\` text NOT NULL, \`doctor\` text NOT NULL, \`digest\` varchar(64) NOT NULL, \`syncedAt\` datetime(6) NOT NULL, INDEX \`IDX_cbc77d69cb252a7536ece5df73\` (\`hospitalId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    // Hand-written: the FULLTEXT index over the bigram tokens (doctor-index.ts). MariaDB has no ngram
    // parser, so the BFF writes the bigrams itself and the default parser indexes them on both servers.
    await q.query(`CREATE FULLTEXT INDEX \`ft_doctor_index_search\` ON \`doctor_index\` (\`searchText\`)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`ft_doctor_index_search\` ON \`doctor_index\``);
    await q.query(`DROP INDEX \`IDX_cbc77d69cb252a7536ece5df73\` ON \`doctor_index\``);
    await q.query(`DROP TABLE \`doctor_index\``);
  }
}
