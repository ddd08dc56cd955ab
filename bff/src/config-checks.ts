import net from 'node:net';

/**
 * Checks behind the configuration refusals: is an endpoint on this machine (the sandbox), and is a
 * secret strong enough for production. Kept apart from config.ts so each rule has table tests.
 */

/** 127.0.0.0/8 and 0.0.0.0/8 ("this host"), in dotted form. */
function isLoopbackV4(ip: string): boolean {
  const first = Number(ip.split('.')[0]);
  return first === 127 || first === 0;
}

/** Eight 16-bit groups of an IPv6 address (a dotted IPv4 tail becomes two groups), or null. */
function expandV6(ip: string): number[] | null {
  let text = ip;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = text.slice(0, dotted.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const parts = text.split('::');
  if (parts.length > 2) return null;
  const head = parts[0] ? parts[0].split(':') : [];
  const tail = parts.length === 2 && parts[1] ? parts[1].split(':') : [];
  const fill = parts.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < 0) return null;
  const groups = [...head, ...Array<string>(fill).fill('0'), ...tail].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((n) => Number.isInteger(n) && n >= 0 && n <= 0xffff) ? groups : null;
}

/** ::1, ::, and IPv4-mapped (::ffff:127.0.0.1) or IPv4-compatible (::127.0.0.1) loopback. */
function isLoopbackV6(ip: string): boolean {
  const g = expandV6(ip);
  if (!g || !g.slice(0, 5).every((x) => x === 0)) return false;
  if (g[5] === 0 && g[6] === 0 && g[7] <= 1) return true;
  if (g[5] === 0xffff || g[5] === 0) return isLoopbackV4(String(g[6] >> 8));
  return false;
}

/**
 * True when a host name is this machine in any spelling: localhost (any case, trailing dot,
 * *.localhost), 127.x.y.z, 0.0.0.0, ::1, ::, ::ffff:127.0.0.1 … Decimal and hex IPv4 spellings
 * (2130706433, 0x7f000001, 127.1) reach here already normalised by the WHATWG URL parser.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '');
  if (host === '' || host === 'localhost' || host.endsWith('.localhost')) return true;
  const kind = net.isIP(host);
  if (kind === 4) return isLoopbackV4(host);
  if (kind === 6) return isLoopbackV6(host);
  return false;
}

/** The URL's host is this machine (the embedded sandbox). Unparseable URLs count as sandbox. */
export function isLoopbackUrl(u: string): boolean {
  try {
    return isLoopbackHost(new URL(u).hostname);
  } catch {
    return true;
  }
}

/** Production refuses anything that is loopback or not https. */
export function isSandboxEndpoint(u: string): boolean {
  try {
    return new URL(u).protocol !== 'https:' || isLoopbackUrl(u);
  } catch {
    return true;
  }
}

/** Shannon entropy of the symbols' empirical distribution, times the length: an estimate in bits. */
function estimatedBits(symbols: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < symbols.length; i++) counts.set(symbols[i], (counts.get(symbols[i]) ?? 0) + 1);
  let perSymbol = 0;
  for (const c of counts.values()) {
    const p = c / symbols.length;
    perSymbol -= p * Math.log2(p);
  }
  return perSymbol * symbols.length;
}

/** Share of neighbours that repeat or step by one (aaaa…, abcd…, 1234…, 0102…). */
function patternShare(symbols: ArrayLike<number>): number {
  let steps = 0;
  for (let i = 1; i < symbols.length; i++) if (Math.abs(symbols[i] - symbols[i - 1]) <= 1) steps++;
  return symbols.length > 1 ? steps / (symbols.length - 1) : 1;
}

function longestRun(symbols: ArrayLike<number>): number {
  let best = symbols.length ? 1 : 0;
  for (let i = 1, run = 1; i < symbols.length; i++) {
    run = symbols[i] === symbols[i - 1] ? run + 1 : 1;
    best = Math.max(best, run);
  }
  return best;
}

/**
 * Why a secret is too weak for production, or null. Random secrets pass with a wide margin: 32
 * random base64 characters estimate ≈ 140 bits, 32 hex ≈ 110; the floor is 96.
 */
export function weakSecretReason(secret: string): string | null {
  const codes = Array.from(secret, (c) => c.codePointAt(0)!);
  if (new Set(codes).size < 10) return 'uses fewer than 10 distinct characters';
  // 8, not fewer: in a random hex secret of 48–64 characters a run of 6 comes up about once in
  // 20,000 secrets (refusing a good one), a run of 8 about once in 5 million.
  if (longestRun(codes) >= 8) return 'repeats one character 8 or more times in a row';
  if (patternShare(codes) > 0.5) return 'is a keyboard or alphabet sequence';
  if (estimatedBits(codes) < 96) return 'has too little entropy (under 96 bits); use 32+ random bytes';
  return null;
}

/** Why a 32-byte key is too weak, or null: all zero, one repeated byte, a pattern, or too few distinct bytes. */
export function weakKeyReason(key: Buffer): string | null {
  if (key.every((b) => b === 0)) return 'is all zero bytes';
  const distinct = new Set(key).size;
  if (distinct === 1) return 'is one repeated byte';
  // 32 random bytes have ≈ 30 distinct values; fewer than 16 happens with probability < 1e-9.
  if (distinct < 16) return 'has fewer than 16 distinct bytes; use 32 random bytes';
  if (patternShare(key) > 0.5) return 'is a byte sequence, not random';
  return null;
}
