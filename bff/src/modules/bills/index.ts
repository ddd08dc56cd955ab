import type { DataSource } from 'typeorm';
import type { Audit } from '../../audit/audit';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Tx } from '../../db/data-source';
import type { Logger } from '../../logger';
import type { Outbox } from '../../outbox/outbox';
import type { Upstream } from '../../upstream/http';
import type { FamilyService } from '../family/service';
import type { PaymentsPort } from '../payments/port';
import { HisBillsClient } from './his-bills';
import { BillsService } from './service';

/** 诊间支付: registers purpose `bill` on payments and its HIS topics on the outbox; keeps its own bill_charges. */
export function buildBills(d: {
  ds: DataSource;
  tx: Tx;
  his: Upstream;
  family: FamilyService;
  payments: PaymentsPort;
  outbox: Outbox;
  audit: Audit;
  crypto: FieldCrypto;
  logger: Logger;
  webViewDomains: readonly string[];
}) {
  return new BillsService(d.ds, d.tx, new HisBillsClient(d.his), d.family, d.payments, d.outbox, d.audit, d.crypto, d.logger, d.webViewDomains);
}
