import type Koa from 'koa';
import compress from 'koa-compress';
import serve from 'koa-static';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Build outputs whose name carries a content hash (app.3f9a1c2e.js, 123.ab12cd34.css …). */
export const HASHED_ASSET = /[.-][0-9a-f]{8,}\.(?:js|css|png|jpe?g|gif|svg|webp|woff2?|ttf|eot)$/i;

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * CSP sources (`'sha256-…'`) for the inline scripts of the built index.html: Taro's H5 template
 * inlines its rem sizing script. Allowing exactly these keeps `script-src` free of 'unsafe-inline'.
 */
export function inlineScriptHashes(dir: string): string[] {
  const file = path.join(path.resolve(dir), 'index.html');
  if (!fs.existsSync(file)) return [];
  const html = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1]) || !m[2]) continue;
    out.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
  }
  return out;
}

/**
 * The H5 build, served from the BFF's own origin so the app needs no CORS: compressed (brotli or
 * gzip, as the browser accepts), hashed assets cached for a year as immutable, everything else
 * (index.html first) revalidated on every load so a new release is picked up at once.
 * Null when there is no build.
 */
export function h5Files(dir: string): Koa.Middleware | null {
  const root = path.resolve(dir);
  if (!fs.existsSync(path.join(root, 'index.html'))) return null;
  const files = serve(root, {
    index: 'index.html',
    setHeaders: (res, file) => res.setHeader('Cache-Control', HASHED_ASSET.test(path.basename(file)) ? IMMUTABLE : 'no-cache'),
  });
  const compressed = compress({
    threshold: 1024,
    br: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
    gzip: { level: 6 },
    deflate: false,
  });
  return async (ctx, next) => {
    if (ctx.path.startsWith('/api/') || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    return compressed(ctx, () => files(ctx, next));
  };
}
