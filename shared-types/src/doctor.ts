import { z } from 'zod';
import { EntityId } from './common';
import { AssignmentView, HandoverView } from './team-work';
import { RecordSummary } from './records';

/**
 * Family doctor (家庭医生): contract, chat with the contracted team, home readings and alerts.
 * Thresholds come from ../../../shared/domain/health-rules.md (公卫规范); `classifyReading` is the
 * one implementation, used by the BFF to flag and alert and by the app to colour a reading.
 */

// ---- online-care notice (互联网诊疗管理办法) ---------------------------------------------------

export const ONLINE_CARE_NOTICE =
  '在线咨询仅提供健康咨询和已确诊疾病的复诊随访建议，不能替代线下首诊诊断；病情变化或出现胸痛、呼吸困难、意识不清等紧急情况请立即就医或拨打120。不开具麻醉、精神类药品。6岁以下儿童咨询需监护人陪同。';

// ---- readings and thresholds ----------------------------------------------------------------

export const ReadingKind = z.enum(['bp', 'glucose']);
export type ReadingKind = z.infer<typeof ReadingKind>;
export const GlucoseContext = z.enum(['fasting', 'postprandial', 'random']);
export type GlucoseContext = z.infer<typeof GlucoseContext>;
export const ReadingSource = z.enum(['manual', 'device']);
export type ReadingSource = z.infer<typeof ReadingSource>;
/** normal < uncontrolled (above target) < urgent (referral threshold). */
export const ReadingCategory = z.enum(['normal', 'uncontrolled', 'urgent']);
export type ReadingCategory = z.infer<typeof ReadingCategory>;

export const BpValues = z.object({
  systolic: z.number().int('收缩压请填写整数').min(50, '收缩压应在 50–300 mmHg 之间').max(300, '收缩压应在 50–300 mmHg 之间'),
  diastolic: z.number().int('舒张压请填写整数').min(30, '舒张压应在 30–200 mmHg 之间').max(200, '舒张压应在 30–200 mmHg 之间'),
  pulse: z.number().int('心率请填写整数').min(30, '心率应在 30–250 次/分 之间').max(250, '心率应在 30–250 次/分 之间').optional(),
});
export type BpValues = z.infer<typeof BpValues>;
export const GlucoseValues = z.object({
  /** mmol/L, one decimal. */
  mmol: z.number().min(1, '血糖应在 1.0–35.0 mmol/L 之间').max(35, '血糖应在 1.0–35.0 mmol/L 之间'),
  context: GlucoseContext,
});
export type GlucoseValues = z.infer<typeof GlucoseValues>;

/** Clinic thresholds are for readings taken by staff; home (self-measured, device) readings run lower. */
export type ReadingSetting = 'home' | 'clinic';

export const THRESHOLDS = {
  bp: {
    urgent: { systolic: 180, diastolic: 110 },
    clinic: { systolic: 140, diastolic: 90 },
    clinicAged65: { systolic: 150, diastolic: 90 },
    home: { systolic: 135, diastolic: 85 },
  },
  glucose: { urgentHigh: 16.7, urgentLow: 3.9, fastingUncontrolled: 7.0 },
  /** Diabetes referral also lists heart rate > 100 (公卫规范). */
  diabeticPulseAbove: 100,
} as const;

export interface Classification {
  category: ReadingCategory;
  /** Why, in Chinese, for the resident and the doctor. */
  reason: string | null;
}

