import type { DataSource } from 'typeorm';
import type { Tx } from '../../db/data-source';
import { intervalJob } from '../../jobs';
import type { Logger } from '../../logger';
import type { ChatBodies } from './chat-bodies';
import type { ChatSearch } from './chat-search';
import { ChatMessage, ChatSearchToken, Conversation } from './entities';

const BACKFILL_BATCH = 200;

/**
 * Makes messages stored before the search index existed searchable (issue 13 §6): finds resident
 * and staff text messages that have no token yet, oldest id first, a batch at a time, and writes
 * their tokens in one transaction per batch.
 *
 * - Idempotent: a message that has tokens is not selected again, and a token row that already
 *   exists is left alone (INSERT … IGNORE on the primary key messageId + token).
 * - Resumable: nothing is kept between runs but the index itself; a run stopped mid-way leaves
 *   whole batches written, and the next run continues with what is still missing.
 * - Bounded: a run walks forward by message id (keyset), so a message whose text has no letter or
 *   digit (no token can be written: "？？") is passed over once per run, never looped on.
 */
export class ChatSearchBackfill {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly search: ChatSearch,
    private readonly bodies: ChatBodies,
    private readonly batch = BACKFILL_BATCH,
  ) {}

  /** One batch after message id `after` (exclusive): how many messages it looked at and indexed, and where it stopped. */
  async runBatch(after = ''): Promise<{ scanned: number; indexed: number; last: string | null }> {
    const rows: Array<{ id: string; conversationId: string; text: string | null; teamId: string }> = await this.ds
      .getRepository(ChatMessage)
      .createQueryBuilder('m')
      .innerJoin(Conversation, 'c', 'c.id = m.conversationId')
      .select(['m.id AS id', 'm.conversationId AS conversationId', 'm.text AS text', 'c.teamId AS teamId'])
      .where("m.kind = 'text'")
      .andWhere("m.senderRole <> 'system'")
      .andWhere('m.text IS NOT NULL')
      .andWhere('m.id > :after', { after })
      .andWhere((qb) => `NOT EXISTS ${qb.subQuery().select('1').from(ChatSearchToken, 't').where('t.messageId = m.id').getQuery()}`)
      .orderBy('m.id', 'ASC')
      .limit(this.batch)
      .getRawMany();
    let indexed = 0;
    await this.tx.run(async (em) => {
      for (const r of rows) {
        const text = this.bodies.open(r.text);
        const tokens = text ? this.search.tokens(text) : [];
        if (tokens.length === 0) continue;
        const values = tokens.map((token) => ({ messageId: r.id, token, conversationId: r.conversationId, teamId: r.teamId }));
        for (let i = 0; i < values.length; i += 100)
          await em
            .createQueryBuilder()
            .insert()
            .into(ChatSearchToken)
            .values(values.slice(i, i + 100))
            .orIgnore()
            .execute();
        indexed++;
      }
    });
    return { scanned: rows.length, indexed, last: rows.at(-1)?.id ?? null };
  }

  /** Batches until none is left; returns the totals. */
  async run(): Promise<{ scanned: number; indexed: number; batches: number }> {
    const total = { scanned: 0, indexed: 0, batches: 0 };
    let after = '';
    for (;;) {
      const b = await this.runBatch(after);
      total.scanned += b.scanned;
      total.indexed += b.indexed;
      if (b.scanned > 0) total.batches++;
      if (b.scanned < this.batch || !b.last) return total;
      after = b.last;
    }
  }

  /** `CHAT_SEARCH_BACKFILL_MS` (default hourly; 0 turns it off): a run that finds nothing missing is one indexed query. */
  job(everyMs: number, logger: Logger) {
    return intervalJob(
      'chat-search-backfill',
      everyMs,
      async () => {
        const r = await this.run();
        if (r.indexed > 0) logger.info({ job: 'chat-search-backfill', ...r }, 'chat messages indexed for search');
      },
      logger,
    );
  }
}
