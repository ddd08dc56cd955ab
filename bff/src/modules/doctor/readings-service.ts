import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { In, IsNull, LessThan, MoreThanOrEqual, type DataSource } from 'typeorm';
import { ageOn, classifyReading, type AddReadingRequest, type AlertView, type BpValues, type DeviceView, type GlucoseValues, type ReadingKind, type ReadingView } from '@healthpocket/shared-types';
import type { Audit, Scope } from '../../audit/audit';
import { FamilyMember } from '../../db/entities';
import { newId } from '../../db/columns';
import { errors } from '../../errors';
import type { Logger } from '../../logger';
import type { RealtimeServer } from '../../realtime';
import type { FamilyService } from '../family/service';
import type { ProfileService } from '../profile/service';
import { isUniqueViolation } from '../../db/unique-violation';
import { HealthAlert, HealthDevice, HealthReading } from './entities';
import type { ChatService } from './chat-service';
import type { ResidentNotifier } from './notifier';
import type { PlatformDirectory } from './platform';
import { chinaIso, presentAlert, presentReading } from './presenters';

type NewReading = { kind: 'bp'; values: BpValues; measuredAt: string; externalId?: string } | { kind: 'glucose'; values: GlucoseValues; measuredAt: string; externalId?: string };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const DAY = 86400_000;

/**
 * 家庭自测 readings (typed by hand or posted by a device) and the alerts they raise. Every reading
 * is labelled by the home threshold (≥135/85) and, at the referral threshold, raises an alert for
 * the contracted team and a message to the resident, right after it is stored.
 */
