import type { DataSource, EntityManager } from 'typeorm';
import { User } from '../../db/entities';
import type { Outbox } from '../../outbox/outbox';
import type { WechatClient } from '../../wechat/client';
import type { Logger } from '../../logger';
import { HealthAlert, HealthReading } from './entities';
import type { PlatformDirectory } from './platform';
import type { RobotWebhook } from './robot-webhook';
import { chinaIso } from './presenters';

export const ALERT_TOPICS = { subscribe: 'alerts.staff-subscribe', robot: 'alerts.robot' } as const;

/** A name for a group chat or a lock screen: 王秀英 → 王*英, 张伟 → 张*. */
export function maskName(name: string): string {
  const c = [...name];
  if (c.length <= 1) return name;
  if (c.length === 2) return `${c[0]}*`;
  return `${c[0]}${'*'.repeat(c.length - 2)}${c[c.length - 1]}`;
}

/** The value, and nothing else about the resident (no conditions, no ID number). */
export function readingValue(r: HealthReading): string {
  const v = r.values as { systolic?: number; diastolic?: number; pulse?: number; mmol?: number };
  if (r.kind === 'bp') return `血压 ${v.systolic}/${v.diastolic} mmHg${v.pulse ? `，心率 ${v.pulse} 次/分` : ''}`;
  return `血糖 ${v.mmol} mmol/L`;
}

const minuteOf = (d: Date) => chinaIso(d).slice(0, 16).replace('T', ' ');
const clip = (s: string, n: number) => ([...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s);

type SubscribeJob = { alertId: string; staffId: string; level: number };
type RobotJob = { alertId: string; level: number; staffIds: string[] };

/**
 * Urgent alerts outside the workbench tab: a subscribe message (staff template) to each notified
 * staff member's WeChat, and a markdown message to the team's 企业微信 group robot. Both go
 * through the transactional outbox (enqueued with the escalation step that causes them, sent by
 * the outbox job, retried with backoff), never on the request path. A message for an alert that
 * was acknowledged meanwhile is dropped.
 */
export class AlertDelivery {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly wechat: WechatClient,
    private readonly platform: PlatformDirectory,
    private readonly robot: RobotWebhook | null,
    private readonly staffTemplateId: string,
    private readonly logger: Logger,
  ) {
    outbox.register<SubscribeJob>(ALERT_TOPICS.subscribe, (p) => this.sendSubscribe(p));
    outbox.register<RobotJob>(ALERT_TOPICS.robot, (p) => this.sendRobot(p));
  }

  /** Inside the transaction that records the step. */
  async enqueueStep(m: EntityManager, alertId: string, level: number, staffIds: string[]): Promise<void> {
    for (const staffId of staffIds) await this.outbox.enqueue(m, ALERT_TOPICS.subscribe, { alertId, staffId, level }, `alert:${alertId}:${level}:sub:${staffId}`);
    if (this.robot) await this.outbox.enqueue(m, ALERT_TOPICS.robot, { alertId, level, staffIds }, `alert:${alertId}:${level}:robot`);
  }

  private async load(alertId: string) {
    const alert = await this.ds.getRepository(HealthAlert).findOneBy({ id: alertId });
    if (!alert || alert.status !== 'open') return null;
    const reading = await this.ds.getRepository(HealthReading).findOneBy({ id: alert.readingId });
    return reading ? { alert, reading } : null;
  }

  /** Only staff users bound to that doctor id (users.doctorId, doctor role) with a WeChat openid. */
  private async sendSubscribe(p: SubscribeJob): Promise<void> {
    const loaded = await this.load(p.alertId);
    if (!loaded) return;
    const { alert, reading } = loaded;
    const users = (await this.ds.getRepository(User).findBy({ doctorId: p.staffId })).filter((u) => u.roles.includes('doctor') && !!u.openid);
    if (users.length === 0) return void this.logger.info({ alertId: alert.id, staffId: p.staffId }, 'no WeChat user bound to this staff id: alert subscribe message skipped');
    for (const u of users) {
      const r = await this.wechat.sendSubscribeMessage({
        touser: u.openid,
        templateId: this.staffTemplateId,
        page: alert.conversationId ? `workbench/pages/chat/index?id=${alert.conversationId}` : 'workbench/pages/index/index',
        data: {
          name1: maskName(alert.memberName).slice(0, 10),
          thing2: clip(readingValue(reading), 20),
          time3: minuteOf(reading.measuredAt),
          thing4: p.level === 0 ? '居民紧急预警，请尽快处理' : '预警未处理已升级，请尽快处理',
        },
      });
      // 43101: the doctor has not accepted this template (no quota): retrying cannot help.
      if (r.result !== 'sent') this.logger.info({ alertId: alert.id, staffId: p.staffId, errcode: r.errcode }, 'alert subscribe message not accepted');
    }
  }

  private async sendRobot(p: RobotJob): Promise<void> {
    const loaded = await this.load(p.alertId);
    if (!loaded || !this.robot) return;
    const { alert, reading } = loaded;
    const team = await this.platform.team(alert.teamId);
    const names = p.staffIds.map((id) => team?.members.find((m) => m.id === id)?.name ?? id).join('、');
    const lines = [
      `## <font color="warning">居民紧急健康预警${p.level > 0 ? `（未处理，第${p.level}次升级）` : ''}</font>`,
      `> 居民：${maskName(alert.memberName)}`,
      `> 测量值：${readingValue(reading)}`,
      `> 测量时间：${minuteOf(reading.measuredAt)}`,
      `> 团队：${team?.name ?? alert.teamId}`,
      `> 请处理：${names}`,
      '请在「医生工作台」查看并记录处理结果。',
    ];
    await this.robot.sendMarkdown(lines.join('\n'));
  }
}
