import { In, type DataSource, type EntityManager } from 'typeorm';
import type { ChatSearchResult } from '@healthpocket/shared-types';
import type { FieldCrypto } from '../../crypto/field-crypto';
import { errors } from '../../errors';
import { ChatMessage, ChatSearchToken, Conversation } from './entities';
import type { ChatBodies } from './chat-bodies';
import { chinaIso } from './presenters';

/** Messages whose tokens all match, looked at per search (newest first); each is opened to confirm. */
const CANDIDATES = 200;
const HITS = 30;

const normalise = (text: string) => text.normalize('NFKC').toLowerCase();

/**
 * The search grams of a text: each run of letters or digits (Chinese characters are letters) gives
 * its overlapping character pairs — 血压偏高 → 血压 压偏 偏高 — and a run of one character gives
 * itself. A query's grams are a subset of the grams of every text that contains it.
 */
function searchGrams(text: string): string[] {
  const grams = new Set<string>();
  for (const run of normalise(text).split(/[^\p{L}\p{N}]+/u)) {
    const chars = [...run];
    if (chars.length === 1) grams.add(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
  }
  return [...grams];
}

/**
 * Search across a team's conversations while chat text stays encrypted at rest (chat-bodies.ts).
 * Each stored message also writes its grams as keyed tokens — HMAC-SHA256 under the field hash key
 * (domain "chat-search|"), cut to 128 bits — so the database holds no readable word. A search
 * turns the query into the same tokens, finds the messages of the caller's teams that have all of
 * them, opens those and keeps the ones whose text really contains the query (a bigram match alone
 * may be a false positive). What the index does reveal to someone with the database: which
 * messages share a gram, and how often grams occur.
 */
export class ChatSearch {
  constructor(
    private readonly ds: DataSource,
    private readonly crypto: FieldCrypto,
    private readonly bodies: ChatBodies,
  ) {}

  tokens(text: string): string[] {
    return searchGrams(text).map((g) => this.crypto.hash(`chat-search|${g}`).slice(0, 32));
  }

  /** Writes a message's tokens (in the transaction that stores the message). */
  async index(em: EntityManager, m: { id: string; conversationId: string; text: string }, teamId: string): Promise<void> {
    const rows = this.tokens(m.text).map((token) => ({ messageId: m.id, token, conversationId: m.conversationId, teamId }));
    for (let i = 0; i < rows.length; i += 100) await em.getRepository(ChatSearchToken).insert(rows.slice(i, i + 100));
  }

  async search(teamIds: string[], q: string): Promise<ChatSearchResult> {
    const tokens = [...new Set(this.tokens(q))];
    if (tokens.length === 0) throw errors.badInput([{ path: 'q', message: '请输入文字或数字' }], '请输入要搜索的文字或数字');
    if (teamIds.length === 0) return { items: [], truncated: false };
    const rows: Array<{ messageId: string }> = await this.ds
      .getRepository(ChatSearchToken)
      .createQueryBuilder('t')
      .innerJoin(ChatMessage, 'm', 'm.id = t.messageId')
      .select('t.messageId', 'messageId')
      .where('t.teamId IN (:...teamIds)', { teamIds })
      .andWhere('t.token IN (:...tokens)', { tokens })
      .groupBy('t.messageId')
      .having('COUNT(*) = :n', { n: tokens.length })
      .orderBy('MAX(m.createdAt)', 'DESC')
      .limit(CANDIDATES)
      .getRawMany();
    if (rows.length === 0) return { items: [], truncated: false };
    const messages = await this.ds.getRepository(ChatMessage).find({ where: { id: In(rows.map((r) => r.messageId)) }, order: { createdAt: 'DESC' } });
    const convs = new Map((await this.ds.getRepository(Conversation).findBy({ id: In([...new Set(messages.map((m) => m.conversationId))]) })).map((c) => [c.id, c]));
    const needle = normalise(q);
    const items: ChatSearchResult['items'] = [];
    for (const m of messages) {
      const conv = convs.get(m.conversationId);
      const text = this.bodies.open(m.text);
      if (!conv || !teamIds.includes(conv.teamId) || !text) continue;
      const at = normalise(text).indexOf(needle);
      if (at < 0) continue;
      items.push({
        conversationId: conv.id,
        memberName: conv.memberName,
        teamId: conv.teamId,
        messageId: m.id,
        seq: m.seq,
        senderRole: m.senderRole,
        senderName: m.senderName,
        snippet: snippet(text, at, needle.length),
        at: chinaIso(m.createdAt),
      });
      if (items.length === HITS) break;
    }
    return { items, truncated: rows.length === CANDIDATES || items.length === HITS };
  }
}

function snippet(text: string, at: number, len: number): string {
  const from = Math.max(0, at - 30);
  const to = Math.min(text.length, at + len + 40);
  return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
}
