import { upstream } from '@healthpocket/shared-types';
import type { z } from 'zod';
import type { Upstream, UpstreamRefusalBody } from '../../upstream/http';
import { upstreamPath } from '../../upstream/path';

/** The HIS's bill as its API answers (sandbox: bff/sandbox/his/bills-routes.ts, ../sandbox/API.md): the contract schema's type. */
export type HisBill = z.infer<typeof upstream.his.Bill>;

export type PatientQuery = { idNumber: string; name: string } | { name: string; birthDate: string; guardianIdNumber: string };

/** A refusal by the HIS that retrying will not change (bill paid elsewhere, amounts differ …). */
export class HisRefusal extends Error {
  constructor(
    readonly status: number,
    readonly hisCode: string,
    message: string,
  ) {
    super(message);
  }
}

function refusal(status: number, b: UpstreamRefusalBody): HisRefusal {
  return new HisRefusal(status, b.code ?? 'UNKNOWN', b.message ?? `HIS answered ${status}`);
}

/** The HIS's charging API through the shared resilient Upstream (timeouts, breaker; retries only where idempotent). */
export class HisBillsClient {
  constructor(private readonly his: Upstream) {}

  async bills(patient: PatientQuery, status: 'unpaid' | 'paid'): Promise<HisBill[]> {
    const res = await this.his.get('/bills', upstream.his.BillList, { query: { ...patient, status } });
    if (!res.ok) throw refusal(res.status, res.body);
    return res.body.items;
  }

  /** Idempotent per tradeNo at the HIS, so it may be retried. */
  async settle(input: { tradeNo: string; transactionId: string | null; billNos: string[]; amountFen: number; paidAt: string }) {
    const res = await this.his.post('/bills/settle', upstream.his.Settlement, input, { idempotent: true });
    if (!res.ok) throw refusal(res.status, res.body);
    return res.body;
  }

  /** Idempotent per refundNo at the HIS. */
  async refund(billNo: string, input: { tradeNo: string; refundNo: string; amountFen: number; reason: string }) {
    const res = await this.his.post(upstreamPath`/bills/${billNo}/refund`, upstream.his.Bill, input, { idempotent: true });
    if (!res.ok) throw refusal(res.status, res.body);
    return res.body;
  }
}