export function classifyReading(
  r: { kind: 'bp'; values: BpValues } | { kind: 'glucose'; values: GlucoseValues },
  opts: { setting?: ReadingSetting; age?: number | null; diabetic?: boolean } = {},
): Classification {
  const T = THRESHOLDS;
  if (r.kind === 'bp') {
    const { systolic: s, diastolic: d, pulse } = r.values;
    if (s >= T.bp.urgent.systolic || d >= T.bp.urgent.diastolic) {
      return { category: 'urgent', reason: `血压 ${s}/${d} mmHg 达到紧急转诊标准（≥180/110）` };
    }
    if (opts.diabetic && pulse !== undefined && pulse > T.diabeticPulseAbove) {
      return { category: 'urgent', reason: `糖尿病患者心率 ${pulse} 次/分，超过 100 次/分，达到紧急转诊标准` };
    }
    const limit = (opts.setting ?? 'home') === 'home' ? T.bp.home : (opts.age ?? 0) >= 65 ? T.bp.clinicAged65 : T.bp.clinic;
    if (s >= limit.systolic || d >= limit.diastolic) {
      const where = (opts.setting ?? 'home') === 'home' ? '家庭自测' : '诊室';
      return { category: 'uncontrolled', reason: `${where}血压 ${s}/${d} mmHg 未达标（目标 <${limit.systolic}/${limit.diastolic}）` };
    }
    return { category: 'normal', reason: null };
  }
  const { mmol, context } = r.values;
  if (mmol >= T.glucose.urgentHigh) return { category: 'urgent', reason: `血糖 ${mmol} mmol/L 达到紧急转诊标准（≥16.7）` };
  if (mmol <= T.glucose.urgentLow) return { category: 'urgent', reason: `血糖 ${mmol} mmol/L 过低，达到紧急转诊标准（≤3.9）` };
  if (context === 'fasting' && mmol >= T.glucose.fastingUncontrolled) {
    return { category: 'uncontrolled', reason: `空腹血糖 ${mmol} mmol/L 未达标（目标 <7.0）` };
  }
  return { category: 'normal', reason: null };
}

const Instant = z.iso.datetime({ offset: true, message: '时间格式应为 ISO 8601，例如 2026-11-22T08:30:00+08:00' });

export const AddReadingRequest = z.discriminatedUnion('kind', [
  z.object({ memberId: EntityId, kind: z.literal('bp'), values: BpValues, measuredAt: Instant }),
  z.object({ memberId: EntityId, kind: z.literal('glucose'), values: GlucoseValues, measuredAt: Instant }),
]);
export type AddReadingRequest = z.infer<typeof AddReadingRequest>;

export const ReadingView = z.object({
  id: z.string(),
  memberId: z.string(),
  kind: ReadingKind,
  values: z.union([BpValues, GlucoseValues]),
  source: ReadingSource,
  deviceName: z.string().nullable(),
  category: ReadingCategory,
  reason: z.string().nullable(),
  measuredAt: z.string(),
  createdAt: z.string(),
});
export type ReadingView = z.infer<typeof ReadingView>;
export const ReadingList = z.object({ items: z.array(ReadingView), nextCursor: z.string().nullable() });

/** Device ingestion: a device may send a batch; `externalId` makes a resend harmless. */
export const DeviceReadingsRequest = z.object({
  readings: z
    .array(
      z.discriminatedUnion('kind', [
        z.object({ externalId: z.string().min(1).max(64), kind: z.literal('bp'), values: BpValues, measuredAt: Instant }),
        z.object({ externalId: z.string().min(1).max(64), kind: z.literal('glucose'), values: GlucoseValues, measuredAt: Instant }),
      ]),
    )
    .min(1)
    .max(100),
});
export const DeviceReadingsResult = z.object({ accepted: z.number().int(), duplicates: z.number().int(), alerts: z.number().int() });

export const RegisterDeviceRequest = z.object({
  memberId: EntityId,
  name: z.string().trim().min(1, '请填写设备名称').max(32, '设备名称最多32个字'),
  kind: ReadingKind,
});
export const DeviceView = z.object({
  id: z.string(),
  memberId: z.string(),
  name: z.string(),
  kind: ReadingKind,
  lastSeenAt: z.string().nullable(),
  createdAt: z.string(),
});
export type DeviceView = z.infer<typeof DeviceView>;
/** The secret is shown once, at registration; the BFF keeps only its hash. */
export const RegisteredDevice = DeviceView.extend({ secret: z.string(), ingestUrl: z.string() });

