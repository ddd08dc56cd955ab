import type { HisAdmission, HisDeposit } from '@healthpocket/shared-types';
import type { Upstream } from '../../upstream/http';
import { upstreamPath } from '../../upstream/path';
import { HisRefusal, type HisBill, type PatientQuery } from '../bills/his-bills';

export type { HisAdmission, HisDeposit };

/** A charged item as on an outpatient bill, with the HIS's item code and fee category. */
export type HisDailyCharge = HisBill['items'][number] & { code: string; category: string };

function refusal(status: number, body: unknown): HisRefusal {
  const b = (body ?? {}) as { code?: string; message?: string };
  return new HisRefusal(status, b.code ?? 'UNKNOWN', b.message ?? `HIS answered ${status}`);
}

/** The HIS's inpatient API through the shared resilient Upstream (reads retried; the credit is idempotent per tradeNo). */
export class HisInpatientClient {
  constructor(private readonly his: Upstream) {}

  private async read<T>(path: string, query?: Record<string, string>): Promise<T> {
    const res = await this.his.get<T>(path, query ? { query } : undefined);
    if (res.status !== 200) throw refusal(res.status, res.body);
    return res.body;
  }

  async admissions(patient: PatientQuery): Promise<HisAdmission[]> {
    return (await this.read<{ items: HisAdmission[] }>('/inpatient/admissions', { ...patient, status: 'all' })).items;
  }

  async deposits(admissionNo: string): Promise<HisDeposit[]> {
    return (await this.read<{ items: HisDeposit[] }>(upstreamPath`/inpatient/admissions/${admissionNo}/deposits`)).items;
  }

  async days(admissionNo: string): Promise<Array<{ date: string; totalFen: number }>> {
    return (await this.read<{ items: Array<{ date: string; totalFen: number }> }>(upstreamPath`/inpatient/admissions/${admissionNo}/daily-charges`)).items;
  }

  async chargesOn(admissionNo: string, date: string): Promise<HisDailyCharge[]> {
    return (await this.read<{ items: HisDailyCharge[] }>(upstreamPath`/inpatient/admissions/${admissionNo}/daily-charges`, { date })).items;
  }

  /** 预交金入账; idempotent per tradeNo at the HIS, so it may be retried. */
  async credit(input: { admissionNo: string; tradeNo: string; transactionId: string | null; amountFen: number; paidAt: string }): Promise<HisDeposit & { balanceFen: number }> {
    const res = await this.his.post<HisDeposit & { balanceFen: number }>('/inpatient/deposits', input, { idempotent: true });
    if (res.status !== 200) throw refusal(res.status, res.body);
    return res.body;
  }
}
