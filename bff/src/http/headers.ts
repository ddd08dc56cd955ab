import type Koa from 'koa';
import helmet from 'koa-helmet';

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
export function securityHeaders(opts: { production: boolean; sandboxPublicUrl?: string; scriptHashes?: string[] }): Koa.Middleware {
  const sandbox = opts.sandboxPublicUrl ? [new URL(opts.sandboxPublicUrl).origin] : [];
  return helmet({
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
  });
}

/** Features the app never uses, refused for the page and anything it might embed. */
export const PERMISSIONS_POLICY = [
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
