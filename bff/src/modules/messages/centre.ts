import { In, IsNull, LessThan, type DataSource, type EntityManager } from 'typeorm';
import {
  MESSAGE_BODY_MAX,
  MESSAGE_RETENTION_DAYS,
  MESSAGE_TITLE_MAX,
  type MarkReadBody,
  type MarkReadResult,
  type MessageCategory,
  type NoticeList,
  type NoticeView,
  toChinaIso,
} from '@healthpocket/shared-types';
import { newId } from '../../db/columns';
import { errors } from '../../errors';

import { Message } from './entity';
import type { Note, Notices } from './port';

const cut = (s: string, n: number) => ([...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s);

export interface ListQuery {
  category?: MessageCategory;
  unread?: 'true' | 'false';
  cursor?: string;
  limit: number;
}

/** The 消息中心: notices posted by every sender, and the resident's own list, count and read state. */
export class MessageCentre implements Notices {
  /** Movable in tests (message times and the retention cut-off follow it). */
  clock: () => Date = () => new Date();

  constructor(private readonly ds: DataSource) {}

  async post(userId: string, note: Note, m?: EntityManager): Promise<void> {
    const row: Message = {
      id: newId(),
      userId,
      category: note.category,
      title: cut(note.title, MESSAGE_TITLE_MAX),
      body: cut(note.body, MESSAGE_BODY_MAX),
      link: note.link ? note.link.slice(0, 255) : null,
      memberId: note.memberId ?? null,
      dedupeKey: note.dedupeKey.slice(0, 128),
      readAt: null,
      createdAt: new Date(this.clock().getTime()),
    };
    // The unique (userId, dedupeKey) makes a repeat a no-op, even when two runs race.
    await (m ?? this.ds.manager).createQueryBuilder().insert().into(Message).values(row).orIgnore().execute();
  }

  async list(userId: string, q: ListQuery): Promise<NoticeList> {
    const qb = this.ds.getRepository(Message).createQueryBuilder('m').where('m.userId = :userId', { userId });
    if (q.category) qb.andWhere('m.category = :category', { category: q.category });
    if (q.unread === 'true') qb.andWhere('m.readAt IS NULL');
    if (q.cursor) {
      const [ms, id] = splitCursor(q.cursor);
      qb.andWhere('(m.createdAt < :at OR (m.createdAt = :at AND m.id < :id))', { at: new Date(ms), id });
    }
    const rows = await qb
      .orderBy('m.createdAt', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .take(q.limit + 1)
      .getMany();
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return { items: page.map(view), nextCursor: rows.length > q.limit && last ? `${last.createdAt.getTime()}_${last.id}` : null, unread: await this.unreadCount(userId) };
  }

  unreadCount(userId: string): Promise<number> {
    return this.ds.getRepository(Message).countBy({ userId, readAt: IsNull() });
  }

  /** Marks the caller's messages read. An id that is not the caller's (or no longer exists) is a 404 and nothing changes. */
  async markRead(userId: string, body: MarkReadBody): Promise<MarkReadResult> {
    const repo = this.ds.getRepository(Message);
    const readAt = this.clock();
    let updated: number;
    if ('ids' in body) {
      const ids = [...new Set(body.ids)];
      const mine = await repo.count({ where: { userId, id: In(ids) } });
      if (mine !== ids.length) throw errors.of('MESSAGE_NOT_FOUND');
      updated = (await repo.update({ userId, id: In(ids), readAt: IsNull() }, { readAt })).affected ?? 0;
    } else {
      const qb = repo.createQueryBuilder().update(Message).set({ readAt }).where('userId = :userId AND readAt IS NULL', { userId });
      if (body.upTo) {
        const top = await repo.findOneBy({ userId, id: body.upTo });
        if (!top) throw errors.of('MESSAGE_NOT_FOUND');
        qb.andWhere('(createdAt < :at OR (createdAt = :at AND id <= :id))', { at: top.createdAt, id: top.id });
      }
      updated = (await qb.execute()).affected ?? 0;
    }
    return { updated, unread: await this.unreadCount(userId) };
  }

  /** Deletes messages older than the retention period, in batches; returns how many went. */
  async prune(now: Date = this.clock(), batch = 500): Promise<number> {
    const cutoff = new Date(now.getTime() - MESSAGE_RETENTION_DAYS * 86_400_000);
    const repo = this.ds.getRepository(Message);
    let pruned = 0;
    for (;;) {
      const old = await repo.find({ where: { createdAt: LessThan(cutoff) }, select: { id: true }, take: batch });
      if (!old.length) return pruned;
      pruned += (await repo.delete({ id: In(old.map((r) => r.id)) })).affected ?? old.length;
      if (old.length < batch) return pruned;
    }
  }
}

function splitCursor(c: string): [number, string] {
  const i = c.indexOf('_');
  return [Number(c.slice(0, i)), c.slice(i + 1)];
}

function view(m: Message): NoticeView {
  return { id: m.id, category: m.category, title: m.title, body: m.body, link: m.link, memberId: m.memberId, read: m.readAt !== null, createdAt: toChinaIso(m.createdAt) };
}
