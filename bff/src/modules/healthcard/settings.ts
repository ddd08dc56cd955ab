import { z } from 'zod';
import { ConfigError } from '../../config-error';

/** The open-platform app this deployment registers cards with (电子健康卡开放平台 ISV credentials). */
export interface HealthCardSettings {
  apiBase: string;
  appId: string;
  appSecret: string;
  hospitalId: string;
  /** 0 服务号, 1 小程序, 3 刷脸终端, 4 扫码终端. */
  channelNum: number;
}

/** The module's variables (parsed with the rest in config.ts; healthCardSettings checks them). */
export const HealthCardEnv = {
  HEALTHCARD_API_BASE: z.string().optional(),
  HEALTHCARD_APP_ID: z.string().optional(),
  HEALTHCARD_APP_SECRET: z.string().optional(),
  HEALTHCARD_HOSPITAL_ID: z.string().optional(),
  HEALTHCARD_CHANNEL_NUM: z.string().optional(),
};

const SANDBOX = { apiBase: 'http://127.0.0.1:8081/healthcard', appId: 'hc_sandbox_app_0001', appSecret: 'sandbox-healthcard-secret', hospitalId: '33010099' };

export function healthCardSettings(raw: { [K in keyof typeof HealthCardEnv]?: string }, production: boolean): HealthCardSettings {
  const s: HealthCardSettings = {
    apiBase: raw.HEALTHCARD_API_BASE ?? SANDBOX.apiBase,
    appId: raw.HEALTHCARD_APP_ID ?? SANDBOX.appId,
    appSecret: raw.HEALTHCARD_APP_SECRET ?? SANDBOX.appSecret,
    hospitalId: raw.HEALTHCARD_HOSPITAL_ID ?? SANDBOX.hospitalId,
    channelNum: raw.HEALTHCARD_CHANNEL_NUM === undefined ? 1 : Number(raw.HEALTHCARD_CHANNEL_NUM),
  };
  if (![0, 1, 3, 4].includes(s.channelNum)) throw new ConfigError('HEALTHCARD_CHANNEL_NUM must be 0, 1, 3 or 4');
  try {
    new URL(s.apiBase);
  } catch {
    throw new ConfigError('HEALTHCARD_API_BASE must be a URL');
  }
  if (production) {
    const problems: string[] = [];
    const u = new URL(s.apiBase);
    if (u.protocol !== 'https:' || u.hostname === 'localhost' || u.hostname.startsWith('127.')) problems.push(`HEALTHCARD_API_BASE points at a sandbox or non-https endpoint (${s.apiBase})`);
    if (s.appSecret === SANDBOX.appSecret) problems.push('HEALTHCARD_APP_SECRET is the sandbox secret');
    if (s.appId === SANDBOX.appId) problems.push('HEALTHCARD_APP_ID is the sandbox app');
    if (problems.length) throw new ConfigError(`Refusing to start in production:\n  ${problems.join('\n  ')}`);
  }
  return s;
}
