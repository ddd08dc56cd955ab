import type { DataSource } from 'typeorm';
import { User } from '../../db/entities';
import type { WechatClient } from '../../wechat/client';
import type { Logger } from '../../logger';
import type { Presence } from '../../realtime/presence';
import { Conversation } from './entities';
import { chinaIso } from './presenters';

/** At most one "doctor replied" subscribe message per conversation in this window. */
export const REPLY_NOTIFY_WINDOW_MS = 10 * 60_000;

export interface Templates {
  doctorReply: string;
  healthAlert: string;
}

const clip = (s: string, n: number) => ([...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s);
const timeField = (d: Date) => chinaIso(d).slice(0, 16).replace('T', ' ');

/**
 * Subscribe messages (订阅消息) to a resident who has no live socket. WeChat allows one message per
 * acceptance, so a burst of replies uses one: the window is claimed with a conditional update,
 * which also keeps two BFF instances from both sending.
 */
export class ResidentNotifier {
  constructor(
    private readonly ds: DataSource,
    private readonly wechat: WechatClient,
    private readonly presence: Presence,
    readonly templates: Templates,
    private readonly logger: Logger,
  ) {}

  async doctorReplied(conv: Conversation, doctorName: string, preview: string): Promise<'sent' | 'online' | 'limited' | 'refused' | 'failed'> {
    if (await this.presence.isOnline(conv.ownerUserId)) return 'online';
    const now = new Date();
    const claim = await claimWindow(this.ds, conv.id, 'notifiedAt', now, REPLY_NOTIFY_WINDOW_MS);
    if (!claim) return 'limited';
    return this.send(conv.ownerUserId, this.templates.doctorReply, `doctor/pages/chat/index?memberId=${conv.memberId}`, {
      name1: clip(doctorName, 10),
      thing2: clip(preview || '[图片]', 20),
      time3: timeField(now),
    });
  }

  /** Urgent readings are not rate-limited: each one is worth a message. */
  async urgentReading(ownerUserId: string, memberId: string, memberName: string, reason: string, measuredAt: Date) {
    return this.send(ownerUserId, this.templates.healthAlert, `doctor/pages/readings/index?memberId=${memberId}`, {
      name1: clip(memberName, 10),
      thing2: clip(reason, 20),
      time3: timeField(measuredAt),
      thing4: '请尽快就医或联系家庭医生',
    });
  }

  private async send(userId: string, templateId: string, page: string, data: Record<string, string>) {
    const user = await this.ds.getRepository(User).findOneBy({ id: userId });
    if (!user) return 'failed' as const;
    try {
      const r = await this.wechat.sendSubscribeMessage({ touser: user.openid, templateId, page, data });
      if (r.result !== 'sent') this.logger.info({ userId, templateId, errcode: r.errcode }, 'subscribe message not sent');
      return r.result === 'sent' ? ('sent' as const) : ('refused' as const);
    } catch (e) {
      this.logger.warn({ userId, templateId, err: (e as Error).message }, 'subscribe message failed');
      return 'failed' as const;
    }
  }
}

/** Sets `column` to now unless it was set within `windowMs`; true when this caller won the window. */
export async function claimWindow(ds: DataSource, conversationId: string, column: 'notifiedAt' | 'autoRepliedAt', now: Date, windowMs: number): Promise<boolean> {
  const res = await ds
    .createQueryBuilder()
    .update(Conversation)
    .set({ [column]: now })
    .where('id = :id', { id: conversationId })
    .andWhere(`(${column} IS NULL OR ${column} < :cutoff)`, { cutoff: new Date(now.getTime() - windowMs) })
    .execute();
  return (res.affected ?? 0) > 0;
}
