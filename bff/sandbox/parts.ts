import type Router from '@koa/router';
import type { SandboxContext } from './context';
import { hisRoutes } from './his/routes';
import { immunizationRoutes } from './platform/immunizations';
import { vaccinationRoutes } from './vaccines/routes';
import { aefiRoutes } from './vaccines/aefi';
import { platformRoutes } from './platform/routes';
import { platformRecordRoutes } from './platform/records';
import { reportOrderRoutes } from './platform/report-orders';
import { platformFollowupRoutes } from './platform/followups';
import { hisBookingRoutes } from './his/booking-routes';
import { contractApplicationRoutes, contractSandboxRoutes } from './platform/contracts';
import { staffRoutes } from './platform/staff';
import { wechatPayRoutes } from './wechatpay/routes';
import { hisBillRoutes } from './his/bills-routes';
import { hisInpatientRoutes } from './his/inpatient-routes';
import { healthCardRoutes } from './healthcard/routes';
import { hisHealthCardRoutes } from './his/healthcard-routes';
import { wecomRoutes } from './wecom/routes';

/** Each upstream stand-in is a router factory, listed here. */
export const sandboxParts: Array<(ctx: SandboxContext) => Router> = [
  hisRoutes,
  platformRoutes,
  immunizationRoutes,
  vaccinationRoutes,
  aefiRoutes,
  platformRecordRoutes,
  reportOrderRoutes,
  platformFollowupRoutes,
  hisBookingRoutes,
  contractApplicationRoutes,
  contractSandboxRoutes,
  staffRoutes,
  wechatPayRoutes,
  hisBillRoutes,
  hisInpatientRoutes,
  healthCardRoutes,
  hisHealthCardRoutes,
  wecomRoutes,
];
