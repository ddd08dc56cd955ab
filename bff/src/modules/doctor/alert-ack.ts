import type { DataSource } from 'typeorm';
import type { AckAlertRequest, AlertView } from '@healthpocket/shared-types';
import type { Audit, Scope } from '../../audit/audit';
import type { RealtimeServer } from '../../realtime';
import { authorize } from '../../policies';
import { errors } from '../../errors';
import { HealthAlert } from './entities';
import type { ChatService } from './chat-service';
import type { PlatformDirectory } from './platform';
import type { ReadingsService } from './readings-service';

/**
 * Acknowledging an urgent alert with what was done (已电话联系 / 建议就诊 / 已转120 / 设备误报) and
 * an optional note; who and when are kept with it. Only staff of the alert's team (policy
 * team.staff); the first acknowledgement wins (a conditional update), a second one is told so.
 * Acknowledging ends the escalation.
 */
export class AlertAck {
  constructor(
    private readonly ds: DataSource,
    private readonly chat: ChatService,
    private readonly platform: PlatformDirectory,
    private readonly readings: ReadingsService,
    private readonly realtime: RealtimeServer,
    private readonly audit: Audit,
  ) {}

  async ack(scope: Scope, alertId: string, req: AckAlertRequest): Promise<AlertView> {
    const repo = this.ds.getRepository(HealthAlert);
    const alert = await repo.findOneBy({ id: alertId });
    if (!alert) throw errors.notFound('没有找到该预警');
    await authorize(scope.actor, 'team.staff', alert, await this.chat.staffTeams(scope.actor));
    const name = await this.platform.staffName(alert.teamId, scope.actor.doctorId);
    const res = await repo
      .createQueryBuilder()
      .update(HealthAlert)
      .set({
        status: 'acknowledged',
        acknowledgedAt: new Date(),
        acknowledgedBy: scope.actor.userId,
        acknowledgedByStaffId: scope.actor.doctorId ?? null,
        acknowledgedByName: name,
        outcome: req.outcome,
        note: req.note ? req.note : null,
      })
      .where('id = :id AND status = :open', { id: alert.id, open: 'open' })
      .execute();
    if (res.affected !== 1) throw errors.of('ALERT_ALREADY_ACKNOWLEDGED');
    // The note stays out of the audit trail (it may carry clinical detail); the outcome is enough there.
    await this.audit.record(scope, {
      action: 'alert.acknowledge',
      subjectType: 'alert',
      subjectId: alert.id,
      detail: { outcome: req.outcome, escalationLevel: alert.escalationLevel, withNote: !!req.note },
    });
    const [view] = await this.readings.presentAlerts([await repo.findOneByOrFail({ id: alert.id })]);
    await this.realtime.publish({ to: [`t:${alert.teamId}`], frame: { type: 'alert', alert: view } });
    return view;
  }
}
