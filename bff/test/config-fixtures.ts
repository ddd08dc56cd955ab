import { ConfigError, loadConfig } from '../src/config';

/** A production environment with every non-payment setting real (callers add the pay keys they test). */
export const PRODUCTION_BASE_ENV = {
  NODE_ENV: 'production',
  DATABASE_URL: 'mysql://hp:secret@db.internal:3306/healthpocket',
  JWT_SECRET: 'k'.repeat(48),
  FIELD_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
  WECHAT_SECRET: 'real-wechat-secret',
  WECHAT_API_BASE: 'https://api.weixin.qq.com',
  WECHATPAY_API_BASE: 'https://api.mch.weixin.qq.com',
  HIS_API_BASE: 'https://his.hospital.example.cn/api',
  PLATFORM_API_BASE: 'https://platform.health.example.cn/api',
  PUBLIC_BASE_URL: 'https://hp.example.cn',
};

/** The refusal message of a configuration that must not load (fails the test if it loads). */
export function refusal(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}