export const AlertView = z.object({
  id: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  conversationId: z.string().nullable(),
  readingId: z.string(),
  kind: ReadingKind,
  values: z.union([BpValues, GlucoseValues]),
  reason: z.string(),
  status: z.enum(['open', 'acknowledged']),
  measuredAt: z.string(),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  /** The outcome the doctor recorded (已电话联系 …), the note, and who. */
  outcome: z.enum(['phoned', 'advised_visit', 'referred_120', 'device_error']).nullable(),
  note: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  /** How far the alert escalated (0: the doctor on duty) and who was notified at each step. */
  escalationLevel: z.number().int().nullable(),
  notified: z.array(z.object({ level: z.number().int(), staffIds: z.array(z.string()), at: z.string() })),
});
export type AlertView = z.infer<typeof AlertView>;
export const AlertList = z.object({ items: z.array(AlertView) });

// ---- teams and contracts --------------------------------------------------------------------

export const ServicePackageView = z.object({ id: z.string(), name: z.string(), priceFen: z.number().int(), validMonths: z.number().int(), items: z.array(z.string()) });
export const TeamMemberView = z.object({ id: z.string(), name: z.string(), role: z.string(), title: z.string(), isLeader: z.boolean() });
export const TeamView = z.object({
  id: z.string(),
  name: z.string(),
  centreName: z.string(),
  phone: z.string(),
  intro: z.string(),
  communities: z.array(z.string()),
  members: z.array(TeamMemberView),
  packages: z.array(ServicePackageView),
  contractedCount: z.number().int(),
  /** True when the team serves the member's community. */
  servesMember: z.boolean(),
});
export type TeamView = z.infer<typeof TeamView>;
export const TeamList = z.object({ items: z.array(TeamView) });

export const ContractView = z.object({
  id: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  doctorId: z.string(),
  doctorName: z.string(),
  packages: z.array(ServicePackageView),
  validFrom: z.string(),
  validTo: z.string(),
  team: TeamView,
});
export type ContractView = z.infer<typeof ContractView>;

export const SignedAgreementView = z.object({ version: z.string(), signedAt: z.string(), signerName: z.string() });
export type SignedAgreementView = z.infer<typeof SignedAgreementView>;
export const ApplicationStatus = z.enum(['pending', 'approved', 'declined']);
export const ApplicationView = z.object({
  id: z.string(),
  memberId: z.string().nullable(),
  memberName: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  packageIds: z.array(z.string()),
  /** The packages applied for, with their contents (the reviewer sees what the resident chose). */
  packages: z.array(ServicePackageView),
  /** A first contract, or 续约 of the current one. */
  kind: z.enum(['new', 'renewal']),
  /** The agreement the applicant signed with this application (null: signed earlier, same version, or on paper). */
  agreement: SignedAgreementView.nullable(),
  status: ApplicationStatus,
  reason: z.string().nullable(),
  note: z.string().nullable(),
  appliedAt: z.string(),
  decidedAt: z.string().nullable(),
  /** Workbench only: age, sex, community, chronic conditions, to decide. */
  applicant: z
    .object({
      sex: z.string(),
      age: z.number().int(),
      community: z.string(),
      conditions: z.array(z.string()),
      phoneMasked: z.string().nullable(),
      /** The applicant lives outside the communities the team serves: the reviewer is told (签约 is by residence). */
      outsideCommunity: z.boolean(),
    })
    .optional(),
});
export type ApplicationView = z.infer<typeof ApplicationView>;
export const ApplicationList = z.object({ items: z.array(ApplicationView) });

export const AgreementView = z.object({ version: z.string(), effectiveFrom: z.string(), title: z.string(), clauses: z.array(z.string()) });
export type AgreementView = z.infer<typeof AgreementView>;

export const MyContract = z.object({
  memberId: z.string(),
  memberName: z.string(),
  contract: ContractView.nullable(),
  /** The agreement signed for the current contract here (null: signed on paper before this service). */
  signedAgreement: SignedAgreementView.nullable().optional(),
  /** 续约: open in the last 30 days of the contract year; a new agreement version must be signed again. */
  renewal: z.object({ open: z.boolean(), daysLeft: z.number().int(), opensOn: z.string(), resignRequired: z.boolean(), currentVersion: z.string() }).nullable().optional(),
  application: ApplicationView.nullable(),
  /** Why the member cannot have a platform record here (e.g. a child not yet matched). */
  unavailableReason: z.string().nullable(),
  /** Set when the member policy refused (IDENTITY_UNVERIFIED, GUARDIAN_UNCONFIRMED, FAMILY_AUTHORIZATION_REQUIRED). */
  refusal: z.string().optional(),
});
export type MyContract = z.infer<typeof MyContract>;

