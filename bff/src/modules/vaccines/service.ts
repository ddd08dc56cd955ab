import type { Scope } from '../../audit/audit';
import type { FamilyMember } from '../../db/entities';
import { VaccineBooking } from './booking';
import { VaccinesContext, type VaccinesDeps } from './context';
import { VaccineJobs } from './jobs';
import { VaccineQueries } from './queries';
import { VaccineObservations } from './observation';
import { VaccineStockAlerts } from './stock-alerts';
import { VaccineAefiReports } from './aefi';
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
  readonly observations: VaccineObservations;
  readonly stockAlerts: VaccineStockAlerts;
  readonly aefi: VaccineAefiReports;

  constructor(deps: VaccinesDeps) {
    this.context = new VaccinesContext(deps);
    this.queries = new VaccineQueries(this.context);
    this.booking = new VaccineBooking(this.context, this.queries);
    this.observations = new VaccineObservations(this.context, this.queries);
    this.stockAlerts = new VaccineStockAlerts(this.context, this.queries);
    this.aefi = new VaccineAefiReports(this.context, this.queries);
    this.jobs = new VaccineJobs(this.context, this.queries, { stockAlerts: this.stockAlerts, aefi: this.aefi });
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
