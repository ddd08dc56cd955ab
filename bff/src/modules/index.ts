import type { AnyRoute } from '../http/route';
import type { Services } from '../services';
import { systemRoutes } from './system/routes';
import { authRoutes } from './auth/routes';
import { profileRoutes } from './profile/routes';
import { identityRoutes } from './identity/routes';
import { familyRoutes } from './family/routes';
import { familyAccessRoutes } from './family/access-routes';
import { vaccineRoutes } from './vaccines/routes';
import { vaccineCareRoutes } from './vaccines/care-routes';
import { bookingRoutes } from './booking/routes';
import { paymentRoutes } from './payments/routes';
import { billRoutes } from './bills/routes';
import { inpatientRoutes } from './inpatient/routes';
import { doctorRoutes } from './doctor/routes';
import { recordsRoutes } from './records/routes';
import { contentRoutes } from './content/routes';
import { healthCardRoutes } from './healthcard/routes';
import { staffRoutes } from './staff/routes';
import { accountRoutes } from './account/routes';
import { auditRoutes } from './audit/routes';
import { messageRoutes } from './messages/routes';

/**
 * Every module's routes. A module's public surface is its `index.ts` (`build<Module>(deps)`: its
 * services and `jobs`, its payment purpose and outbox topics registered on the ports it is given)
 * and its `routes.ts` (listed here); README "Module shape".
 */
export const moduleRoutes: Array<(s: Services) => AnyRoute[]> = [
  systemRoutes,
  authRoutes,
  profileRoutes,
  identityRoutes,
  familyRoutes,
  familyAccessRoutes,
  vaccineRoutes,
  vaccineCareRoutes,
  bookingRoutes,
  recordsRoutes,
  doctorRoutes,
  contentRoutes,
  paymentRoutes,
  billRoutes,
  inpatientRoutes,
  healthCardRoutes,
  staffRoutes,
  accountRoutes,
  auditRoutes,
  messageRoutes,
];
