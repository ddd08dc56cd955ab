import type { DataSource } from 'typeorm';
import { User } from '../../db/entities';
import type { WechatClient } from '../../wechat/client';
import type { Logger } from '../../logger';
import type { Note, Notices } from '../messages';
import type { Presence } from '../../realtime/presence';
import { Conversation } from './entities';
import { chinaIso } from './presenters';

/** At most one "doctor replied" subscribe message per conversation in this window. */
const REPLY_NOTIFY_WINDOW_MS = 10 * 60_000;

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
    private readonly notices: Notices,
  ) {}

  async doctorReplied(conv: Conversation, doctorName: string, preview: string): Promise<'sent' | 'online' | 'limited' | 'refused' | 'failed'> {
    if (await this.presence.isOnline(conv.ownerUserId)) return 'online';
    const now = new Date();
    const claim = await claimWindow(this.ds, conv.id, 'notifiedAt', now, REPLY_NOTIFY_WINDOW_MS);
    if (!claim) return 'limited';
    const page = `doctor/pages/chat/index?memberId=${conv.memberId}`;
    // One message per claimed window, as the subscribe message: a burst of replies is one notice.
    const note: Note = {
      category: 'doctor_reply',
      title: `${clip(doctorName, 10)}医生回复了您`,
      body: preview || '[图片]',
      link: page,
      memberId: conv.memberId,
      dedupeKey: `doctor-reply:${conv.id}:${now.getTime()}`,
    };
    return this.send(conv.ownerUserId, this.templates.doctorReply, page, note, {
      name1: clip(doctorName, 10),
      thing2: clip(preview || '[图片]', 20),
      time3: timeField(now),
    });
  }

  /** Urgent readings are not rate-limited: each one is worth a message. */
  async urgentReading(ownerUserId: string, memberId: string, memberName: string, reason: string, measuredAt: Date) {
    const page = `doctor/pages/readings/index?memberId=${memberId}`;
    const note: Note = {
      category: 'reminder',
      title: '健康数据异常提醒',
      body: `${memberName}：${reason}，请尽快就医或联系家庭医生`,
      link: page,
      memberId,
      dedupeKey: `urgent-reading:${memberId}:${measuredAt.getTime()}`,
    };
    return this.send(ownerUserId, this.templates.healthAlert, page, note, {
      name1: clip(memberName, 10),
      thing2: clip(reason, 20),
      time3: timeField(measuredAt),
      thing4: '请尽快就医或联系家庭医生',
    });
  }

  private async send(userId: string, templateId: string, page: string, note: Note, data: Record<string, string>) {
    const user = await this.ds.getRepository(User).findOneBy({ id: userId });
    if (!user) return 'failed' as const;
    try {
      // The centre's copy is kept whether or not WeChat delivers the subscribe message.
      await this.notices.post(userId, note);
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
