import type { DataSource } from 'typeorm';
import type { Audit } from '../../audit/audit';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Tx } from '../../db/data-source';
import type { Logger } from '../../logger';
import type { Outbox } from '../../outbox/outbox';
import type { Upstream } from '../../upstream/http';
import type { FamilyService } from '../family/service';
import type { PaymentsService } from '../payments/service';
import { HisInpatientClient } from './his-inpatient';
import { InpatientService } from './service';

export { inpatientAccountData } from './account-data';

/** 住院服务, registered on payments (purpose `inpatient`) and the outbox (HIS credit). */
export function buildInpatient(d: { ds: DataSource; tx: Tx; his: Upstream; family: FamilyService; payments: PaymentsService; outbox: Outbox; audit: Audit; crypto: FieldCrypto; logger: Logger }) {
  return new InpatientService(d.ds, d.tx, new HisInpatientClient(d.his), d.family, d.payments, d.outbox, d.audit, d.crypto, d.logger);
}
