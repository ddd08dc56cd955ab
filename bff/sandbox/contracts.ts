import type Koa from 'koa';
import { upstream } from '@healthpocket/shared-types';
import { z } from 'zod';

const { his: H, platform: P, wechat: W, wechatpay: WP, healthcard: HC } = upstream;

/**
 * Which contract schema (shared-types `upstream.*`, the same the BFF parses with) each answer of
 * the sandbox must fit, by route. Every 2xx answer of a route here is checked before it is sent
 * (contractCheck below): a sandbox that drifts from the contract fails its own request, loudly,
 * instead of teaching the BFF a shape no real upstream answers. Sandbox-only helper routes
 * (/…/sandbox/…) are not part of any contract.
 */
export const CONTRACTS: Record<string, z.ZodType> = {
  // HIS: browse, registration, the visit-day queue
  'GET /his/hospitals': H.HospitalList,
  'GET /his/hospitals/:hospitalId': H.Hospital,
  'GET /his/hospitals/:hospitalId/departments': H.DepartmentList,
  'GET /his/departments/:departmentId/doctors': H.DoctorList,
  'GET /his/doctors/:doctorId': H.Doctor,
  'GET /his/doctors/:doctorId/schedules': H.SessionList,
  'GET /his/search/doctors': H.DoctorList,
  'GET /his/slots/:slotId': H.Slot,
  'GET /his/sessions/:sessionId': H.Session,
  'POST /his/appointments': H.Appointment,
  'GET /his/appointments': H.AppointmentList,
  'GET /his/appointments/:id': H.Appointment,
  'POST /his/appointments/:id/confirm': H.Appointment,
  'POST /his/appointments/:id/cancel': H.Appointment,
  'POST /his/appointments/:id/check-in': H.CheckIn,
  'GET /his/appointments/:id/queue': H.Queue,
  // HIS: outpatient bills and inpatient accounts
  'GET /his/bills': H.BillList,
  'GET /his/bills/:billNo': H.Bill,
  'POST /his/bills/settle': H.Settlement,
  'POST /his/bills/:billNo/refund': H.Bill,
  'GET /his/inpatient/admissions': H.AdmissionList,
  'GET /his/inpatient/admissions/:admissionNo': H.Admission,
  'GET /his/inpatient/admissions/:admissionNo/deposits': H.DepositList,
  'GET /his/inpatient/admissions/:admissionNo/daily-charges': z.union([H.DayTotalList, H.DailyChargeList]),
  'POST /his/inpatient/deposits': H.DepositCredit,
  // the platform: identity, the health record, family doctors, staff, vaccination
  'GET /platform/residents/by-id-number/:idNumber': P.ResidentBasic,
  'POST /platform/residents/match': P.ResidentBasic,
  'POST /platform/residents/phone-check': P.PhoneCheck,
  'POST /platform/guardianships/verify': P.GuardianshipCheck,
  'GET /platform/residents/:recordNumber': P.Resident,
  'GET /platform/residents/:recordNumber/basic-info': P.BasicSupplement,
  'GET /platform/residents/:recordNumber/contract': P.Contract,
  'GET /platform/residents/:recordNumber/followups': P.FollowupList,
  'POST /platform/residents/:recordNumber/followups': P.FollowupWritten,
  'GET /platform/residents/:recordNumber/checkups': P.CheckupList,
  'GET /platform/residents/:recordNumber/visits': P.VisitList,
  'GET /platform/residents/:recordNumber/reports': P.ReportSummaryList,
  'GET /platform/residents/:recordNumber/reports/:reportId': P.Report,
  'GET /platform/residents/:recordNumber/immunizations': P.ImmunizationHistory,
  'GET /platform/teams': P.TeamList,
  'GET /platform/teams/:teamId': P.Team,
  'GET /platform/teams/:teamId/residents': P.RosterPage,
  'GET /platform/contract-applications': P.ContractApplicationList,
  'POST /platform/contract-applications': P.ContractApplication,
  'GET /platform/contract-applications/:id': P.ContractApplication,
  'POST /platform/contract-applications/:id/approve': P.ContractApplication,
  'POST /platform/contract-applications/:id/decline': P.ContractApplication,
  'GET /platform/staff': P.StaffList,
  'GET /platform/staff/:staffId': P.Staff,
  'GET /platform/vaccination/clinics': P.ClinicList,
  'GET /platform/vaccination/clinics/:clinicId/sessions': P.VaccinationSessionList,
  'GET /platform/vaccination/products': P.ProductList,
  'POST /platform/vaccination/aefi-reports': P.AefiReceipt,
  'GET /platform/vaccination/aefi-reports/:reportNo': P.AefiStatus,
  // WeChat and the WeCom group robot
  'GET /wechat/sns/jscode2session': W.Code2Session,
  'POST /wechat/cgi-bin/stable_token': W.StableToken,
  'POST /wechat/wxa/business/getuserphonenumber': W.PhoneNumber,
  'POST /wechat/cityservice/face/identify/getverifyid': W.FaceVerifyId,
  'POST /wechat/cityservice/face/identify/queryverifyinfo': W.FaceVerifyResult,
  'POST /wechat/cgi-bin/message/subscribe/send': W.WxResult,
  'POST /wechat/wxa/msg_sec_check': W.MsgSecCheck,
  'POST /wecom/cgi-bin/webhook/send': W.RobotWebhook,
  // WeChat Pay v3
  'POST /wechatpay/v3/pay/transactions/jsapi': WP.Prepay,
  'GET /wechatpay/v3/pay/transactions/out-trade-no/:outTradeNo': WP.Transaction,
  'GET /wechatpay/v3/pay/transactions/id/:transactionId': WP.Transaction,
  'POST /wechatpay/v3/refund/domestic/refunds': WP.Refund,
  'GET /wechatpay/v3/refund/domestic/refunds/:outRefundNo': WP.Refund,
  // the 电子健康卡 platform
  'POST /healthcard/rest/auth/HealthCard/HealthOpenAuth/AuthObj/getAppToken': HC.AppToken,
  'POST /healthcard/rest/auth/HealthCard/HealthOpenPlatform/ISVOpenObj/registerHealthCard': HC.Registered,
  'POST /healthcard/rest/auth/HealthCard/HealthOpenPlatform/ISVOpenObj/getDynamicQRCode': HC.DynamicQrCode,
};

