import { In, type DataSource } from 'typeorm';
import { chinaToday } from '@healthpocket/shared-types';
import { RENEWAL_REMINDER_DAYS } from '@healthpocket/shared-types';
import { User } from '../../db/entities';
import { intervalJob } from '../../jobs';
import type { Logger } from '../../logger';
import type { Outbox } from '../../outbox/outbox';
import type { WechatClient } from '../../wechat/client';
import { ContractSignature } from './contract-entities';
import { Conversation } from './entities';
import type { RosterEntry } from './followup-service';
import type { PlatformDirectory } from './platform';

const RENEWAL_TOPIC = 'contract.renewal-remind';

/** The message centre another module provides (the lead wires it); reminders also go there when set. */
export interface MessageCentrePort {
  post(userId: string, note: { category: 'reminder'; title: string; body: string; link?: string; memberId?: string; dedupeKey: string }): Promise<void>;
}

type Reminder = { userId: string; memberId: string; name: string; teamName: string; validTo: string; days: number };

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
/** The reminder a contract with `left` days to go is due for: the smallest threshold it has reached. */
const thresholdFor = (left: number): number | null => (left < 0 ? null : ([...RENEWAL_REMINDER_DAYS].sort((a, b) => a - b).find((d) => left <= d) ?? null));

/**
 * 续约 reminders: 30 and 7 days before the contract year ends (签约周期一年), once each, to the family
 * account that signed for the member (or, for contracts signed on paper, the account that talks to
 * the team). A subscribe message, and a note in the message centre when one is wired. Each reminder
 * is an outbox message whose dedupe key makes it once-only across runs and instances; a run that
 * first sees a contract inside 7 days sends only the 7-day reminder.
 */
export class ContractRenewalReminders {
  clock: () => Date = () => new Date();
  messageCentre: MessageCentrePort | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly platform: PlatformDirectory,
    private readonly roster: (teamId: string) => Promise<RosterEntry[]>,
    private readonly outbox: Outbox,
    private readonly wechat: WechatClient,
    private readonly templateId: string,
    private readonly logger: Logger,
  ) {
    outbox.register<Reminder>(RENEWAL_TOPIC, (p, meta) => this.send(p, meta.dedupeKey));
  }

  async remind(): Promise<number> {
    const today = chinaToday(this.clock());
    let queued = 0;
    for (const team of await this.platform.teams()) {
      const due = (await this.roster(team.id)).map((e) => ({ e, days: thresholdFor(daysBetween(today, e.contract.validTo)) })).filter((x): x is { e: RosterEntry; days: number } => x.days !== null);
      if (!due.length) continue;
      const rns = due.map((x) => x.e.recordNumber);
      const owners = new Map<string, { userId: string; memberId: string }>();
      const convs = await this.ds.getRepository(Conversation).find({ where: { teamId: team.id, recordNumber: In(rns) }, select: { recordNumber: true, ownerUserId: true, memberId: true } });
      for (const c of convs) owners.set(c.recordNumber!, { userId: c.ownerUserId, memberId: c.memberId });
      // The account that signed comes first: it chose to sign, and a guardian signs for a child.
      const sigs = await this.ds.getRepository(ContractSignature).find({ where: { recordNumber: In(rns) }, order: { signedAt: 'ASC' } });
      for (const sg of sigs) owners.set(sg.recordNumber, { userId: sg.signerUserId, memberId: sg.memberId });
      const jobs = due.flatMap(({ e, days }) => {
        const o = owners.get(e.recordNumber);
        return o ? [[{ ...o, name: e.name, teamName: team.name, validTo: e.contract.validTo, days }, `contract-renew:${e.recordNumber}:${e.contract.validTo}:${days}`] as const] : [];
      });
      if (!jobs.length) continue;
      await this.ds.transaction(async (m) => {
        for (const [payload, key] of jobs) await this.outbox.enqueue(m, RENEWAL_TOPIC, payload, key);
      });
      queued += jobs.length;
    }
    return queued;
  }

  job(everyMs: number, logger: Logger) {
    return intervalJob('contract-renewal-reminders', everyMs, () => this.remind(), logger);
  }

  private async send(r: Reminder, dedupeKey: string): Promise<void> {
    const title = `家庭医生签约将于${r.days}天后到期`;
    const body = `${r.name}与${r.teamName}的签约服务到 ${r.validTo} 期满，到期前30天内可在线续约；协议书有新版本的，续约时需重新签署。`;
    const link = '/doctor/pages/index/index';
    if (this.messageCentre) await this.messageCentre.post(r.userId, { category: 'reminder', title, body, link, memberId: r.memberId, dedupeKey });
    const user = await this.ds.getRepository(User).findOneBy({ id: r.userId });
    if (!user) return;
    const res = await this.wechat.sendSubscribeMessage({
      touser: user.openid,
      templateId: this.templateId,
      page: link.slice(1),
      data: {
        name1: [...r.name].slice(0, 10).join(''),
        thing2: [...`${r.teamName}签约续约`].slice(0, 20).join(''),
        date3: r.validTo,
        thing4: r.days <= 7 ? '签约即将到期，请尽快续约' : '到期前30天内可在线续约',
      },
    });
    // A refusal (no subscription quota) is the resident's choice: not retried.
    if (res.result !== 'sent') this.logger.info({ userId: r.userId, errcode: res.errcode }, 'renewal reminder not sent');
  }
}
