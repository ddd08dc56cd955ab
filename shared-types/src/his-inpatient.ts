/**
 * What the HIS's inpatient API answers (bff/sandbox/API.md, "HIS inpatient accounts"): one
 * contract for the sandbox that produces it and the BFF's client that reads it. The schemas are
 * `upstream.his.*` (./upstream/his.ts); these are their types.
 */
import type { z } from 'zod';
import type { Admission, AdmissionRecord, Deposit, DepositRule } from './upstream/his';

export type HisDepositRule = z.infer<typeof DepositRule>;
/** 住院登记 as the HIS keeps it. */
export type HisAdmissionRecord = z.infer<typeof AdmissionRecord>;
/** An admission as the HIS answers it: with its deposit account and the days so far. */
export type HisAdmission = z.infer<typeof Admission>;
/** 预交金收据 */
export type HisDeposit = z.infer<typeof Deposit>;
