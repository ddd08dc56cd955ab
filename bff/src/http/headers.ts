import type { IncomingMessage, ServerResponse } from 'node:http';
import type Koa from 'koa';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Browser-facing security headers (helmet) and the caching rule for personal data.
 *
 * The Content-Security-Policy is the one the H5 build passes in Chromium (checked by the e2e
 * suite): scripts only from our origin plus the exact inline scripts of the built index.html
 * (by hash), inline styles allowed (Taro's H5 components and React
 * set `style` attributes), images from our origin, data: and blob: (chat previews), connections
 * to our origin (HTTP and the realtime WebSocket), to blob: (uploads of a chosen image) and, in the
 * embedded default only, the sandbox
 * (the H5 app mints sandbox login codes there). Nobody may frame the app.
 */
export type SecurityHeaderOptions = { production: boolean; sandboxPublicUrl?: string; scriptHashes?: string[] };

export function helmetOptions(opts: SecurityHeaderOptions): HelmetOptions {
  const sandbox = opts.sandboxPublicUrl ? [new URL(opts.sandboxPublicUrl).origin] : [];
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", ...(opts.scriptHashes ?? [])],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:', ...sandbox],
        'font-src': ["'self'", 'data:'],
        // blob: — Taro's H5 uploadFile reads the chosen image (a blob: URL) with XHR.
        'connect-src': ["'self'", 'blob:', ...sandbox],
        'media-src': ["'self'", 'blob:'],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        // Over plain http (the embedded default on loopback) upgrading would break every request.
        ...(opts.production ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  };
}

/**
 * What helmet does to a response with these options, recorded once: every directive here is a
 * constant (no per-request nonce), so the header set is the same for every request and is replayed
 * instead of running helmet's dozen middlewares and re-serialising the CSP each time.
 */
export function helmetHeaderSet(options: HelmetOptions): { set: Array<[string, string]>; removed: string[] } {
  const set: Array<[string, string]> = [];
  const removed: string[] = [];
  const res = {
    setHeader: (name: string, value: string | number | string[]) => void set.push([name, String(value)]),
    removeHeader: (name: string) => void removed.push(name),
  } as unknown as ServerResponse;
  let done = false;
  helmet(options)({} as IncomingMessage, res, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  // helmet's middlewares are synchronous; a future asynchronous one would be missed, so refuse to start.
  if (!done) throw new Error('helmet did not finish synchronously: its headers cannot be precomputed');
  return { set, removed };
}

export function securityHeaders(opts: SecurityHeaderOptions): Koa.Middleware {
  const { set, removed } = helmetHeaderSet(helmetOptions(opts));
  return async (ctx, next) => {
    const res = ctx.res;
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    await next();
  };
}

/** Features the app never uses, refused for the page and anything it might embed. */
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
  'interest-cohort=()',
].join(', ');

export function permissionsPolicy(): Koa.Middleware {
  return async (ctx, next) => {
    ctx.set('Permissions-Policy', PERMISSIONS_POLICY);
    await next();
  };
}

/**
 * `Cache-Control: no-store` on every /api/ answer and every answer to a request carrying
 * Authorization, so no browser, proxy or CDN keeps personal
 * data. The one exception is an answer the route itself marks `public` (content images, which are
 * the same for everyone) to a request without credentials. Errors included: they run after the
 * renderer, so a failed answer is covered too.
 */
export function apiNoStore(): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      if (ctx.path.startsWith('/api/') || ctx.get('authorization')) {
        const declared = String(ctx.response.get('Cache-Control') ?? '');
        const shared = /^\s*public\b/i.test(declared) && !ctx.get('authorization');
        if (!shared) ctx.set('Cache-Control', 'no-store');
      }
    }
  };
}
