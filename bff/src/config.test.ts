import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DEV_FIELD_KEY, DEV_JWT_SECRET, loadConfig } from './config';
import { isLoopbackHost, weakKeyReason, weakSecretReason } from './config-checks';
import { freshSandboxPayKeys } from '../sandbox/wechatpay/keys';
import { PRODUCTION_BASE_ENV, REAL_UPSTREAMS_ENV, refusal } from '../test/config-fixtures';

// Merchant keys as WeChat Pay issues them (no sandbox markers): production requires them.
const realPayKeys = freshSandboxPayKeys({ mchid: '1612345678', sandbox: false });

const prodEnv = { ...PRODUCTION_BASE_ENV, ...realPayKeys.env };

describe('configuration', () => {
  it('runs the embedded default with no settings at all', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ env: 'development', port: 8080, databaseUrl: 'sqlite:data/healthpocket.sqlite' });
    expect(c.wechat.apiBase).toBe('http://127.0.0.1:8081/wechat');
  });

  it('starts in production when everything is real', () => {
    expect(loadConfig(prodEnv).env).toBe('production');
  });

  it.each([
    ['WECHAT_API_BASE', 'http://127.0.0.1:8081/wechat'],
    ['WECHATPAY_API_BASE', 'http://localhost:8081/wechatpay'],
    ['HIS_API_BASE', 'http://his.internal/api'],
    ['PLATFORM_API_BASE', 'http://127.0.0.1:8081/platform'],
  ])('refuses production with %s pointing at a sandbox (%s), naming it', (key, value) => {
    expect(refusal({ ...prodEnv, [key]: value })).toContain(key);
  });

  it('refuses production with the development JWT secret or field key, or none', () => {
    expect(refusal({ ...prodEnv, JWT_SECRET: DEV_JWT_SECRET })).toContain('JWT_SECRET');
    expect(refusal({ ...prodEnv, JWT_SECRET: undefined })).toContain('JWT_SECRET');
    expect(refusal({ ...prodEnv, FIELD_ENCRYPTION_KEY: undefined })).toContain('FIELD_ENCRYPTION_KEY');
    expect(refusal({ ...prodEnv, FIELD_ENCRYPTION_KEY: DEV_FIELD_KEY })).toContain('FIELD_ENCRYPTION_KEY');
    expect(refusal({ ...prodEnv, DATABASE_URL: 'sqlite:data/x.sqlite' })).toContain('DATABASE_URL');
  });

  it('names malformed settings in any mode', () => {
    expect(refusal({ PORT: 'eighty' })).toContain('PORT');
    expect(refusal({ JWT_SECRET: 'short' })).toContain('JWT_SECRET');
    expect(refusal({ FIELD_ENCRYPTION_KEY: 'abc' })).toContain('FIELD_ENCRYPTION_KEY');
  });
});

