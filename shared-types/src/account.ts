import { z } from 'zod';
import { DELETION_CONFIRM_TEXT } from './account-constants';

export * from './account-constants';

export const DataExportView = z.object({
  id: z.string(),
  status: z.enum(['ready', 'expired']),
  createdAt: z.string(),
  expiresAt: z.string(),
  bytes: z.number().int(),
  /** GET with the resident's own token; answers the JSON file as an attachment. */
  downloadPath: z.string(),
});
export type DataExportView = z.infer<typeof DataExportView>;

export const DataExportList = z.object({
  items: z.array(DataExportView),
  /** When the next export may be made; null = now. */
  nextAllowedAt: z.string().nullable(),
});
export type DataExportList = z.infer<typeof DataExportList>;

export const DataExportIdParam = z.object({ id: z.string().uuid('没有找到该导出文件') });

const Kept = z.object({ key: z.string(), what: z.string(), basis: z.string(), years: z.number() });

export const DeletionPlan = z.object({
  confirmText: z.literal(DELETION_CONFIRM_TEXT),
  deleted: z.array(z.string()),
  kept: z.array(Kept),
  /** What must be settled first (e.g. an order awaiting payment); deletion is refused while any is listed. */
  blockers: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type DeletionPlan = z.infer<typeof DeletionPlan>;

export const DeleteAccountRequest = z.object({ confirmText: z.string().max(32) });

export const DeletionResult = z.object({
  deletedAt: z.string(),
  /** The number retained records are kept under (quote it to customer service). */
  retentionId: z.string(),
  deleted: z.array(z.string()),
  kept: z.array(Kept.extend({ retainUntil: z.string() })),
});
export type DeletionResult = z.infer<typeof DeletionResult>;
