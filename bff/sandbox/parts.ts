import type Router from '@koa/router';
import type { Faults } from './faults';
import type { WechatState } from './wechat/state';
import { hisRoutes } from './his/routes';
import { immunizationRoutes } from './platform/immunizations';
import { vaccinationRoutes } from './vaccines/routes';
import { platformRoutes } from './platform/routes';
import { platformRecordRoutes } from './platform/records';
import { platformFollowupRoutes } from './platform/followups';
import { hisBookingRoutes } from './his/booking-routes';
import { contractApplicationRoutes } from './platform/contracts';
import { staffRoutes } from './platform/staff';
import { wechatPayRoutes } from './wechatpay/routes';
import { hisBillRoutes } from './his/bills-routes';
import { hisInpatientRoutes } from './his/inpatient-routes';
import { healthCardRoutes } from './healthcard/routes';
import { hisHealthCardRoutes } from './his/healthcard-routes';
import { wecomRoutes } from './wecom/routes';

export interface SandboxContext {
  appid: string;
  secret: string;
  seed: number;
  faults: Faults;
  wechat: WechatState;
  keysDir?: string;
}

/** Each upstream stand-in is a router factory; later services add theirs here. */
export const sandboxParts: Array<(ctx: SandboxContext) => Router> = [hisRoutes, platformRoutes, immunizationRoutes, vaccinationRoutes, platformRecordRoutes, platformFollowupRoutes, hisBookingRoutes, contractApplicationRoutes, staffRoutes, wechatPayRoutes, hisBillRoutes, hisInpatientRoutes, healthCardRoutes, hisHealthCardRoutes, wecomRoutes];