describe("every module's settings are parsed by loadConfig", () => {
  it.each([
    ['BOOKING_WAITLIST_MAX', '0'],
    ['BOOKING_EXPIRY_INTERVAL_MS', '50'],
    ['BOOKING_REMINDER_INTERVAL_MS', 'hourly'],
    ['VACCINE_PAY_MINUTES', '2'],
    ['RECORDS_CACHE_TTL_MS', '-1'],
    ['ALERT_ESCALATE_MINUTES', '0'],
    ['WECOM_ROBOT_WEBHOOK_URL', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send'],
    ['FOLLOWUP_REMIND_EVERY_MS', 'hourly'],
    ['CONTENT_PUSH_QUIET_HOURS', '9-5'],
    ['HEALTHCARD_CHANNEL_NUM', '7'],
    ['MESSAGES_PRUNE_EVERY_MS', 'x'],
    ['ACCOUNT_PURGE_EVERY_MS', '-5'],
    ['FIELD_REENCRYPT_BATCH', '0'],
    ['QUEUE_PREFIX', 'a b'],
    ['ROLE', 'both'],
  ])('refuses %s=%s as a configuration error, naming it', (key, value) => {
    expect(refusal({ [key]: value })).toContain(key);
  });

  it('gives each module its typed settings, every job period in ms', () => {
    const c = loadConfig({ BOOKING_EXPIRY_INTERVAL_MS: '', BOOKING_WAITLIST_INTERVAL_MS: '0', VACCINE_JOB_INTERVAL_SECONDS: '60', ALERT_ESCALATE_MINUTES: '5', WECOM_ROBOT_WEBHOOK_URL: '' });
    expect(c.booking).toMatchObject({ expiryEveryMs: 30_000, reminderTemplateId: 'sbx_tmpl_visit_reminder', waitlist: { everyMs: 0, payMinutes: 10, maxWaiting: 50 } });
    expect(c.vaccines.jobIntervalMs).toBe(60_000);
    expect(c.records.reportAlertEveryMs).toBe(120_000);
    expect(c.doctor.alerts).toMatchObject({ escalateMs: 300_000, robotWebhookUrl: null });
    expect(c.doctor.followupRemindEveryMs).toBe(3_600_000);
    expect(c.messages.pruneEveryMs).toBe(6 * 3600_000);
    expect(c.keyRotation).toEqual({ everyMs: 3_600_000, batch: 200, maxRows: 20_000 });
    expect(c.queue).toEqual({ redisUrl: undefined, prefix: 'hp' });
    expect(c.healthcard.channelNum).toBe(1);
  });
});

describe('the development secrets are for the local sandbox only', () => {
  it.each([
    ['NODE_ENV unset', {}],
    ['NODE_ENV=development', { NODE_ENV: 'development' }],
    ['NODE_ENV=test', { NODE_ENV: 'test' }],
  ])('%s: refuses the development JWT secret and field key when an upstream is real, naming them', (_label, mode) => {
    const msg = refusal({ ...mode, ...REAL_UPSTREAMS_ENV });
    expect(msg).toContain('JWT_SECRET');
    expect(msg).toContain('FIELD_ENCRYPTION_KEY');
    expect(msg).toContain('HIS_API_BASE');
  });

  it('one real upstream is enough to refuse, and the refusal names it', () => {
    const msg = refusal({ HIS_API_BASE: 'https://his.hospital.example.cn/api' });
    expect(msg).toContain('HIS_API_BASE');
    expect(msg).not.toContain('PLATFORM_API_BASE');
    expect(refusal({ PLATFORM_API_BASE: 'http://10.0.0.8/platform' })).toContain('PLATFORM_API_BASE');
  });

  it('sees through other spellings of the development secrets', () => {
    const unpadded = DEV_FIELD_KEY.replace(/=+$/, '');
    const urlSafe = Buffer.from(DEV_FIELD_KEY, 'base64').toString('base64url');
    for (const key of [unpadded, urlSafe]) {
      const msg = refusal({ ...REAL_UPSTREAMS_ENV, JWT_SECRET: PRODUCTION_BASE_ENV.JWT_SECRET, FIELD_ENCRYPTION_KEY: key });
      expect(msg).toContain('FIELD_ENCRYPTION_KEY');
      expect(refusal({ ...prodEnv, FIELD_ENCRYPTION_KEY: key })).toContain('FIELD_ENCRYPTION_KEY is the development key');
    }
    for (const secret of [`${DEV_JWT_SECRET}-2`, ` ${DEV_JWT_SECRET.toUpperCase()} `]) {
      expect(refusal({ ...REAL_UPSTREAMS_ENV, JWT_SECRET: secret, FIELD_ENCRYPTION_KEY: PRODUCTION_BASE_ENV.FIELD_ENCRYPTION_KEY })).toContain('JWT_SECRET');
      expect(refusal({ ...prodEnv, JWT_SECRET: secret })).toContain('JWT_SECRET is the development secret');
    }
  });

  it('names only the development secret still in use', () => {
    const msg = refusal({ ...REAL_UPSTREAMS_ENV, JWT_SECRET: PRODUCTION_BASE_ENV.JWT_SECRET });
    expect(msg).toContain('FIELD_ENCRYPTION_KEY');
    expect(msg).not.toContain('JWT_SECRET');
  });

  it('starts against real upstreams outside production once both secrets are set', () => {
    const c = loadConfig({ ...REAL_UPSTREAMS_ENV, JWT_SECRET: PRODUCTION_BASE_ENV.JWT_SECRET, FIELD_ENCRYPTION_KEY: PRODUCTION_BASE_ENV.FIELD_ENCRYPTION_KEY });
    expect(c.hisApiBase).toBe(REAL_UPSTREAMS_ENV.HIS_API_BASE);
  });

  it.each(['http://localhost.:8081/his', 'http://[::1]:8081/his', 'http://[::ffff:127.0.0.1]:8081/his', 'http://127.8.9.10:8081/his', 'http://2130706433:8081/his', 'http://0x7f000001:8081/his'])(
    'accepts the development secrets with the sandbox at %s',
    (his) => {
      expect(loadConfig({ HIS_API_BASE: his }).jwt.secret).toBe(DEV_JWT_SECRET);
    },
  );
});

describe('loopback detection covers every spelling', () => {
  it.each([
    'localhost',
    'LOCALHOST',
    'localhost.',
    'app.localhost',
    '127.0.0.1',
    '127.1.2.3',
    '0.0.0.0',
    '[::1]',
    '::1',
    '[0:0:0:0:0:0:0:1]',
    '[::]',
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]',
    '::ffff:127.9.9.9',
    '[::127.0.0.1]',
  ])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['api.weixin.qq.com', '10.0.0.1', '192.168.1.10', '128.0.0.1', '[2001:db8::1]', '[::ffff:10.0.0.1]', 'localhost.example.cn'])('%s is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it.each([
    'http://2130706433/his',
    'http://0x7f000001/his',
    'http://017700000001/his',
    'http://127.1/his',
    'http://0/his',
    'https://localhost./his',
    'https://[::ffff:127.0.0.1]/his',
    'https://[0:0:0:0:0:ffff:7f00:1]/his',
    'https://127.42.0.1/his',
  ])('production refuses HIS_API_BASE=%s as a sandbox', (his) => {
    expect(refusal({ ...prodEnv, HIS_API_BASE: his })).toContain('HIS_API_BASE');
  });
});

