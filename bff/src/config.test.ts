import { DEV_FIELD_KEY, DEV_JWT_SECRET, loadConfig } from './config';
import { freshSandboxPayKeys } from '../sandbox/wechatpay/keys';
import { PRODUCTION_BASE_ENV, refusal } from '../test/config-fixtures';

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