/**
 * Types a sandbox answer by its contract at compile time: the fields the schema names must have
 * its types; fields it does not name are allowed (a real upstream adds some too). Returns the value.
 */
export function answer<S extends z.ZodType, T extends z.input<S>>(_schema: S, value: T): T {
  return value;
}

/** The body as JSON: a route that signs its answer (WeChat Pay) sets the serialised text. */
function jsonOf(body: unknown): unknown {
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    try {
      return JSON.parse(String(body));
    } catch {
      return undefined;
    }
  }
  return body;
}

/**
 * Checks each 2xx answer of a contract route against its schema before it is sent. A mismatch is
 * the sandbox's own bug: it answers 500 SANDBOX_CONTRACT_BROKEN with the failing paths (and logs
 * them), so the test that made the request fails where the drift is.
 */
export function contractCheck(): Koa.Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.status < 200 || ctx.status >= 300) return;
    const route = (ctx as unknown as { _matchedRoute?: string })._matchedRoute;
    const schema = route ? CONTRACTS[`${ctx.method} ${route}`] : undefined;
    if (!schema) return;
    const parsed = schema.safeParse(jsonOf(ctx.body));
    if (parsed.success) return;
    const issues = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    console.error(`sandbox answer of ${ctx.method} ${route} breaks the upstream contract: ${issues.join('; ')}`);
    ctx.status = 500;
    ctx.body = { code: 'SANDBOX_CONTRACT_BROKEN', message: `${ctx.method} ${route} answered a shape outside the upstream contract`, issues };
  };
}
