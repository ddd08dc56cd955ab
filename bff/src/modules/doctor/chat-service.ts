import type { IncomingMessage } from 'node:http';
import { In, LessThan, MoreThan, type DataSource, type EntityManager } from 'typeorm';
import { ONLINE_CARE_NOTICE, type ConversationView, type MessagePage, type MessageView, type SendMessageRequest, type ChatImageUpload } from '@healthpocket/shared-types';
import type { Actor } from '../../auth/tokens';
import type { Audit, Scope } from '../../audit/audit';
import type { Tx } from '../../db/data-source';
import { lockRow } from '../../db/lock';
import { newId } from '../../db/columns';
import { User, type FamilyMember } from '../../db/entities';
import { errors } from '../../errors';
import type { Logger } from '../../logger';
import { authorize } from '../../policies';
import type { RealtimeServer } from '../../realtime';
import type { WechatClient } from '../../wechat/client';
import type { FamilyService } from '../family/service';
import { isUniqueViolation } from '../../db/unique-violation';
import { ChatImage, ChatMessage, Conversation } from './entities';
import type { ImageStore } from './images';
import type { ChatBodies } from './chat-bodies';
import type { ChatSearch } from './chat-search';
import { claimWindow, type ResidentNotifier } from './notifier';
import type { PlatformDirectory } from './platform';
import { describeHours, presentMessage } from './presenters';
import { nextWorkStart, withinHours, type DoctorSettingsStore } from './settings';
import { whenLabel } from './rota';

export type Side = 'resident' | 'doctor';
/** One automatic "outside working hours" reply per conversation in this window. */
const AUTO_REPLY_WINDOW_MS = 4 * 3600_000;

/**
 * Chat between a resident (for self or a family member) and the member's contracted team.
 * A message is committed with the next per-conversation seq (under a row lock) before anyone is
 * told about it; the client's id makes a retried send return the stored message, not a second one.
 */
