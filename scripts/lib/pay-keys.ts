import { ensureSandboxPayKeys as ensure } from '../../bff/sandbox/wechatpay/keys';

/**
 * Throwaway WeChat Pay keys for the embedded default, generated once under `dir` (data/keys):
 * merchant key + certificate, APIv3 key, platform key pair (public-key mode). Returns the BFF's
 * WECHATPAY_* settings for them; the sandbox reads the same directory.
 */
export function ensureSandboxPayKeys(dir: string): { dir: string; env: Record<string, string> } {
  const keys = ensure(dir);
  return { dir: keys.dir, env: keys.env };
}
