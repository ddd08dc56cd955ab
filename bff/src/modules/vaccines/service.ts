import type { Scope } from '../../audit/audit';
import type { FamilyMember } from '../../db/entities';
import { VaccineBooking } from './booking';
import { VaccinesContext, type VaccinesDeps } from './context';
import { VaccineJobs } from './jobs';
import { VaccineQueries } from './queries';
import type { DoseEntry } from './schedule/engine';

/**
 * Vaccination: the programme timeline (schedule engine over the national programme as data),
 * clinics and sessions, booking with session places and stock, the 'vaccine' payment purpose,
 * reminders and attendance. The parts share one context (schedule, platform, inventory, clock).
 */
export class VaccinesService {
  readonly context: VaccinesContext;
  readonly queries: VaccineQueries;
  readonly booking: VaccineBooking;
  readonly jobs: VaccineJobs;

  constructor(deps: VaccinesDeps) {
    this.context = new VaccinesContext(deps);
    this.queries = new VaccineQueries(this.context);
    this.booking = new VaccineBooking(this.context, this.queries);
    this.jobs = new VaccineJobs(this.context, this.queries);
  }

  /** Called once payments exist: self-paid doses are paid through the 'vaccine' purpose. */
  registerPaymentPurpose(): void {
    this.context.deps.payments()?.registerPurpose('vaccine', this.booking.paymentHandlers);
  }

  /** Programme doses due (or coming due) within `days` for a member: for content targeting ("a vaccine due within 14 days") and reminders. */
  dueWithin(member: FamilyMember, days: number): Promise<DoseEntry[]> {
    return this.queries.dueWithin(member, days);
  }

  timeline(scope: Scope, memberId: string) {
    return this.queries.timeline(scope, memberId);
  }

  record(scope: Scope, memberId: string) {
    return this.queries.record(scope, memberId);
  }

  /** The background job (attendance + reminders) for services.jobs. */
  get job() {
    return this.jobs.job;
  }
}
