import { z } from 'zod';

const MINUTE = 60_000;

const Env = z.object({
  /** Platform answers are fresh this long (identical reads inside it cost no upstream call). */
  RECORDS_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60 * MINUTE).default(60_000),
  /** After that, a cached answer may still be shown (flagged stale) this long if the platform fails. */
  RECORDS_STALE_IF_ERROR_MS: z.coerce.number().int().min(0).max(24 * 60 * MINUTE).default(30 * MINUTE),
});

export type RecordsSettings = { cacheTtlMs: number; staleIfErrorMs: number };

/** The records module's settings from the raw environment (config.raw); a bad value stops the boot. */
export function recordsSettings(raw: Record<string, string | undefined>): RecordsSettings {
  const parsed = Env.safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid records settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { cacheTtlMs: parsed.data.RECORDS_CACHE_TTL_MS, staleIfErrorMs: parsed.data.RECORDS_STALE_IF_ERROR_MS };
}