/** 勾选 + 签署: the version shown, the box ticked, and the signer's typed real name. */
export const AgreementSignature = z.object({
  version: z.string().min(1).max(16),
  accepted: z.literal(true, { message: '请先阅读并勾选同意《家庭医生签约服务协议书》' }),
  signerName: z.string().trim().min(1, '请输入您的姓名完成签署').max(32, '姓名最多32字'),
});
export type AgreementSignature = z.infer<typeof AgreementSignature>;
const PackageIds = z.array(z.string().min(1).max(32)).min(1, '请至少选择一个服务包').max(4);
export const ApplyRequest = z.object({
  memberId: EntityId,
  teamId: EntityId.max(16),
  packageIds: PackageIds,
  note: z.string().trim().max(200, '备注最多200字').optional(),
  agreement: AgreementSignature,
});
/** 续约 with the same team; the agreement is required when its version changed since the last signature. */
export const RenewRequest = z.object({ packageIds: PackageIds, agreement: AgreementSignature.optional() });
export const DecideRequest = z.object({ reason: z.string().trim().min(1, '请填写不通过的原因').max(100, '原因最多100字') });

// ---- chat -----------------------------------------------------------------------------------

export const MessageKind = z.enum(['text', 'image', 'system']);
export const SenderRole = z.enum(['resident', 'doctor', 'system']);
export const MessageView = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number().int(),
  clientId: z.string().nullable(),
  senderRole: SenderRole,
  senderName: z.string(),
  kind: MessageKind,
  text: z.string().nullable(),
  image: z.object({ id: z.string(), url: z.string(), thumbUrl: z.string(), width: z.number().int(), height: z.number().int() }).nullable(),
  createdAt: z.string(),
});
export type MessageView = z.infer<typeof MessageView>;

export const SendMessageRequest = z.union([
  z.object({
    clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'clientId 应为 8–64 位字母数字'),
    kind: z.literal('text'),
    text: z.string().trim().min(1, '请输入消息内容').max(1000, '一条消息最多1000字'),
  }),
  z.object({ clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'clientId 应为 8–64 位字母数字'), kind: z.literal('image'), imageId: EntityId }),
]);
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;

export const ConversationView = z.object({
  id: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  doctorName: z.string(),
  status: z.enum(['open', 'resolved']),
  lastSeq: z.number().int(),
  /** The other side has read up to here (read receipts). */
  peerReadSeq: z.number().int(),
  myReadSeq: z.number().int(),
  unread: z.number().int(),
  notice: z.string(),
  /** Working hours of the team, shown beside the input. */
  hours: z.string(),
  /** Templates to ask for with wx.requestSubscribeMessage (a reply or an alert while offline). */
  subscribeTemplateIds: z.array(z.string()),
});
export type ConversationView = z.infer<typeof ConversationView>;