export class ReadingsService {
  /** Called once an alert is stored (buildDoctor wires the escalation's first step here). */
  afterAlert: (alertId: string) => Promise<void> = async () => undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly family: FamilyService,
    private readonly profile: ProfileService,
    private readonly platform: PlatformDirectory,
    private readonly chat: ChatService,
    private readonly notifier: ResidentNotifier,
    private readonly realtime: RealtimeServer,
    private readonly audit: Audit,
    private readonly publicBaseUrl: string,
    private readonly logger: Logger,
  ) {}

  async addManual(scope: Scope, req: AddReadingRequest): Promise<ReadingView> {
    const member = await this.family.memberFor(scope, req.memberId, 'health');
    await this.profile.requireConsent(scope.actor.userId, 'health_data');
    const [row] = await this.store(member, [req], 'manual', null);
    await this.audit.record(scope, { action: 'reading.add', subjectType: 'member', subjectId: member.id, detail: { kind: req.kind, category: row.reading.category } });
    return presentReading(row.reading);
  }

  async list(scope: Scope, memberId: string, q: { kind?: ReadingKind; before?: string; limit: number }): Promise<{ items: ReadingView[]; nextCursor: string | null }> {
    const member = await this.family.memberFor(scope, memberId, 'health');
    await this.profile.requireConsent(scope.actor.userId, 'health_data');
    const rows = await this.ds.getRepository(HealthReading).find({
      where: { memberId: member.id, ...(q.kind ? { kind: q.kind } : {}), ...(q.before ? { measuredAt: LessThan(new Date(q.before)) } : {}) },
      order: { measuredAt: 'DESC' },
      take: q.limit,
    });
    const devices = await this.deviceNames(rows);
    await this.audit.record(scope, { action: 'reading.list', subjectType: 'member', subjectId: member.id });
    return {
      items: rows.map((r) => presentReading(r, r.deviceId ? (devices.get(r.deviceId) ?? null) : null)),
      nextCursor: rows.length === q.limit ? chinaIso(rows[rows.length - 1].measuredAt) : null,
    };
  }

  /** For the workbench and the self-report (access already checked by the caller); `since` bounds it in time. */
  async recentFor(memberId: string, limit = 20, since?: Date): Promise<ReadingView[]> {
    const rows = await this.ds.getRepository(HealthReading).find({ where: { memberId, ...(since ? { measuredAt: MoreThanOrEqual(since) } : {}) }, order: { measuredAt: 'DESC' }, take: limit });
    const devices = await this.deviceNames(rows);
    return rows.map((r) => presentReading(r, r.deviceId ? (devices.get(r.deviceId) ?? null) : null));
  }

  // ---- devices ----------------------------------------------------------------------------

  async registerDevice(scope: Scope, input: { memberId: string; name: string; kind: ReadingKind }) {
    const member = await this.family.memberFor(scope, input.memberId, 'health');
    await this.profile.requireConsent(scope.actor.userId, 'health_data');
    const secret = randomBytes(24).toString('base64url');
    const device = this.ds
      .getRepository(HealthDevice)
      .create({ id: newId(), memberId: member.id, ownerUserId: member.ownerUserId, name: input.name, kind: input.kind, secretHash: sha256(secret), lastSeenAt: null, revokedAt: null });
    await this.ds.getRepository(HealthDevice).insert(device);
    await this.audit.record(scope, { action: 'device.register', subjectType: 'device', subjectId: device.id, detail: { memberId: member.id, kind: input.kind } });
    const saved = await this.ds.getRepository(HealthDevice).findOneByOrFail({ id: device.id });
    return { ...presentDevice(saved), secret, ingestUrl: `${this.publicBaseUrl}/api/v1/ingest/readings` };
  }

  async devices(scope: Scope, memberId: string): Promise<{ items: DeviceView[] }> {
    const member = await this.family.memberFor(scope, memberId, 'health');
    const rows = await this.ds.getRepository(HealthDevice).find({ where: { memberId: member.id, revokedAt: IsNull() }, order: { createdAt: 'ASC' } });
    return { items: rows.map(presentDevice) };
  }

  async revokeDevice(scope: Scope, deviceId: string): Promise<void> {
    const device = await this.ds.getRepository(HealthDevice).findOneBy({ id: deviceId, ownerUserId: scope.actor.userId, revokedAt: IsNull() });
    if (!device) throw errors.notFound('没有找到该设备');
    // A device sends the member's readings: managing it is under 查看健康信息 (member policy: health).
    await this.family.resourceFor(scope, { userId: device.ownerUserId, memberId: device.memberId }, 'health');
    await this.ds.getRepository(HealthDevice).update({ id: device.id }, { revokedAt: new Date() });
    await this.audit.record(scope, { action: 'device.revoke', subjectType: 'device', subjectId: device.id });
  }

  /** `Authorization: Device <deviceId>:<secret>`; the secret is compared by hash in constant time. */
  async authenticateDevice(header: string): Promise<HealthDevice> {
    const m = /^Device\s+([0-9a-f-]{36}):([A-Za-z0-9_-]{16,128})$/.exec(header.trim());
    if (!m) throw errors.of('DEVICE_AUTH_FAILED');
    const device = await this.ds.getRepository(HealthDevice).findOneBy({ id: m[1], revokedAt: IsNull() });
    const want = Buffer.from(device?.secretHash ?? sha256('no such device'), 'hex');
    const got = Buffer.from(sha256(m[2]), 'hex');
    if (!timingSafeEqual(want, got) || !device) throw errors.of('DEVICE_AUTH_FAILED');
    return device;
  }

  async ingest(device: HealthDevice, readings: NewReading[]): Promise<{ accepted: number; duplicates: number; alerts: number }> {
    if (readings.some((r) => r.kind !== device.kind)) {
      throw errors.badInput([{ path: 'readings', message: `该设备只能上传${device.kind === 'bp' ? '血压' : '血糖'}数据` }], `该设备只能上传${device.kind === 'bp' ? '血压' : '血糖'}数据`);
    }
    const member = await this.ds.getRepository(FamilyMember).findOneBy({ id: device.memberId });
    if (!member) throw errors.of('DEVICE_AUTH_FAILED');
    // Consent withdrawn after the device was bound: stop taking its data.
    await this.profile.requireConsent(member.ownerUserId, 'health_data');
    const rows = await this.store(member, readings, 'device', device.id);
    await this.ds.getRepository(HealthDevice).update({ id: device.id }, { lastSeenAt: new Date() });
    return {
      accepted: rows.filter((r) => r.created).length,
      duplicates: rows.filter((r) => !r.created).length,
      alerts: rows.filter((r) => r.created && r.reading.category === 'urgent').length,
    };
  }

  // ---- alerts -----------------------------------------------------------------------------

  async alerts(scope: Scope, status: 'open' | 'all'): Promise<{ items: AlertView[] }> {
    const teams = await this.chat.staffTeams(scope.actor);
    if (teams.length === 0) return { items: [] };
    const rows = await this.ds.getRepository(HealthAlert).find({ where: { teamId: In(teams), ...(status === 'open' ? { status: 'open' as const } : {}) }, order: { createdAt: 'DESC' }, take: 100 });
    return { items: await this.presentAlerts(rows) };
  }

  async alertsForMember(memberId: string, teamId: string): Promise<AlertView[]> {
    const rows = await this.ds.getRepository(HealthAlert).find({ where: { memberId, teamId }, order: { createdAt: 'DESC' }, take: 20 });
    return this.presentAlerts(rows);
  }

  // ---- storing and alerting ---------------------------------------------------------------

  private async store(member: FamilyMember, readings: NewReading[], source: 'manual' | 'device', deviceId: string | null) {
    const now = Date.now();
    for (const r of readings) {
      const t = Date.parse(r.measuredAt);
      if (t > now + 5 * 60_000) throw errors.badInput([{ path: 'measuredAt', message: '测量时间不能晚于现在' }], '测量时间不能晚于现在');
      if (t < now - 365 * DAY) throw errors.badInput([{ path: 'measuredAt', message: '只能记录一年内的测量数据' }], '只能记录一年内的测量数据');
    }
    let diabetic: boolean | undefined;
    const isDiabetic = async () => (diabetic ??= await this.hasDiabetes(member));
    const out: Array<{ reading: HealthReading; created: boolean }> = [];
    for (const r of readings) {
      const needsConditions = r.kind === 'bp' && (r.values.pulse ?? 0) > 100;
      const c = classifyReading(r, { setting: 'home', age: ageOn(member.birthDate), diabetic: needsConditions ? await isDiabetic() : false });
      const repo = this.ds.getRepository(HealthReading);
      if (deviceId && r.externalId) {
        const dup = await repo.findOneBy({ deviceId, externalId: r.externalId });
        if (dup) {
          out.push({ reading: dup, created: false });
          continue;
        }
      }
      const reading = repo.create({
        id: newId(),
        memberId: member.id,
        ownerUserId: member.ownerUserId,
        kind: r.kind,
        values: r.kind === 'bp' ? { ...r.values } : { mmol: Math.round(r.values.mmol * 10) / 10, context: r.values.context },
        source,
        deviceId,
        externalId: r.externalId ?? null,
        category: c.category,
        reason: c.reason,
        measuredAt: new Date(r.measuredAt),
      });
      try {
        await repo.insert(reading as never);
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        out.push({ reading: await repo.findOneByOrFail({ deviceId: deviceId!, externalId: r.externalId! }), created: false });
        continue;
      }
      const saved = await repo.findOneByOrFail({ id: reading.id });
      out.push({ reading: saved, created: true });
      if (c.category === 'urgent') await this.raiseAlert(member, saved).catch((e) => this.logger.error({ err: e, readingId: saved.id }, 'raising an alert failed'));
    }
    return out;
  }

  private async hasDiabetes(member: FamilyMember): Promise<boolean> {
    try {
      const rn = await this.platform.recordNumberOf(member);
      const resident = rn ? await this.platform.resident(rn) : null;
      return !!resident?.chronicConditions.some((c) => c.code === 'E11');
    } catch {
      return false;
    }
  }

  /** Alert the contracted team (workbench, realtime) and tell the resident in the chat and, if offline, by subscribe message. */
  private async raiseAlert(member: FamilyMember, reading: HealthReading) {
    const reason = reading.reason ?? '测量值达到紧急转诊标准';
    const rn = await this.platform.recordNumberOf(member);
    const contract = rn ? await this.platform.contract(rn) : null;
    const when = chinaIso(reading.measuredAt).slice(5, 16).replace('T', ' ');
    const advice = `【健康提醒】${member.name} ${when} 测量：${reason}。请立即就医或拨打120${contract ? '，家庭医生团队已收到提醒' : ''}。`;
    if (contract && rn) {
      const conv = await this.chat.ensureConversation(member, rn, contract);
      const alert = this.ds.getRepository(HealthAlert).create({
        id: newId(),
        readingId: reading.id,
        memberId: member.id,
        ownerUserId: member.ownerUserId,
        memberName: member.name,
        teamId: contract.teamId,
        conversationId: conv.id,
        reason,
        status: 'open',
        acknowledgedAt: null,
        acknowledgedBy: null,
        outcome: null,
        note: null,
        acknowledgedByStaffId: null,
        acknowledgedByName: null,
        chain: null,
        escalationLevel: null,
        lastNotifiedAt: null,
        escalateAt: null,
        notified: null,
      });
      try {
        await this.ds.getRepository(HealthAlert).insert(alert);
      } catch (e) {
        if (isUniqueViolation(e)) return; // this reading already raised its alert
        throw e;
      }
      // Outside the tab: the doctor on duty's WeChat and the team's group robot (alert-escalation.ts).
      await this.afterAlert(alert.id).catch((e) => this.logger.error({ err: e, alertId: alert.id }, 'first alert notification failed; the escalation job retries it'));
      const [view] = await this.presentAlerts([await this.ds.getRepository(HealthAlert).findOneByOrFail({ id: alert.id })]);
      await this.realtime.publish({ to: [`t:${contract.teamId}`], frame: { type: 'alert', alert: view } });
      await this.chat.systemMessage(conv.id, advice, `alert-${reading.id}`);
    }
    // The resident is told about the member's reading only while they may still see it (a revoked 家人授权 ends that).
    if (!(await this.realtime.presence.isOnline(member.ownerUserId)) && (await this.family.ownerMay(member.id, 'health'))) {
      await this.notifier.urgentReading(member.ownerUserId, member.id, member.name, reason, reading.measuredAt);
    }
  }

  async presentAlerts(rows: HealthAlert[]): Promise<AlertView[]> {
    if (rows.length === 0) return [];
    const readings = await this.ds.getRepository(HealthReading).findBy({ id: In(rows.map((a) => a.readingId)) });
    const byId = new Map(readings.map((r) => [r.id, r]));
    return rows.filter((a) => byId.has(a.readingId)).map((a) => presentAlert(a, byId.get(a.readingId)!));
  }

  private async deviceNames(rows: HealthReading[]) {
    const ids = [...new Set(rows.map((r) => r.deviceId).filter((x): x is string => !!x))];
    const devices = ids.length ? await this.ds.getRepository(HealthDevice).findBy({ id: In(ids) }) : [];
    return new Map(devices.map((d) => [d.id, d.name]));
  }
}

function presentDevice(d: HealthDevice): DeviceView {
  return { id: d.id, memberId: d.memberId, name: d.name, kind: d.kind, lastSeenAt: d.lastSeenAt ? chinaIso(d.lastSeenAt) : null, createdAt: chinaIso(d.createdAt) };
}
