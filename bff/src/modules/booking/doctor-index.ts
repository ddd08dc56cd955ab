import { createHash } from 'node:crypto';
import { In, Not, type DataSource } from 'typeorm';
import type { Tx } from '../../db/data-source';
import type { Logger } from '../../logger';
import { DoctorIndexRow } from './entities';
import type { HisClient, HisDoctor } from './his-client';

/**
 * Doctor search by what they treat, in the database's own full-text index.
 *
 * MySQL's ngram parser (https://dev.mysql.com/doc/refman/8.4/en/fulltext-search-ngram.html) is not
 * in MariaDB (`WITH PARSER ngram` → "Function 'ngram' is not defined" on 10.11), so the BFF does the
 * parser's work: `searchText` holds the text's bigrams (ngram_token_size 2), each written with a
 * `_` so that it passes InnoDB's innodb_ft_min_token_size (3), and the default parser's FULLTEXT
 * index serves both servers. A query is its bigrams, all required (`+高血_ +血压_` IN BOOLEAN MODE),
 * then checked against the text itself, so the answer is the substring match the resident meant.
 * SQLite uses FTS5 with the trigram tokenizer (https://www.sqlite.org/fts5.html#the_trigram_tokenizer).
 */
export class DoctorIndex {
  private syncing: Promise<number> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly his: HisClient,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Reads every hospital's doctors from the HIS and brings the index in step (single-flight). */
  sync(): Promise<number> {
    this.syncing ??= this.syncOnce().finally(() => (this.syncing = null));
    return this.syncing;
  }

  private async syncOnce(): Promise<number> {
    const doctors: HisDoctor[] = [];
    for (const h of await this.his.hospitals()) {
      for (const d of await this.his.departments(h.id)) doctors.push(...(await this.his.doctors(d.id)));
    }
    const now = this.clock();
    const existing = new Map((await this.ds.getRepository(DoctorIndexRow).find({ select: { id: true, digest: true } })).map((r) => [r.id, r.digest]));
    let changed = 0;
    await this.tx.run(async (m) => {
      const repo = m.getRepository(DoctorIndexRow);
      for (const d of doctors) {
        const body = bodyOf(d);
        const digest = createHash('sha256').update(JSON.stringify(d)).digest('hex');
        if (existing.get(d.id) === digest) continue;
        await repo.save({ id: d.id, hospitalId: d.hospitalId, departmentId: d.departmentId, name: d.name, body, searchText: bigramTokens(body), doctor: { ...d }, digest, syncedAt: now });
        if (this.tx.dialect === 'sqlite') {
          await m.query('DELETE FROM doctor_fts WHERE doctorId = ?', [d.id]);
          await m.query('INSERT INTO doctor_fts (doctorId, body) VALUES (?, ?)', [d.id, body]);
        }
        changed++;
      }
      // Doctors the HIS no longer lists leave the index.
      const ids = doctors.map((d) => d.id);
      const gone = ids.length ? await repo.find({ where: { id: Not(In(ids)) }, select: { id: true } }) : [];
      for (const g of gone) {
        await repo.delete({ id: g.id });
        if (this.tx.dialect === 'sqlite') await m.query('DELETE FROM doctor_fts WHERE doctorId = ?', [g.id]);
        changed++;
      }
    });
    if (changed) this.logger.info({ changed, doctors: doctors.length }, 'doctor index synced from the HIS');
    return changed;
  }

  /** Doctors whose name, department, specialty or intro contains `q`; null when the index is empty (not synced yet). */
  async search(q: string, hospitalId?: string, limit = 50): Promise<HisDoctor[] | null> {
    const repo = this.ds.getRepository(DoctorIndexRow);
    if ((await repo.count({ take: 1 })) === 0) return null;
    const text = normalise(q);
    if (!text) return [];
    let rows: DoctorIndexRow[];
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    if (this.tx.dialect === 'mysql') {
      const tokens = bigramTokens(text).split(' ').filter(Boolean);
      const qb = repo.createQueryBuilder('d');
      if (tokens.length > 0) {
        qb.where('MATCH(d.searchText) AGAINST (:against IN BOOLEAN MODE)', { against: tokens.map((t) => `+${t}`).join(' ') });
      } else {
        qb.where('1 = 1');
      }
      qb.andWhere("d.body LIKE :like ESCAPE '\\\\'", { like });
      if (hospitalId) qb.andWhere('d.hospitalId = :h', { h: hospitalId });
      rows = await qb.orderBy('d.id').take(limit).getMany();
    } else {
      const hits: Array<{ doctorId: string }> =
        [...text].length >= 3
          ? await this.ds.query('SELECT doctorId FROM doctor_fts WHERE doctor_fts MATCH ? LIMIT 500', [`"${text.replace(/"/g, '""')}"`])
          : await this.ds.query("SELECT doctorId FROM doctor_fts WHERE body LIKE ? ESCAPE '\\' LIMIT 500", [like]);
      const ids = hits.map((h) => h.doctorId);
      rows = ids.length ? await repo.find({ where: { id: In(ids), ...(hospitalId ? { hospitalId } : {}) }, order: { id: 'ASC' }, take: limit }) : [];
    }
    // Name matches first, then the rest in id order.
    return rows.sort((a, b) => Number(b.name.includes(text)) - Number(a.name.includes(text))).map((r) => r.doctor as unknown as HisDoctor);
  }
}

function bodyOf(d: HisDoctor): string {
  return normalise([d.name, d.title, d.hospitalName, d.departmentName, d.specialty, d.intro].join(' '));
}

/** Lower case, full-width to half-width, runs of space to one. */
function normalise(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The bigrams of every run of letters and digits (CJK or not), each suffixed with `_`: what
 * MySQL's ngram parser (token size 2) would index, in a form the default parser keeps.
 */
export function bigramTokens(text: string): string {
  const out = new Set<string>();
  for (const run of normalise(text).split(/[^\p{L}\p{N}]+/u)) {
    const chars = [...run];
    if (chars.length === 1) continue; // single characters are matched by LIKE
    for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}_`);
  }
  return [...out].join(' ');
}
