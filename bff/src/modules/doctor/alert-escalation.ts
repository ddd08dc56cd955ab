import { In, IsNull, LessThanOrEqual, type DataSource } from 'typeorm';
import type { Tx } from '../../db/data-source';
import type { Logger } from '../../logger';
import type { RealtimeServer } from '../../realtime';
import { intervalJob } from '../../jobs';
import { Conversation, HealthAlert } from './entities';
import type { AlertDelivery } from './alert-delivery';
import type { RotaService } from './rota';
import type { ReadingsService } from './readings-service';
import { chinaIso } from './presenters';

/**
 * Who hears about an urgent alert, and when. Step 0 goes to the doctor on duty as soon as the
 * alert is stored; while nobody acknowledges it, every `periodMs` (ALERT_ESCALATE_MINUTES) one
 * more step goes to the next person of the alert's chain (rota.ts: the next on the rota, then the
 * team lead). Each step is a conditional update of the alert's level (two instances never both
 * take it) written with its outbox messages in one transaction. `clock` is movable for tests.
 */
export class AlertEscalation {
  clock: () => Date = () => new Date();

  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly rota: RotaService,
    private readonly delivery: AlertDelivery,
    private readonly readings: ReadingsService,
    private readonly realtime: RealtimeServer,
    private readonly logger: Logger,
    readonly periodMs: number,
  ) {}

  /** Step 0, right after the alert is stored (the periodic job takes it if this fails). */
  async start(alertId: string): Promise<void> {
    const alert = await this.ds.getRepository(HealthAlert).findOneBy({ id: alertId });
    if (alert && alert.status === 'open' && alert.escalationLevel === null) await this.step(alert, 0, this.clock());
  }

  /** One pass of the periodic job: the first step of alerts that have none, the next step of those due. */
  async escalateDue(now: Date = this.clock()): Promise<number> {
    const repo = this.ds.getRepository(HealthAlert);
    const due = await repo.find({
      where: [
        { status: 'open', escalationLevel: IsNull() },
        { status: 'open', escalateAt: LessThanOrEqual(now) },
      ],
      order: { createdAt: 'ASC' },
      take: 100,
    });
    let steps = 0;
    for (const a of due) {
      const next = a.escalationLevel === null ? 0 : a.escalationLevel + 1;
      if (a.chain && next >= a.chain.length) continue;
      try {
        if (await this.step(a, next, now)) steps++;
      } catch (err) {
        this.logger.error({ err, alertId: a.id }, 'alert escalation step failed');
      }
    }
    return steps;
  }

  private async step(alert: HealthAlert, level: number, now: Date): Promise<boolean> {
    let chain = alert.chain;
    if (!chain) {
      const conv = alert.conversationId ? await this.ds.getRepository(Conversation).findOneBy({ id: alert.conversationId }) : null;
      chain = await this.rota.chain(alert.teamId, conv?.doctorId ?? null, alert.createdAt);
    }
    const staffIds = chain.slice(level, level + 1);
    if (staffIds.length === 0) return false;
    const notified = [...(alert.notified ?? []), { level, staffIds, at: chinaIso(now) }];
    const taken = await this.tx.run(async (m) => {
      const qb = m
        .createQueryBuilder()
        .update(HealthAlert)
        .set({ escalationLevel: level, lastNotifiedAt: now, escalateAt: level + 1 < chain.length ? new Date(now.getTime() + this.periodMs) : null, chain, notified })
        .where('id = :id AND status = :open', { id: alert.id, open: 'open' });
      const res = await (level === 0 ? qb.andWhere('escalationLevel IS NULL') : qb.andWhere('escalationLevel = :prev', { prev: level - 1 })).execute();
      if (res.affected !== 1) return false;
      await this.delivery.enqueueStep(m, alert.id, level, staffIds);
      return true;
    });
    if (taken && level > 0) {
      const [view] = await this.readings.presentAlerts(await this.ds.getRepository(HealthAlert).findBy({ id: In([alert.id]) }));
      if (view) await this.realtime.publish({ to: [`t:${alert.teamId}`], frame: { type: 'alert', alert: view } });
    }
    return taken;
  }

  job(pollMs: number, logger: Logger) {
    return intervalJob('alert-escalation', pollMs, () => this.escalateDue(), logger);
  }
}