describe('weak secrets are refused in production', () => {
  it.each([
    ['repeated characters', 'k'.repeat(48)],
    ['a short alphabet', 'abababababababababababababababababab'],
    ['a run of one character', 'Zq8#mT2@vL9!pR4$wN6^xK1&cB3*aaaaaaaa'],
    ['a sequence', 'abcdefghijklmnopqrstuvwxyz0123456789'],
    ['a keyboard run', '1234567890qwertyuiopasdfghjkl1234567890'],
  ])('JWT_SECRET with %s', (_label, secret) => {
    expect(refusal({ ...prodEnv, JWT_SECRET: secret })).toMatch(/JWT_SECRET (uses|repeats|is a|has too little)/);
  });

  it.each([
    ['all zero', Buffer.alloc(32, 0)],
    ['one repeated byte', Buffer.alloc(32, 0xab)],
    ['a counter', Buffer.from(Array.from({ length: 32 }, (_, i) => i))],
    ['two alternating bytes', Buffer.from(Array.from({ length: 32 }, (_, i) => (i % 2 ? 0x11 : 0xee)))],
  ])('FIELD_ENCRYPTION_KEY that is %s', (_label, key) => {
    expect(refusal({ ...prodEnv, FIELD_ENCRYPTION_KEY: key.toString('base64') })).toMatch(/FIELD_ENCRYPTION_KEY (is|has)/);
  });

  it('random secrets pass: 100 of 100 fresh 32-byte keys and secrets (hex and base64)', () => {
    for (let i = 0; i < 100; i++) {
      expect(weakKeyReason(randomBytes(32))).toBeNull();
      expect(weakSecretReason(randomBytes(32).toString('base64'))).toBeNull();
      expect(weakSecretReason(randomBytes(24).toString('hex'))).toBeNull();
    }
  });
});

describe('a refused configuration stops the process with the config exit code', () => {
  it('exits 78 and names the setting (server entry point, NODE_ENV unset, real HIS, development secrets)', () => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HIS_API_BASE: 'https://his.hospital.example.cn/api' };
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'server.ts')], { env, encoding: 'utf8', cwd: path.join(__dirname, '..'), timeout: 30_000 });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('HIS_API_BASE');
    expect(r.stderr).toContain('JWT_SECRET');
  }, 35_000);

  it("exits 78 on a module's bad setting too", () => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', VACCINE_PAY_MINUTES: '2' };
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'server.ts')], { env, encoding: 'utf8', cwd: path.join(__dirname, '..'), timeout: 30_000 });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('VACCINE_PAY_MINUTES');
  }, 35_000);
});
