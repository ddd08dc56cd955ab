import { ContractSignature } from './contract-entities';
import { Entity, Index, PrimaryColumn } from 'typeorm';
import type { AlertOutcome, ReadingCategory, ReadingKind, ReadingSource, RotaEntry, RotaHoliday, RotaLeave, WorkingHours } from '@healthpocket/shared-types';
import { CreatedAt, IdColumn, IntColumn, JsonColumn, RefColumn, StrColumn, TextColumn, TimeColumn, UpdatedAt } from '../../db/columns';

/**
 * One conversation per family member and contracted team. There is deliberately no delete path:
 * chat records are kept at least 3 years (互联网诊疗管理办法), so rows are never removed by the app.
 */
@Entity('chat_conversations')
@Index(['memberId', 'teamId'], { unique: true })
export class Conversation {
  @IdColumn() id: string;
  @RefColumn() memberId: string;
  @Index() @RefColumn() ownerUserId: string;
  @Index() @StrColumn(16) teamId: string;
  @StrColumn(64) doctorId: string;
  @StrColumn(64) memberName: string;
  /** Platform record number, when the member has one (the workbench shows the record beside the chat). */
  @StrColumn(17, { nullable: true }) recordNumber: string | null;
  /** Highest seq given out: the next message takes lastSeq + 1 under a row lock. */
  @IntColumn({ default: 0 }) lastSeq: number;
  @IntColumn({ default: 0 }) residentReadSeq: number;
  @IntColumn({ default: 0 }) teamReadSeq: number;
  @StrColumn(16, { default: 'open' }) status: 'open' | 'resolved';
  @TimeColumn({ nullable: true }) lastMessageAt: Date | null;
  @TextColumn({ nullable: true }) lastMessagePreview: string | null;
  /** The first resident message the team has not answered yet; the inbox sorts by it. */
  @TimeColumn({ nullable: true }) waitingSince: Date | null;
  /** Rate limits, claimed with conditional updates so two instances never both send. */
  @TimeColumn({ nullable: true }) notifiedAt: Date | null;
  @TimeColumn({ nullable: true }) autoRepliedAt: Date | null;
  /** The team member the conversation is handed to (team-work.ts); null: the whole team. */
  @StrColumn(64, { nullable: true }) assignedStaffId: string | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

@Entity('chat_messages')
@Index(['conversationId', 'seq'], { unique: true })
@Index(['conversationId', 'senderUserId', 'clientId'], { unique: true })
export class ChatMessage {
  @IdColumn() id: string;
  @RefColumn() conversationId: string;
  @IntColumn() seq: number;
  /** The sender's id for this message; system messages use the conversation id (never null, so the unique index holds). */
  @RefColumn() senderUserId: string;
  @StrColumn(16) senderRole: 'resident' | 'doctor' | 'system';
  @StrColumn(64) senderName: string;
  /** Client-generated: a retried send finds the stored message instead of adding a second one. */
  @StrColumn(64) clientId: string;
  @StrColumn(16) kind: 'text' | 'image' | 'system';
  @TextColumn({ nullable: true }) text: string | null;
  @RefColumn({ nullable: true }) imageId: string | null;
  @CreatedAt() createdAt: Date;
}

/** An uploaded chat image; the bytes live in the upload store (see images.ts), keyed by id. */
@Entity('chat_images')
export class ChatImage {
  @IdColumn() id: string;
  @Index() @RefColumn() conversationId: string;
  @RefColumn() uploaderUserId: string;
  @StrColumn(32) mime: string;
  @IntColumn() bytes: number;
  @IntColumn() width: number;
  @IntColumn() height: number;
  @StrColumn(64) sha256: string;
  @CreatedAt() createdAt: Date;
}

/** 家庭自测 readings: typed by hand or posted by a registered device. */
@Entity('health_readings')
@Index(['memberId', 'measuredAt'])
@Index(['deviceId', 'externalId'], { unique: true })
export class HealthReading {
  @IdColumn() id: string;
  @RefColumn() memberId: string;
  @Index() @RefColumn() ownerUserId: string;
  @StrColumn(16) kind: ReadingKind;
  /** bp: {systolic, diastolic, pulse?} mmHg / bpm; glucose: {mmol, context}. */
  @JsonColumn() values: Record<string, unknown>;
  @StrColumn(16) source: ReadingSource;
  @RefColumn({ nullable: true }) deviceId: string | null;
  @StrColumn(64, { nullable: true }) externalId: string | null;
  @StrColumn(16) category: ReadingCategory;
  @StrColumn(128, { nullable: true }) reason: string | null;
  @TimeColumn() measuredAt: Date;
  @CreatedAt() createdAt: Date;
}

/** A home device bound to a member; it authenticates with a secret of which only the hash is kept. */
@Entity('health_devices')
export class HealthDevice {
  @IdColumn() id: string;
  @Index() @RefColumn() memberId: string;
  @RefColumn() ownerUserId: string;
  @StrColumn(64) name: string;
  @StrColumn(16) kind: ReadingKind;
  @StrColumn(64) secretHash: string;
  @TimeColumn({ nullable: true }) lastSeenAt: Date | null;
  @TimeColumn({ nullable: true }) revokedAt: Date | null;
  @CreatedAt() createdAt: Date;
}

/** An urgent reading that the contracted team must see. */
@Entity('health_alerts')
@Index(['teamId', 'status'])
export class HealthAlert {
  @IdColumn() id: string;
  @Index({ unique: true }) @RefColumn() readingId: string;
  @RefColumn() memberId: string;
  @RefColumn() ownerUserId: string;
  @StrColumn(64) memberName: string;
  @StrColumn(16) teamId: string;
  @RefColumn({ nullable: true }) conversationId: string | null;
  @StrColumn(128) reason: string;
  @StrColumn(16, { default: 'open' }) status: 'open' | 'acknowledged';
  @TimeColumn({ nullable: true }) acknowledgedAt: Date | null;
  @RefColumn({ nullable: true }) acknowledgedBy: string | null;
  /** What the doctor did (alert-ack.ts): phoned, advised_visit, referred_120, device_error. */
  @StrColumn(16, { nullable: true }) outcome: AlertOutcome | null;
  @TextColumn({ nullable: true }) note: string | null;
  /** The acknowledging doctor's platform staff id and name, as shown to the team. */
  @StrColumn(64, { nullable: true }) acknowledgedByStaffId: string | null;
  @StrColumn(64, { nullable: true }) acknowledgedByName: string | null;
  /** Who is told, in order (alert-escalation.ts): the doctor on duty, the next on the rota …, the team lead. */
  @JsonColumn({ nullable: true }) chain: string[] | null;
  /** The last step taken (index into chain); null until the first notification went out. */
  @IntColumn({ nullable: true }) escalationLevel: number | null;
  @TimeColumn({ nullable: true }) lastNotifiedAt: Date | null;
  /** When the next step is due; null once the chain is exhausted (or acknowledged before any step). */
  @Index() @TimeColumn({ nullable: true }) escalateAt: Date | null;
  /** Every step: level, the staff ids notified, when. */
  @JsonColumn({ nullable: true }) notified: Array<{ level: number; staffIds: string[]; at: string }> | null;
  @CreatedAt() createdAt: Date;
}

/** What the BFF knows of a platform contract application, so it can tell the applicant the result. */
@Entity('contract_applications')
export class ContractApplicationLink {
  /** The platform's application id. */
  @IdColumn() id: string;
  @Index() @RefColumn() memberId: string;
  @Index() @RefColumn() ownerUserId: string;
  @StrColumn(16) teamId: string;
  @StrColumn(16) status: 'pending' | 'approved' | 'declined';
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

/** A doctor's workbench settings: working hours, automatic reply outside them, quick replies. */
@Entity('doctor_settings')
export class DoctorSettings {
  @PrimaryColumn({ type: 'varchar', length: 64 }) doctorId: string;
  @JsonColumn() hours: WorkingHours;
  @TextColumn() autoReply: string;
  @JsonColumn() quickReplies: string[];
  @UpdatedAt() updatedAt: Date;
}

/** A team's on-call rota (rota.ts): ordered staff ids with the hours each covers, holidays and leave. */
@Entity('alert_rotas')
export class AlertRota {
  @PrimaryColumn({ type: 'varchar', length: 16 }) teamId: string;
  @JsonColumn() entries: RotaEntry[];
  /** Null on rows saved before leave and holidays existed: read as none. */
  @JsonColumn({ nullable: true }) leave: RotaLeave[] | null;
  @JsonColumn({ nullable: true }) holidays: RotaHoliday[] | null;
  @RefColumn() updatedBy: string;
  @UpdatedAt() updatedAt: Date;
}

import { FollowupRecord } from './followup-entities';
import { FollowupSelfReport } from './self-report-entities';

/** A conversation handed to a team member, with the note (sealed like chat text): kept, shown to the team. */
@Entity('chat_handovers')
export class ConversationHandover {
  @IdColumn() id: string;
  @Index() @RefColumn() conversationId: string;
  @StrColumn(16) teamId: string;
  @StrColumn(64) fromStaffId: string;
  @StrColumn(64) fromName: string;
  @StrColumn(64) toStaffId: string;
  @StrColumn(64) toName: string;
  @TextColumn() note: string;
  @CreatedAt() createdAt: Date;
}

/** A quick reply shared by a team, with variables ({姓名} …) filled when it is inserted. */
@Entity('team_quick_replies')
export class TeamQuickReply {
  @IdColumn() id: string;
  @Index() @StrColumn(16) teamId: string;
  @StrColumn(20) title: string;
  @TextColumn() text: string;
  @StrColumn(64) updatedByStaffId: string;
  @StrColumn(64) updatedByName: string;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

/**
 * The keyed token index of chat text (chat-search.ts): one row per message and distinct token, the
 * token an HMAC of a normalised character bigram. The text itself stays sealed.
 */
@Entity('chat_search_tokens')
@Index(['teamId', 'token'])
export class ChatSearchToken {
  @PrimaryColumn({ type: 'varchar', length: 36 }) messageId: string;
  @PrimaryColumn({ type: 'varchar', length: 32 }) token: string;
  @Index() @RefColumn() conversationId: string;
  @StrColumn(16) teamId: string;
}

export const doctorEntities = [
  ContractSignature,
  FollowupRecord,
  FollowupSelfReport,
  Conversation,
  ChatMessage,
  ChatImage,
  HealthReading,
  HealthDevice,
  HealthAlert,
  ContractApplicationLink,
  DoctorSettings,
  AlertRota,
  ConversationHandover,
  TeamQuickReply,
  ChatSearchToken,
];
