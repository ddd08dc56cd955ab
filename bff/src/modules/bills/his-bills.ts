import type { Upstream } from '../../upstream/http';
import { upstreamPath } from '../../upstream/path';

/** The HIS's bill as its API answers (sandbox: bff/sandbox/his/bills-routes.ts, ../sandbox/API.md). */
export interface HisBill {
  billNo: string;
  patientId: string;
  patientName: string;
  hospitalId: string;
  hospitalName: string;
  departmentName: string;
  doctorName: string;
  category: string;
  visitDate: string;
  createdAt: string;
  items: Array<{ name: string; spec: string | null; unit: string; quantity: number; unitPriceFen: number; amountFen: number }>;
  totalFen: number;
  status: 'unpaid' | 'paid' | 'refunded';
  paidAt: string | null;
  tradeNo: string | null;
  invoice: HisInvoice | null;
}

export interface HisInvoice {
  code: string;
  number: string;
  checkCode: string;
  issuedAt: string;
  status: 'issued' | 'voided';
  url: string;
}

export type PatientQuery = { idNumber: string; name: string } | { name: string; birthDate: string; guardianIdNumber: string };

/** A refusal by the HIS that retrying will not change (bill paid elsewhere, amounts differ …). */
export class HisRefusal extends Error {
  constructor(readonly status: number, readonly hisCode: string, message: string) {
    super(message);
  }
}

function refusal(status: number, body: unknown): HisRefusal {
  const b = (body ?? {}) as { code?: string; message?: string };
  return new HisRefusal(status, b.code ?? 'UNKNOWN', b.message ?? `HIS answered ${status}`);
}

/** The HIS's charging API through the shared resilient Upstream (timeouts, breaker; retries only where idempotent). */
export class HisBillsClient {
  constructor(private readonly his: Upstream) {}

  async bills(patient: PatientQuery, status: 'unpaid' | 'paid'): Promise<HisBill[]> {
    const res = await this.his.get<{ items: HisBill[] }>('/bills', { query: { ...patient, status } });
    if (res.status !== 200) throw refusal(res.status, res.body);
    return res.body.items;
  }

  /** Idempotent per tradeNo at the HIS, so it may be retried. */
  async settle(input: { tradeNo: string; transactionId: string | null; billNos: string[]; amountFen: number; paidAt: string }) {
    const res = await this.his.post<{ settlementNo: string; invoice: HisInvoice }>('/bills/settle', input, { idempotent: true });
    if (res.status !== 200) throw refusal(res.status, res.body);
    return res.body;
  }

  /** Idempotent per refundNo at the HIS. */
  async refund(billNo: string, input: { tradeNo: string; refundNo: string; amountFen: number; reason: string }) {
    const res = await this.his.post<HisBill>(upstreamPath`/bills/${billNo}/refund`, input, { idempotent: true });
    if (res.status !== 200) throw refusal(res.status, res.body);
    return res.body;
  }
}