export const MessagePage = z.object({
  items: z.array(MessageView),
  /** Older page: pass as `beforeSeq`; null when the first message is included. */
  beforeSeq: z.number().int().nullable(),
  lastSeq: z.number().int(),
  peerReadSeq: z.number().int(),
});
export type MessagePage = z.infer<typeof MessagePage>;
export const MessagesQuery = z.object({
  beforeSeq: z.coerce.number().int().min(1).optional(),
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const ChatReadRequest = z.object({ seq: z.number().int().min(0) });

export const InboxItem = z.object({
  conversationId: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  memberAge: z.number().int().nullable(),
  memberSex: z.string().nullable(),
  status: z.enum(['open', 'resolved']),
  lastMessage: z.string().nullable(),
  lastMessageAt: z.string().nullable(),
  /** Since when the resident waits for an answer; null when the team answered last. */
  waitingSince: z.string().nullable(),
  unread: z.number().int(),
  openAlerts: z.number().int(),
  /** The team member it was handed to (team work), null: the whole team. */
  assignedStaffId: z.string().nullable(),
  /** The latest handover to that member: who handed it over, the note and when (team only). */
  handover: HandoverView.pick({ fromName: true, toName: true, note: true, at: true }).nullable(),
});
export type InboxItem = z.infer<typeof InboxItem>;
/** Open alerts first, then waiting longest; `nextCursor` fetches the next page (null on the last). */
export const Inbox = z.object({ items: z.array(InboxItem), nextCursor: z.string().nullable() });
export type Inbox = z.infer<typeof Inbox>;
export const InboxQuery = z.object({
  status: z.enum(['open', 'resolved', 'all']).default('all'),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const WorkbenchConversation = z.object({
  conversation: ConversationView,
  member: z.object({
    name: z.string(),
    sex: z.string().nullable(),
    age: z.number().int().nullable(),
    recordNumber: z.string().nullable(),
    conditions: z.array(z.string()),
    allergies: z.array(z.string()),
    contract: z.object({ packages: z.array(z.string()), validTo: z.string() }).nullable(),
  }),
  /** The records service's summary (records policy applies: null when it refuses or has none). */
  summary: RecordSummary.nullable(),
  /** Team work: who has the conversation now, and every handover with its note (team only). */
  assignedTo: AssignmentView.nullable(),
  handovers: z.array(HandoverView),
  readings: z.array(ReadingView),
  alerts: z.array(AlertView),
});

export const WorkingHours = z.object({
  /** ISO weekdays 1 (Mon) … 7 (Sun). */
  days: z.array(z.number().int().min(1).max(7)).max(7),
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm'),
  end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm'),
});
export type WorkingHours = z.infer<typeof WorkingHours>;
export const DoctorSettingsView = z.object({
  hours: WorkingHours,
  autoReply: z.string().max(200),
  quickReplies: z.array(z.string().trim().min(1).max(200)).max(20),
});
export type DoctorSettingsView = z.infer<typeof DoctorSettingsView>;

export const ChatImageUpload = z.object({ id: z.string(), url: z.string(), thumbUrl: z.string(), width: z.number().int(), height: z.number().int(), bytes: z.number().int() });
export type ChatImageUpload = z.infer<typeof ChatImageUpload>;

// ---- realtime protocol (WebSocket at /api/v1/realtime) ---------------------------------------

/** Client → server. The first frame must be `auth` (a browser WebSocket cannot send headers). */
export type ClientFrame =
  | { type: 'auth'; token: string }
  | { type: 'ping' }
  | { type: 'sync'; conversationId: string; afterSeq: number }
  | { type: 'send'; conversationId: string; message: SendMessageRequest }
  | { type: 'read'; conversationId: string; seq: number };

/** Server → client. */
export type ServerFrame =
  | { type: 'ready'; userId: string }
  | { type: 'pong' }
  | { type: 'ack'; clientId: string; message: MessageView }
  /** `retryAfterSeconds` with RATE_LIMITED: when the same send may be tried again. */
  | { type: 'nack'; clientId: string; code: string; message: string; retryAfterSeconds?: number }
  | { type: 'message'; message: MessageView }
  | { type: 'read'; conversationId: string; by: 'resident' | 'doctor'; seq: number }
  | { type: 'synced'; conversationId: string; lastSeq: number }
  | { type: 'alert'; alert: AlertView }
  | { type: 'inbox'; conversationId: string }
  | { type: 'application'; application: ApplicationView }
  | { type: 'error'; code: string; message: string; retryAfterSeconds?: number };

/** Close codes: 4401 not authenticated / token expired (refresh, then reconnect); 4408 auth timeout. */
/** 1012 (RFC 6455 registry: Service Restart): the instance is draining; reconnect now, another one answers. */
/** 1013 (Try Again Later): the socket could not learn what it should hear (a doctor's teams); reconnect with backoff. */
export const WS_CLOSE = { unauthenticated: 4401, authTimeout: 4408, tooSlow: 4429, restarting: 1012, tryAgain: 1013 } as const;
