import { z } from 'zod';

const MINUTE = 60_000;

/** The records module's variables (parsed with the rest in config.ts). */
export const RecordsEnv = {
  /** Platform answers are fresh this long (identical reads inside it cost no upstream call). */
  RECORDS_CACHE_TTL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60 * MINUTE)
    .default(60_000),
  /** After that, a cached answer may still be shown (flagged stale) this long if the platform fails. */
  RECORDS_STALE_IF_ERROR_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60 * MINUTE)
    .default(30 * MINUTE),
  /** 报告已出 subscribe message (fields: thing1 report, name2 member, time3 published, thing4 hint). */
  RECORDS_REPORT_READY_TEMPLATE_ID: z.string().min(1).default('sbx_tmpl_report_ready'),
  /** Report-alert job period; 0 turns the job off (tests run it by hand). */
  RECORDS_REPORT_ALERT_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86400).default(120),
  /** Reports published longer ago than this are not announced (a member added today does not get last year's). */
  RECORDS_REPORT_ALERT_LOOKBACK_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
};

export type RecordsSettings = {
  cacheTtlMs: number;
  staleIfErrorMs: number;
  reportReadyTemplateId: string;
  reportAlertEveryMs: number;
  reportAlertLookbackMs: number;
};

export function recordsSettings(e: z.output<z.ZodObject<typeof RecordsEnv>>): RecordsSettings {
  return {
    cacheTtlMs: e.RECORDS_CACHE_TTL_MS,
    staleIfErrorMs: e.RECORDS_STALE_IF_ERROR_MS,
    reportReadyTemplateId: e.RECORDS_REPORT_READY_TEMPLATE_ID,
    reportAlertEveryMs: e.RECORDS_REPORT_ALERT_INTERVAL_SECONDS * 1000,
    reportAlertLookbackMs: e.RECORDS_REPORT_ALERT_LOOKBACK_HOURS * 3600_000,
  };
}
