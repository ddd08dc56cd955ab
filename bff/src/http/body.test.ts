import http from 'node:http';
import zlib from 'node:zlib';
import { startStack, type Stack } from '../../test/harness';
import { hasLoneSurrogate, jsonDepth } from './body';

/** Raw HTTP: exact bytes, headers and path as written. */
function send(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<{ status: number; body: any }> {
  const u = new URL(base);
  const data = body === undefined ? undefined : Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers: { ...headers, ...(data ? { 'content-length': String(data.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

describe('request bodies, content types and paths: client mistakes are 4xx with a stable code', () => {
  let s: Stack;
  let token: string;
  const logLines: string[] = [];
  const json = { 'content-type': 'application/json' };
  const prefs = '/api/v1/content/preferences';
  const good = JSON.stringify({ topics: [] });
  const put = (headers: Record<string, string>, body?: Buffer | string) => send(s.bff.url, 'PUT', prefs, { authorization: `Bearer ${token}`, ...headers }, body);

  beforeAll(async () => {
    s = await startStack({ LOG_LEVEL: 'warn' }, { logLines });
    token = (await s.login()).accessToken;
  });
  afterAll(() => s.close());

  it('reads a gzip-, deflate- or br-compressed JSON body', async () => {
    expect((await put({ ...json, 'content-encoding': 'gzip' }, zlib.gzipSync(good))).status).toBe(200);
    expect((await put({ ...json, 'content-encoding': 'deflate' }, zlib.deflateSync(good))).status).toBe(200);
    expect((await put({ ...json, 'content-encoding': 'br' }, zlib.brotliCompressSync(good))).status).toBe(200);
  });

  it.each([
    ['gzip', good],
    ['gzip', zlib.gzipSync(good).subarray(0, 10)],
    ['deflate', good],
    ['br', good],
  ])('a body that is not valid %s: 400 MALFORMED_REQUEST', async (encoding, body) => {
    const r = await put({ ...json, 'content-encoding': encoding }, body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('MALFORMED_REQUEST');
  });

  it.each(['compress', 'zstd', 'gzip, br', 'identity;q=0'])('an encoding we do not speak (%s): 415 UNSUPPORTED_MEDIA_TYPE', async (encoding) => {
    const r = await put({ ...json, 'content-encoding': encoding }, good);
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it.each([['text/plain'], ['application/x-www-form-urlencoded'], ['multipart/form-data; boundary=x'], ['application/xml']])('a JSON route sent %s: 415 UNSUPPORTED_MEDIA_TYPE', async (type) => {
    const r = await put({ 'content-type': type }, good);
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body with no content type at all: 415', async () => {
    expect((await put({}, good)).status).toBe(415);
  });

  it('an unknown charset: 415', async () => {
    expect((await put({ 'content-type': 'application/json; charset=x-nope' }, good)).status).toBe(415);
  });

  it('a body over 1 MB, or one that inflates past it (a gzip bomb): 413 PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ topics: ['x'.repeat(1024 * 1024)] });
    expect((await put(json, big)).body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const bomb = await put({ ...json, 'content-encoding': 'gzip' }, zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20)));
    expect(bomb.status).toBe(413);
  });

  it.each(['{"topics":', '{"topics":[]}}', "{'topics':[]}", '{"topics":[],}'])('malformed JSON %s: 400 MALFORMED_REQUEST', async (raw) => {
    const r = await put(json, raw);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('MALFORMED_REQUEST');
  });

  it('JSON nested deeper than 32 levels: 400, however deep (no stack overflow)', async () => {
    for (const raw of [`{"topics":${'['.repeat(40)}${']'.repeat(40)}}`, '['.repeat(200_000) + ']'.repeat(200_000), '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)]) {
      const r = await put(json, raw);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('MALFORMED_REQUEST');
    }
  });

  it('a string that is not well-formed Unicode (a lone surrogate, in a value or a key): 400, not a failure deeper in', async () => {
    for (const raw of ['{"topics":["\\ud800"]}', '{"\\udfff":1}', '{"topics":["ok \\ud83d"]}']) {
      const r = await put(json, raw);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'MALFORMED_REQUEST', message: '请求内容包含无法识别的字符，请删除后重试' });
    }
    // A real pair is a character like any other.
    expect(hasLoneSurrogate({ t: '血压 😀 \ud83d\ude00' })).toBe(false);
    expect(hasLoneSurrogate([{ a: ['\ud800'] }])).toBe(true);
  });

  it('measures depth without recursion', () => {
    expect(jsonDepth({ a: [1, { b: 2 }] })).toBe(3);
    expect(jsonDepth('x')).toBe(0);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonDepth(deep)).toBeGreaterThan(32);
  });

  it.each(['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/api/v1/booking/hospitals/..%2f..%2fetc/departments', '/.%2E/x', '/a%5cb', '/%E0%A4%A', '/x/%00'])(
    '%s: 400 MALFORMED_REQUEST before routing, and no error logged',
    async (p) => {
      const r = await send(s.bff.url, 'GET', p);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('MALFORMED_REQUEST');
      expect(logLines.map((l) => JSON.parse(l)).filter((l) => l.level >= 50)).toEqual([]);
    },
  );

  it('an impossible date or an id of the wrong shape: 400 VALIDATION_FAILED naming the field', async () => {
    const r = await s.api('GET', '/api/v1/booking/doctors/D001001/schedule?from=2026-02-30');
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'from' })] });
    const id = await s.api('GET', '/api/v1/booking/hospitals/H001;x/departments');
    expect(id.status).toBe(400);
    expect(id.body.error.details[0]).toMatchObject({ path: 'id' });
  });
});
