import { BlockList, isIP } from 'node:net';
import type Koa from 'koa';

/**
 * TRUST_PROXY: `false` (no proxy: the socket's address is the client), `true` (every hop is trusted,
 * the left-most X-Forwarded-For entry is the client — only when nothing can reach the BFF but the
 * proxy), or a comma-separated list of proxy addresses and CIDRs (`10.0.0.0/8, 127.0.0.1, ::1`).
 */
export type TrustProxy = boolean | string[];

/** Parses TRUST_PROXY; throws naming the first entry that is neither an address nor a CIDR. */
export function parseTrustProxy(raw: string): TrustProxy {
  const v = raw.trim().toLowerCase();
  if (v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const e of entries) if (!parseEntry(e)) throw new Error(`"${e}" is not an IP address or CIDR`);
  return entries;
}

function parseEntry(e: string): { address: string; prefix?: number; type: 'ipv4' | 'ipv6' } | null {
  const [address, prefixText, ...rest] = e.split('/');
  if (rest.length) return null;
  const kind = isIP(address);
  if (!kind) return null;
  const type = kind === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, type };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > (kind === 4 ? 32 : 128)) return null;
  return { address, prefix, type };
}

/** `::ffff:10.0.0.1` is 10.0.0.1: dual-stack sockets report IPv4 clients that way. */
function normalise(addr: string): string {
  const a = addr.trim();
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return m ? m[1] : a;
}

/** Decides which addresses are our proxies, and so which X-Forwarded-For hop is the client. */
export class ClientAddress {
  private readonly list: BlockList | null = null;
  constructor(private readonly trust: TrustProxy) {
    if (Array.isArray(trust)) {
      this.list = new BlockList();
      for (const e of trust) {
        const p = parseEntry(e)!;
        if (p.prefix === undefined) this.list.addAddress(normalise(p.address), p.type);
        else this.list.addSubnet(normalise(p.address), p.prefix, p.type);
      }
    }
  }

  /** Whether X-Forwarded-* headers are read at all. */
  get proxied(): boolean {
    return this.trust !== false;
  }

  private trusted(addr: string): boolean {
    if (this.trust === true) return true;
    if (!this.list) return false;
    const kind = isIP(addr);
    return kind !== 0 && this.list.check(addr, kind === 4 ? 'ipv4' : 'ipv6');
  }

  /**
   * The first untrusted hop, walking from the socket's peer back along X-Forwarded-For (right to
   * left): a client behind our proxy cannot choose its address by adding entries on the left.
   */
  resolve(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined): string {
    let addr = normalise(remoteAddress ?? '');
    if (!this.proxied || !forwardedFor) return addr;
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
    const hops = header.split(',').map(normalise).filter(Boolean);
    if (this.trust === true) return hops[0] ?? addr;
    while (hops.length && this.trusted(addr)) addr = hops.pop()!;
    return addr.slice(0, 64);
  }

  /** Koa middleware: `ctx.ip` (rate limits, logs) is the resolved client address. */
  middleware(): Koa.Middleware {
    return async (ctx, next) => {
      ctx.request.ip = this.resolve(ctx.req.socket.remoteAddress, ctx.req.headers['x-forwarded-for']);
      await next();
    };
  }
}
