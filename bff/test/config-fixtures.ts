import { ConfigError, loadConfig } from '../src/config';

/** A production environment with every non-payment setting real (callers add the pay keys they test). */
export const PRODUCTION_BASE_ENV = {
  NODE_ENV: 'production',
  DATABASE_URL: 'mysql://hp:secret@db.internal:3306/healthpocket',
  // Random values (generated once, fixed so failures reproduce): weak ones are refused.
  JWT_SECRET: '30JegFj7LmaFxg07T_A1V5TaG1JNtSogk_ABWcCvXEMulWYm',
  FIELD_ENCRYPTION_KEY: 'ljGyLBlmLuF17myWMkVaQdbwY5vTGW4WTy/9vnDEWGk=',
  WECHAT_SECRET: 'real-wechat-secret',
  WECHAT_API_BASE: 'https://api.weixin.qq.com',
  WECHATPAY_API_BASE: 'https://api.mch.weixin.qq.com',
  HIS_API_BASE: 'https://his.hospital.example.cn/api',
  PLATFORM_API_BASE: 'https://platform.health.example.cn/api',
  PUBLIC_BASE_URL: 'https://hp.example.cn',
  HEALTHCARD_API_BASE: 'https://p-healthopen.tengmed.com',
  HEALTHCARD_APP_ID: 'hc-real-app',
  HEALTHCARD_APP_SECRET: 'AcCNxO4rXnvn0z0WuRSi8ELLzH3pEHZi',
};

/** The upstreams of a development machine whose BFF talks to real endpoints (no secrets set). */
export const REAL_UPSTREAMS_ENV = {
  WECHAT_API_BASE: 'https://api.weixin.qq.com',
  WECHATPAY_API_BASE: 'https://api.mch.weixin.qq.com',
  HIS_API_BASE: 'https://his.hospital.example.cn/api',
  PLATFORM_API_BASE: 'https://platform.health.example.cn/api',
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
