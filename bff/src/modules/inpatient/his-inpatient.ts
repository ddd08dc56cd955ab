import { upstream, type HisAdmission, type HisDeposit } from '@healthpocket/shared-types';
import type { z } from 'zod';
import type { Upstream, UpstreamRefusalBody } from '../../upstream/http';
import { upstreamPath } from '../../upstream/path';
import { HisRefusal, type PatientQuery } from '../bills/his-bills';

export type { HisAdmission, HisDeposit };

/** A charged item as on an outpatient bill, with the HIS's item code and fee category. */
export type HisDailyCharge = z.infer<typeof H.DailyCharge>;

const H = upstream.his;

function refusal(status: number, b: UpstreamRefusalBody): HisRefusal {
  return new HisRefusal(status, b.code ?? 'UNKNOWN', b.message ?? `HIS answered ${status}`);
}

/** The HIS's inpatient API through the shared resilient Upstream (reads retried; the credit is idempotent per tradeNo). */
export class HisInpatientClient {
  constructor(private readonly his: Upstream) {}

  private async read<S extends z.ZodType>(path: string, schema: S, query?: Record<string, string>): Promise<z.output<S>> {
    const res = await this.his.get(path, schema, query ? { query } : undefined);
    if (!res.ok) throw refusal(res.status, res.body);
    return res.body;
  }

  async admissions(patient: PatientQuery): Promise<HisAdmission[]> {
    return (await this.read('/inpatient/admissions', H.AdmissionList, { ...patient, status: 'all' })).items;
  }

  async deposits(admissionNo: string): Promise<HisDeposit[]> {
    return (await this.read(upstreamPath`/inpatient/admissions/${admissionNo}/deposits`, H.DepositList)).items;
  }

  async days(admissionNo: string): Promise<Array<{ date: string; totalFen: number }>> {
    return (await this.read(upstreamPath`/inpatient/admissions/${admissionNo}/daily-charges`, H.DayTotalList)).items;
  }

  async chargesOn(admissionNo: string, date: string): Promise<HisDailyCharge[]> {
    return (await this.read(upstreamPath`/inpatient/admissions/${admissionNo}/daily-charges`, H.DailyChargeList, { date })).items;
  }

  /** 预交金入账; idempotent per tradeNo at the HIS, so it may be retried. */
  async credit(input: { admissionNo: string; tradeNo: string; transactionId: string | null; amountFen: number; paidAt: string }): Promise<HisDeposit & { balanceFen: number }> {
    const res = await this.his.post('/inpatient/deposits', H.DepositCredit, input, { idempotent: true });
    if (!res.ok) throw refusal(res.status, res.body);
    return res.body;
  }
}
