import type { VaccinesDeps } from './context';
import { VaccinesService } from './service';

/** 预防接种: the service, registered on payments (purpose `vaccine`, self-paid doses) and the outbox (AEFI reports), and its job. */
export function buildVaccines(d: VaccinesDeps) {
  const service = new VaccinesService(d);
  d.payments.registerPurpose('vaccine', service.booking.paymentHandlers);
  return { service, jobs: [service.job] };
}
