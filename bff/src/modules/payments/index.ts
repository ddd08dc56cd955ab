import type { DataSource } from 'typeorm';
import type { Audit } from '../../audit/audit';
import type { Config } from '../../config';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Tx } from '../../db/data-source';
import type { Logger } from '../../logger';
import { Outbox } from '../../outbox/outbox';
import type { Upstream } from '../../upstream/http';
import { BillsService } from '../bills/service';
import { HisBillsClient } from '../bills/his-bills';
import type { FamilyService } from '../family/service';
import { PaymentsService } from './service';

/** The outbox, payments and outpatient bills, wired together (services.ts adds them to the container). */
export function buildPayments(d: { config: Config; ds: DataSource; tx: Tx; logger: Logger; family: FamilyService; audit: Audit; crypto: FieldCrypto; his: Upstream }) {
  const outbox = new Outbox(d.ds, d.logger, { pollMs: d.config.payments.outboxPollMs, retryBaseMs: d.config.payments.outboxRetryBaseMs });
  const payments = new PaymentsService(d.ds, d.tx, d.config, d.logger, d.family, d.audit, outbox);
  const bills = new BillsService(d.ds, d.tx, new HisBillsClient(d.his), d.family, payments, outbox, d.audit, d.crypto, d.logger);
  return { outbox, payments, bills, jobs: [outbox.job, payments.job] };
}
