import type { DataSource } from 'typeorm';
import { errors } from '../../errors';

/**
 * One page of the team inbox, ranked by
 *   1. an open (unacknowledged) urgent alert on the conversation,
 *   2. waiting longest first (conversations nobody waits on come after every waiting one),
 *   3. most recent message first (conversations without messages last),
 *   4. id, so the order is total and a keyset cursor never skips or repeats a row.
 * The cursor carries the last row's key, with the times exactly as the database stores them
 * (SQLite: its text; MariaDB/MySQL: microseconds), so "after the cursor" is exact on both.
 */
interface InboxCursor {
  a: 0 | 1;
  w: string | null;
  l: string | null;
  id: string;
}

function encodeInboxCursor(c: InboxCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeInboxCursor(raw: string | undefined): InboxCursor | null {
  if (!raw) return null;
  const bad = () => errors.badInput([{ path: 'cursor', message: '分页参数无效' }], '分页参数无效，请刷新后重试');
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const o = c as Partial<InboxCursor> | null;
  const timeOk = (v: unknown) => v === null || (typeof v === 'string' && /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d{1,6})?$/.test(v));
  if (!o || (o.a !== 0 && o.a !== 1) || !timeOk(o.w) || !timeOk(o.l) || typeof o.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(o.id)) throw bad();
  return { a: o.a, w: o.w ?? null, l: o.l ?? null, id: o.id };
}

interface Key {
  expr: string;
  dir: 'ASC' | 'DESC';
  value: string | number;
}

/** The conversation ids of one page, in rank order, and the cursor of the next page (null on the last). */
export async function inboxPage(ds: DataSource, q: { teams: string[]; status: 'open' | 'resolved' | 'all'; cursor?: string; limit: number }): Promise<{ ids: string[]; nextCursor: string | null }> {
  const cursor = decodeInboxCursor(q.cursor);
  const sqlite = ds.options.type === 'better-sqlite3';
  const asText = (col: string) => (sqlite ? `(${col} || '')` : `DATE_FORMAT(${col}, '%Y-%m-%d %H:%i:%s.%f')`);
  const alertExpr = "(CASE WHEN EXISTS (SELECT 1 FROM health_alerts ha WHERE ha.conversationId = c.id AND ha.status = 'open') THEN 1 ELSE 0 END)";
  const waitNull = '(CASE WHEN c.waitingSince IS NULL THEN 1 ELSE 0 END)';
  const lastNull = '(CASE WHEN c.lastMessageAt IS NULL THEN 1 ELSE 0 END)';

  const params: unknown[] = [...q.teams];
  const where = [`c.teamId IN (${q.teams.map(() => '?').join(', ')})`];
  if (q.status !== 'all') {
    where.push('c.status = ?');
    params.push(q.status);
  }
  if (cursor) {
    // Keys after the cursor row; a null time on the cursor row means its group has only nulls there.
    const keys: Key[] = [
      { expr: alertExpr, dir: 'DESC', value: cursor.a },
      { expr: waitNull, dir: 'ASC', value: cursor.w === null ? 1 : 0 },
      ...(cursor.w !== null ? [{ expr: 'c.waitingSince', dir: 'ASC' as const, value: cursor.w }] : []),
      { expr: lastNull, dir: 'ASC', value: cursor.l === null ? 1 : 0 },
      ...(cursor.l !== null ? [{ expr: 'c.lastMessageAt', dir: 'DESC' as const, value: cursor.l }] : []),
      { expr: 'c.id', dir: 'ASC', value: cursor.id },
    ];
    const ors: string[] = [];
    keys.forEach((k, i) => {
      const ands = keys.slice(0, i).map((e) => {
        params.push(e.value);
        return `${e.expr} = ?`;
      });
      params.push(k.value);
      ors.push(`(${[...ands, `${k.expr} ${k.dir === 'ASC' ? '>' : '<'} ?`].join(' AND ')})`);
    });
    where.push(`(${ors.join(' OR ')})`);
  }
  const limit = Math.max(1, Math.min(100, Math.floor(q.limit)));
  const rows: Array<{ id: string; a: number | string; w: string | null; l: string | null }> = await ds.query(
    `SELECT c.id AS id, ${alertExpr} AS a, ${asText('c.waitingSince')} AS w, ${asText('c.lastMessageAt')} AS l
       FROM chat_conversations c
      WHERE ${where.join(' AND ')}
      ORDER BY ${alertExpr} DESC, ${waitNull} ASC, c.waitingSince ASC, ${lastNull} ASC, c.lastMessageAt DESC, c.id ASC
      LIMIT ${limit + 1}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodeInboxCursor({ a: Number(last.a) ? 1 : 0, w: last.w ?? null, l: last.l ?? null, id: last.id }) : null;
  return { ids: page.map((r) => r.id), nextCursor };
}
