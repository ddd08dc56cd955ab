import jwt from 'jsonwebtoken';
import { AppError } from '../errors';
import { AccessTokens } from './tokens';

const SECRET = 'a-test-secret-of-at-least-32-characters';

function codeOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof AppError ? e.code : `not an AppError: ${String(e)}`;
  }
}

describe('AccessTokens: the verified-token cache', () => {
  it('answers a remembered token with the same claims and refuses it once its exp is reached', () => {
    let now = Date.parse('2026-12-03T08:00:00.400Z');
    const tokens = new AccessTokens(SECRET, 900, () => now);
    const t = tokens.sign({ userId: 'u1', sessionVersion: 3, sessionId: 's1' });
    expect(tokens.verify(t)).toEqual({ userId: 'u1', sessionVersion: 3, sessionId: 's1' });
    expect((tokens as unknown as { verified: Map<string, unknown> }).verified.has(t)).toBe(true);
    now += 899_000;
    // Served from the cache (same claims) until the second of exp.
    expect(tokens.verify(t)).toEqual({ userId: 'u1', sessionVersion: 3, sessionId: 's1' });
    now += 600; // 08:15:00.000: exp is 08:15:00
    expect(codeOf(() => tokens.verify(t))).toBe('TOKEN_EXPIRED');
    // And again: the expired entry is not answered from anywhere else.
    expect(codeOf(() => tokens.verify(t))).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token signed with another key, altered, or not a token, also after a good one was cached', () => {
    const tokens = new AccessTokens(SECRET, 900);
    const good = tokens.sign({ userId: 'u1' });
    expect(tokens.verify(good).userId).toBe('u1');
    const other = new AccessTokens('another-secret-of-at-least-32-chars!!', 900).sign({ userId: 'u1' });
    expect(codeOf(() => tokens.verify(other))).toBe('UNAUTHENTICATED');
    const [h, , sig] = good.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ sv: 0, sub: 'u2', iss: 'healthpocket', exp: 9_999_999_999 })).toString('base64url');
    expect(codeOf(() => tokens.verify(`${h}.${forgedBody}.${sig}`))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => tokens.verify(`${good}x`))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => tokens.verify('nonsense'))).toBe('UNAUTHENTICATED');
  });

  it('does not remember a token without exp (never one of ours), so it is checked every time', () => {
    const tokens = new AccessTokens(SECRET, 900);
    const noExp = jwt.sign({ sv: 0 }, SECRET, { algorithm: 'HS256', subject: 'u1', issuer: 'healthpocket' });
    expect(tokens.verify(noExp).userId).toBe('u1');
    expect((tokens as unknown as { verified: Map<string, unknown> }).verified.has(noExp)).toBe(false);
  });

  it('keeps at most its bound of tokens, dropping the least recently used first', () => {
    const tokens = new AccessTokens(SECRET, 900);
    const cache = (tokens as unknown as { verified: Map<string, unknown> }).verified;
    const first = tokens.sign({ userId: 'first' });
    const second = tokens.sign({ userId: 'second' });
    tokens.verify(first);
    tokens.verify(second);
    for (let i = 0; i < 19_998; i++) cache.set(`filler-${i}`, { claims: { userId: 'x', sessionVersion: 0 }, expMs: Number.MAX_SAFE_INTEGER });
    expect(cache.size).toBe(20_000);
    expect(tokens.verify(first).userId).toBe('first'); // a hit: first is now the most recently used
    tokens.verify(tokens.sign({ userId: 'third' }));
    expect(cache.size).toBe(20_000);
    expect(cache.has(second)).toBe(false);
    expect(cache.has(first)).toBe(true);
  });
});
