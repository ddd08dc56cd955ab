import type { DataSource } from 'typeorm';
import { intervalJob } from '../jobs';
import type { Logger } from '../logger';
import type { FieldCrypto } from './field-crypto';
import { KeyRotation } from './rotation';

/** The re-encryption job's settings (config.keyRotation; KeyRotationEnv in config.ts). */
export interface KeyRotationSettings {
  everyMs: number;
  batch: number;
  maxRows: number;
}

/** The re-encryption service and its periodic job (once across instances with REDIS_URL; safe to repeat). */
export function buildKeyRotation(d: { ds: DataSource; crypto: FieldCrypto; logger: Logger; settings: KeyRotationSettings }) {
  const settings = d.settings;
  const rotation = new KeyRotation(d.ds, d.crypto, d.logger, { batch: settings.batch });
  const job = intervalJob('field-reencrypt', settings.everyMs, () => rotation.reencrypt({ maxRows: settings.maxRows }), d.logger);
  return { rotation, job };
}
