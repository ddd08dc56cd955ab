import { z } from 'zod';
import { EntityId } from './common';
import { AEFI_DESCRIPTION_MAX, AEFI_STATUSES, AEFI_SYMPTOM_CODES, AEFI_TREATMENT } from './vaccine-care-constants';

export * from './vaccine-care-constants';

/** 留观, 到苗提醒 and AEFI reports (the data in vaccine-care-constants.ts). Times ISO 8601 +08:00. */

const Date10 = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const VaccineObservation = z.object({
  memberId: z.string(),
  /** The server's time of this answer: the countdown runs from it, never from the phone's clock. */
  now: z.string(),
  /** The latest dose given in the last hours, or null. */
  current: z
    .object({
      doseId: z.string(),
      vaccineName: z.string(),
      dose: z.number().int(),
      institution: z.string(),
      givenAt: z.string(),
      observedUntil: z.string(),
      /** observing: within the 30 minutes; ended: 留观结束. */
      state: z.enum(['observing', 'ended']),
      secondsLeft: z.number().int(),
    })
    .nullable(),
  watchFor: z.array(z.string()),
  advice: z.string(),
});
export type VaccineObservation = z.infer<typeof VaccineObservation>;

export const CreateStockAlertRequest = z.object({ clinicId: EntityId.max(16), vaccineCode: z.string().min(1).max(16) });
export type CreateStockAlertRequest = z.infer<typeof CreateStockAlertRequest>;

export const StockAlertView = z.object({
  id: z.string(),
  memberId: z.string(),
  clinicId: z.string(),
  clinicName: z.string(),
  vaccineCode: z.string(),
  vaccineName: z.string(),
  status: z.enum(['waiting', 'notified', 'cancelled']),
  statusLabel: z.string(),
  createdAt: z.string(),
  notifiedAt: z.string().nullable(),
});
export type StockAlertView = z.infer<typeof StockAlertView>;
export const StockAlertList = z.object({
  items: z.array(StockAlertView),
  /** The subscribe-message template to ask for in the tap (wx.requestSubscribeMessage). */
  templateId: z.string(),
  limit: z.number().int(),
  /** Sandbox only: the openid the H5 build subscribes for (H5 has no WeChat). */
  sandboxOpenid: z.string().optional(),
});
export type StockAlertList = z.infer<typeof StockAlertList>;

export const CreateAefiReportRequest = z.object({
  /** The dose on the member's 接种记录 (VaccinationRecord item id). */
  doseId: z.string().min(1).max(64),
  onsetDate: Date10,
  symptoms: z.array(z.enum(AEFI_SYMPTOM_CODES)).min(1).max(AEFI_SYMPTOM_CODES.length),
  /** Temperature (腋温 ℃) when 发热 is ticked. */
  temperatureC: z.number().min(35).max(43).optional(),
  description: z.string().trim().min(2).max(AEFI_DESCRIPTION_MAX),
  treatment: z.enum(AEFI_TREATMENT),
  hospital: z.string().trim().max(64).optional(),
  reporterName: z.string().trim().min(1).max(32),
  reporterPhone: z.string().regex(/^1[3-9]\d{9}$/),
});
export type CreateAefiReportRequest = z.infer<typeof CreateAefiReportRequest>;

export const AefiReportView = z.object({
  id: z.string(),
  memberId: z.string(),
  doseId: z.string(),
  vaccineName: z.string(),
  batchNo: z.string(),
  manufacturer: z.string(),
  vaccinatedOn: Date10,
  institution: z.string(),
  onsetDate: Date10,
  symptoms: z.array(z.string()),
  symptomLabels: z.array(z.string()),
  severe: z.boolean(),
  treatment: z.enum(AEFI_TREATMENT),
  status: z.enum(['sending', ...AEFI_STATUSES]),
  statusLabel: z.string(),
  nextStep: z.string(),
  /** The platform's report number once it has the report. */
  platformReportNo: z.string().nullable(),
  createdAt: z.string(),
});
export type AefiReportView = z.infer<typeof AefiReportView>;
export const AefiReportList = z.object({ items: z.array(AefiReportView) });
export type AefiReportList = z.infer<typeof AefiReportList>;