export class ChatService {
  /** Movable in tests (the automatic reply reads the hour). */
  now: () => Date = () => new Date();
  /** Set by the module (rota.ts): whether the contracted doctor is on leave, and who covers instead. */
  search?: ChatSearch;
  cover?: (teamId: string, doctorId: string, at: Date) => Promise<{ doctorAway: boolean; note: string | null }>;

  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly platform: PlatformDirectory,
    private readonly family: FamilyService,
    private readonly audit: Audit,
    private readonly wechat: WechatClient,
    private readonly images: ImageStore,
    private readonly realtime: RealtimeServer,
    private readonly notifier: ResidentNotifier,
    private readonly settings: DoctorSettingsStore,
    private readonly logger: Logger,
    readonly bodies: ChatBodies,
  ) {}

  /** Resident: the conversation with the member's contracted team, created on first use. */
  async openForMember(scope: Scope, memberId: string): Promise<ConversationView> {
    const member = await this.family.memberFor(scope, memberId, 'health');
    const recordNumber = await this.platform.recordNumberOf(member);
    if (!recordNumber) throw errors.of('MEMBER_RECORD_UNAVAILABLE');
    const contract = await this.platform.contract(recordNumber);
    if (!contract) throw errors.of('CONTRACT_REQUIRED');
    const conv = await this.ensureConversation(member, recordNumber, contract);
    return this.view(conv, 'resident');
  }

  /** The member's conversation with the contracted team, created on first use (also for alerts). */
  async ensureConversation(member: FamilyMember, recordNumber: string, contract: { teamId: string; doctorId: string }): Promise<Conversation> {
    const repo = this.ds.getRepository(Conversation);
    const found = await repo.findOneBy({ memberId: member.id, teamId: contract.teamId });
    if (found) return found;
    try {
      await repo.insert({
        id: newId(),
        memberId: member.id,
        ownerUserId: member.ownerUserId,
        teamId: contract.teamId,
        doctorId: contract.doctorId,
        memberName: member.name,
        recordNumber,
        lastSeq: 0,
        residentReadSeq: 0,
        teamReadSeq: 0,
        status: 'open',
        lastMessageAt: null,
        lastMessagePreview: null,
        waitingSince: null,
        notifiedAt: null,
        autoRepliedAt: null,
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e; // opened at the same moment on another device or instance
    }
    return repo.findOneByOrFail({ memberId: member.id, teamId: contract.teamId });
  }

  /** The conversation if the actor is its resident or on its team (policy doctor.care), else 404. */
  async access(actor: Actor, conversationId: string): Promise<{ conv: Conversation; side: Side }> {
    const conv = await this.ds.getRepository(Conversation).findOneBy({ id: conversationId });
    if (!conv) throw errors.notFound('没有找到该会话');
    const staffTeams = conv.ownerUserId === actor.userId ? [] : await this.staffTeams(actor);
    await authorize(actor, 'doctor.care', conv, staffTeams);
    // The resident side reads the member's health conversation: the member policy decides it again
    // (an adult's 家人授权 may have been revoked, or the account taken over, since it was opened).
    if (conv.ownerUserId === actor.userId) await this.family.memberFor({ actor, requestId: '' }, conv.memberId, 'health');
    return { conv, side: conv.ownerUserId === actor.userId ? 'resident' : 'doctor' };
  }

  async staffTeams(actor: Actor): Promise<string[]> {
    return actor.roles.includes('doctor') ? this.platform.teamIdsOf(actor.doctorId) : [];
  }

  async get(scope: Scope, conversationId: string): Promise<ConversationView> {
    const { conv, side } = await this.access(scope.actor, conversationId);
    return this.view(conv, side);
  }

  async view(conv: Conversation, side: Side): Promise<ConversationView> {
    const team = await this.platform.team(conv.teamId);
    const settings = await this.settings.get(conv.doctorId);
    const unread = await this.ds.getRepository(ChatMessage).count({
      where: { conversationId: conv.id, seq: MoreThan(side === 'resident' ? conv.residentReadSeq : conv.teamReadSeq), senderRole: side === 'resident' ? In(['doctor', 'system']) : 'resident' },
    });
    return {
      id: conv.id,
      memberId: conv.memberId,
      memberName: conv.memberName,
      teamId: conv.teamId,
      teamName: team?.name ?? conv.teamId,
      doctorName: team?.members.find((m) => m.id === conv.doctorId)?.name ?? '家庭医生',
      status: conv.status,
      lastSeq: conv.lastSeq,
      peerReadSeq: side === 'resident' ? conv.teamReadSeq : conv.residentReadSeq,
      myReadSeq: side === 'resident' ? conv.residentReadSeq : conv.teamReadSeq,
      unread,
      notice: ONLINE_CARE_NOTICE,
      hours: describeHours(settings.hours),
      subscribeTemplateIds: [this.notifier.templates.doctorReply, this.notifier.templates.healthAlert],
    };
  }

  /** History: the page before `beforeSeq` (newest first), or everything after `afterSeq` (catch-up and polling). */
  async messages(scope: Scope, conversationId: string, q: { beforeSeq?: number; afterSeq?: number; limit: number }): Promise<MessagePage> {
    const { conv, side } = await this.access(scope.actor, conversationId);
    const repo = this.ds.getRepository(ChatMessage);
    let rows: ChatMessage[];
    if (q.afterSeq !== undefined) {
      rows = await repo.find({ where: { conversationId: conv.id, seq: MoreThan(q.afterSeq) }, order: { seq: 'ASC' }, take: q.limit });
    } else {
      rows = await repo.find({ where: { conversationId: conv.id, ...(q.beforeSeq ? { seq: LessThan(q.beforeSeq) } : {}) }, order: { seq: 'DESC' }, take: q.limit });
      rows.reverse();
      // Reading a resident's conversation is a health read: audit it (not the polling of new messages).
      if (side === 'doctor') await this.audit.record(scope, { action: 'chat.history.read', subjectType: 'conversation', subjectId: conv.id, detail: { beforeSeq: q.beforeSeq ?? null } });
    }
    const items = await this.present(rows);
    const first = rows[0]?.seq;
    return {
      items,
      beforeSeq: q.afterSeq === undefined && first !== undefined && first > 1 ? first : null,
      lastSeq: conv.lastSeq,
      peerReadSeq: side === 'resident' ? conv.teamReadSeq : conv.residentReadSeq,
    };
  }

  async send(scope: Scope, conversationId: string, req: SendMessageRequest): Promise<MessageView> {
    const { actor } = scope;
    const { conv, side } = await this.access(actor, conversationId);
    const dup = await this.ds.getRepository(ChatMessage).findOneBy({ conversationId: conv.id, senderUserId: actor.userId, clientId: req.clientId });
    if (dup) return (await this.present([dup]))[0];

    let image: ChatImage | null = null;
    if (req.kind === 'image') {
      image = await this.ds.getRepository(ChatImage).findOneBy({ id: req.imageId, conversationId: conv.id, uploaderUserId: actor.userId });
      if (!image) throw errors.badInput([{ path: 'imageId', message: '图片不存在或已失效，请重新上传' }], '图片不存在或已失效，请重新上传');
    }
    const user = await this.ds.getRepository(User).findOneBy({ id: actor.userId });
    if (!user) throw errors.unauthenticated();
    if (side === 'resident' && req.kind === 'text') {
      // msgSecCheck: residents' text is read by others. 'review' is delivered (a person reviews later).
      const verdict = await this.wechat.checkText(user.openid, req.text, 2);
      if (verdict === 'risky') {
        await this.audit.record(scope, { action: 'chat.message.refused', subjectType: 'conversation', subjectId: conv.id, detail: { reason: 'msg_sec_check risky' } });
        throw errors.of('CONTENT_RISKY');
      }
    }
    const senderName = side === 'resident' ? (user.name ?? '居民') : await this.platform.staffName(conv.teamId, actor.doctorId);
    const stored = await this.append(conv.id, {
      senderUserId: actor.userId,
      senderRole: side,
      senderName,
      clientId: req.clientId,
      kind: req.kind,
      text: req.kind === 'text' ? req.text : null,
      imageId: image?.id ?? null,
    });
    const view = (await this.present([stored.message]))[0];
    if (stored.created) {
      const residentTold = await this.publish(stored.conv, view);
      if (side === 'doctor' && residentTold) {
        void this.notifier.doctorReplied(stored.conv, senderName, view.text ?? '[图片]').catch((e) => this.logger.warn({ err: (e as Error).message }, 'reply notification failed'));
      } else {
        void this.autoReply(stored.conv).catch((e) => this.logger.warn({ err: (e as Error).message }, 'auto reply failed'));
      }
    }
    return view;
  }

  /** A system message (alerts, automatic replies): stored and delivered like any other. */
  async systemMessage(conversationId: string, text: string, clientId: string): Promise<MessageView> {
    const stored = await this.append(conversationId, { senderUserId: conversationId, senderRole: 'system', senderName: '系统消息', clientId, kind: 'system', text, imageId: null });
    const view = (await this.present([stored.message]))[0];
    if (stored.created) await this.publish(stored.conv, view);
    return view;
  }

  /** Uploads an image into a conversation the actor belongs to; it is sent with a later `image` message. */
  async uploadImage(scope: Scope, conversationId: string, req: IncomingMessage): Promise<ChatImageUpload> {
    const { conv } = await this.access(scope.actor, conversationId);
    const bytes = await this.images.readUpload(req);
    const id = newId();
    const stored = await this.images.save(id, bytes);
    try {
      await this.ds.getRepository(ChatImage).insert({ id, conversationId: conv.id, uploaderUserId: scope.actor.userId, ...stored });
    } catch (e) {
      // No row, no way to reach the objects: remove them rather than leave orphans.
      await this.images.remove(id).catch(() => undefined);
      throw e;
    }
    return { id, ...this.images.urls(id), width: stored.width, height: stored.height, bytes: stored.bytes };
  }

  async markRead(scope: Scope, conversationId: string, seq: number): Promise<{ seq: number }> {
    const { conv, side } = await this.access(scope.actor, conversationId);
    const column = side === 'resident' ? 'residentReadSeq' : 'teamReadSeq';
    const target = Math.min(seq, conv.lastSeq);
    // Only forward: a late, older receipt never moves the read position back.
    const res = await this.ds
      .createQueryBuilder()
      .update(Conversation)
      .set({ [column]: target })
      .where('id = :id', { id: conv.id })
      .andWhere(`${column} < :seq`, { seq: target })
      .execute();
    if (res.affected) {
      await this.realtime.publish({ to: [`u:${conv.ownerUserId}`, `t:${conv.teamId}`], frame: { type: 'read', conversationId: conv.id, by: side, seq: target } });
    }
    return { seq: Math.max(target, side === 'resident' ? conv.residentReadSeq : conv.teamReadSeq) };
  }

  async resolve(scope: Scope, conversationId: string): Promise<void> {
    const { conv, side } = await this.access(scope.actor, conversationId);
    if (side !== 'doctor') throw errors.notFound();
    await this.ds.getRepository(Conversation).update({ id: conv.id }, { status: 'resolved', waitingSince: null });
    await this.audit.record(scope, { action: 'chat.resolve', subjectType: 'conversation', subjectId: conv.id });
    await this.realtime.publish({ to: [`t:${conv.teamId}`], frame: { type: 'inbox', conversationId: conv.id } });
  }

  private async append(
    conversationId: string,
    m: Pick<ChatMessage, 'senderUserId' | 'senderRole' | 'senderName' | 'clientId' | 'kind' | 'text' | 'imageId'>,
  ): Promise<{ message: ChatMessage; conv: Conversation; created: boolean }> {
    try {
      return await this.tx.run(async (em: EntityManager) => {
        const conv = await lockRow(em, this.tx.dialect, Conversation, conversationId);
        if (!conv) throw errors.notFound('没有找到该会话');
        const again = await em.getRepository(ChatMessage).findOneBy({ conversationId, senderUserId: m.senderUserId, clientId: m.clientId });
        if (again) return { message: again, conv, created: false };
        const seq = conv.lastSeq + 1;
        const now = new Date();
        // Stored sealed (present() opens it again, as for every row read back).
        const message = em.getRepository(ChatMessage).create({ id: newId(), conversationId, seq, ...m, text: this.bodies.seal(m.text), createdAt: now });
        await em.getRepository(ChatMessage).insert(message);
        // The keyed token index (chat-search.ts), committed with the message it finds.
        if (this.search && m.kind === 'text' && m.senderRole !== 'system' && m.text) await this.search.index(em, { id: message.id, conversationId, text: m.text }, conv.teamId);
        const patch: Partial<Conversation> = { lastSeq: seq };
        // The inbox previews what people wrote; automatic replies and alerts show as badges instead.
        if (m.senderRole !== 'system') Object.assign(patch, { lastMessageAt: now, lastMessagePreview: this.bodies.seal(m.kind === 'image' ? '[图片]' : (m.text ?? '').slice(0, 60)) });
        // Whoever writes has read everything before it; a resident's message reopens the case.
        if (m.senderRole === 'resident') Object.assign(patch, { residentReadSeq: seq, status: 'open', waitingSince: conv.waitingSince ?? now });
        if (m.senderRole === 'doctor') Object.assign(patch, { teamReadSeq: seq, waitingSince: null });
        await em.getRepository(Conversation).update({ id: conversationId }, patch);
        return { message, conv: Object.assign(conv, patch), created: true };
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // The same client id raced in on another instance: answer with what it stored.
      const message = await this.ds.getRepository(ChatMessage).findOneBy({ conversationId, senderUserId: m.senderUserId, clientId: m.clientId });
      if (!message) throw e;
      return { message, conv: await this.ds.getRepository(Conversation).findOneByOrFail({ id: conversationId }), created: false };
    }
  }

  /**
   * Delivers a message to the team, and to the resident while the member policy still lets them
   * read this member's conversation (an adult's 家人授权 may have been revoked since it was opened).
   * Returns whether the resident was told. A policy that cannot answer now keeps the message from them.
   */
  private async publish(conv: Conversation, message: MessageView): Promise<boolean> {
    const resident = await this.family.ownerMay(conv.memberId, 'health').catch((e: unknown) => {
      this.logger.warn({ conversationId: conv.id, err: (e as Error).message }, 'member policy unavailable; message not pushed to the resident');
      return false;
    });
    await this.realtime.publish({ to: [...(resident ? [`u:${conv.ownerUserId}`] : []), `t:${conv.teamId}`], frame: { type: 'message', message } });
    return resident;
  }

  private async autoReply(conv: Conversation) {
    const at = this.now();
    const settings = await this.settings.get(conv.doctorId);
    const cover = this.cover ? await this.cover(conv.teamId, conv.doctorId, at) : { doctorAway: false, note: null };
    if (withinHours(settings.hours, at) && !cover.doctorAway) return;
    if (!(await claimWindow(this.ds, conv.id, 'autoRepliedAt', at, AUTO_REPLY_WINDOW_MS))) return;
    // Who covers now (the rota), else when the contracted doctor is back.
    let note = cover.note;
    const back = note || cover.doctorAway ? null : nextWorkStart(settings.hours, at);
    if (back) note = `${await this.platform.staffName(conv.teamId, conv.doctorId)}医生预计 ${whenLabel(back, at)} 上班后回复您。`;
    await this.systemMessage(conv.id, `【自动回复】${settings.autoReply}${note ?? ''}`, `auto-${conv.id.slice(0, 8)}-${at.getTime()}`);
  }

  private async present(rows: ChatMessage[]): Promise<MessageView[]> {
    const ids = rows.map((r) => r.imageId).filter((x): x is string => !!x);
    const imgs = ids.length ? await this.ds.getRepository(ChatImage).findBy({ id: In(ids) }) : [];
    const byId = new Map(imgs.map((i) => [i.id, i]));
    return rows.map((r) => presentMessage({ ...r, text: this.bodies.open(r.text) }, r.imageId ? (byId.get(r.imageId) ?? null) : null, this.images));
  }
}
