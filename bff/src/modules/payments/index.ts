import type { DataSource } from 'typeorm';
import type { Audit } from '../../audit/audit';
import type { Config } from '../../config';
import type { Tx } from '../../db/data-source';
import type { Logger } from '../../logger';
import type { Notices } from '../messages';
import type { Outbox } from '../../outbox/outbox';
import type { FamilyService } from '../family/service';
import { PaymentsService } from './service';

/** The payments module: the service (its PaymentsPort is what bills, booking, vaccines and inpatient get) and its jobs. */
export function buildPayments(d: { config: Config; ds: DataSource; tx: Tx; logger: Logger; family: FamilyService; audit: Audit; outbox: Outbox; notices: Notices }) {
  const service = new PaymentsService(d.ds, d.tx, d.config, d.logger, d.family, d.audit, d.outbox, d.notices);
  return { service, jobs: [service.job] };
}
