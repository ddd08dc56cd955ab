import fs from 'node:fs';
import path from 'node:path';

/**
 * Throwaway WeChat Pay keys for the sandbox, generated once under data/keys. The payments issue
 * fills this in; until then the embedded default needs none.
 */
export function ensureSandboxPayKeys(dir: string): { dir: string; env: Record<string, string> } {
  fs.mkdirSync(dir, { recursive: true });
  return { dir, env: {} };
}
