import type { DataSource } from 'typeorm';
import { intervalJob } from '../jobs';
import type { Logger } from '../logger';
import type { FieldCrypto } from './field-crypto';
import { KeyRotation } from './rotation';

/**
 * Settings from the environment (config.raw):
 *   FIELD_REENCRYPT_INTERVAL_MS  how often the job looks for values not under the current key (default 1 h; 0 = off)
 *   FIELD_REENCRYPT_BATCH        rows read and rewritten per query (default 200)
 *   FIELD_REENCRYPT_MAX_ROWS     rows one run handles at most; the next run goes on (default 20000)
 */
export function rotationSettings(raw: Record<string, string | undefined>) {
  const int = (v: string | undefined, d: number, min: number) => (v !== undefined && v !== '' && Number.isInteger(Number(v)) && Number(v) >= min ? Number(v) : d);
  return {
    everyMs: int(raw.FIELD_REENCRYPT_INTERVAL_MS, 3_600_000, 0),
    batch: int(raw.FIELD_REENCRYPT_BATCH, 200, 1),
    maxRows: int(raw.FIELD_REENCRYPT_MAX_ROWS, 20_000, 1),
  };
}

/** The re-encryption service and its periodic job (once across instances with REDIS_URL; safe to repeat). */
export function buildKeyRotation(d: { ds: DataSource; crypto: FieldCrypto; logger: Logger; raw: Record<string, string | undefined> }) {
  const settings = rotationSettings(d.raw);
  const rotation = new KeyRotation(d.ds, d.crypto, d.logger, { batch: settings.batch });
  const job = intervalJob('field-reencrypt', settings.everyMs, () => rotation.reencrypt({ maxRows: settings.maxRows }), d.logger);
  return { rotation, job };
}
