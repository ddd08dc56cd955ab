import type { Upstream } from '../../upstream/http';
import { HisInpatientClient } from './his-inpatient';
import { InpatientService, type InpatientDeps } from './service';

export { inpatientAccountData } from './account-data';

/** 住院服务, registered on payments (purpose `inpatient`) and the outbox (HIS credit). */
export function buildInpatient(d: Omit<InpatientDeps, 'his'> & { his: Upstream }) {
  return new InpatientService({ ...d, his: new HisInpatientClient(d.his) });
}
