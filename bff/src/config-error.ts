import { z } from 'zod';

/** A refused configuration: the entry points print its message and exit 78 (EX_CONFIG). */
export class ConfigError extends Error {}

/**
 * An integer setting, unset or empty meaning `d`; a value outside [min, max] (or not an integer)
 * is refused like every other setting. For the settings that used to be read by hand.
 */
export const intSetting = (d: number, min: number, max: number) => z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(min).max(max).optional()).transform((v) => v ?? d);

/** A subscribe-message template id (or another name): unset or empty means the sandbox's default. */
export const nameSetting = (d: string) =>
  z
    .string()
    .optional()
    .transform((v) => v || d);
