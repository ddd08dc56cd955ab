import type { AlertView, ApplicationView, MessageView, ReadingView, SignedAgreementView, TeamView, WorkingHours } from '@healthpocket/shared-types';
import type { ChatImage, ChatMessage, HealthAlert, HealthReading } from './entities';
import type { ImageStore } from './images';
import type { PlatformApplication, PlatformTeam } from './platform';
import { toChinaIso } from '@healthpocket/shared-types';

/** ISO 8601 in China time (+08:00), as every time the API returns. */
export function chinaIso(d: Date): string {
  return toChinaIso(d, 'ms');
}

export function presentMessage(m: ChatMessage, image: ChatImage | null, images: ImageStore): MessageView {
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: m.seq,
    clientId: m.senderRole === 'system' ? null : m.clientId,
    senderRole: m.senderRole,
    senderName: m.senderName,
    kind: m.kind,
    text: m.text,
    image: image ? { id: image.id, ...images.urls(image.id), width: image.width, height: image.height } : null,
    createdAt: chinaIso(m.createdAt),
  };
}

export function presentReading(r: HealthReading, deviceName: string | null = null): ReadingView {
  return {
    id: r.id,
    memberId: r.memberId,
    kind: r.kind,
    values: r.values as ReadingView['values'],
    source: r.source,
    deviceName,
    category: r.category,
    reason: r.reason,
    measuredAt: chinaIso(r.measuredAt),
    createdAt: chinaIso(r.createdAt),
  };
}

export function presentAlert(a: HealthAlert, r: HealthReading): AlertView {
  return {
    id: a.id,
    memberId: a.memberId,
    memberName: a.memberName,
    conversationId: a.conversationId,
    readingId: a.readingId,
    kind: r.kind,
    values: r.values as AlertView['values'],
    reason: a.reason,
    status: a.status,
    measuredAt: chinaIso(r.measuredAt),
    createdAt: chinaIso(a.createdAt),
    acknowledgedAt: a.acknowledgedAt ? chinaIso(a.acknowledgedAt) : null,
    outcome: a.outcome ?? null,
    note: a.note ?? null,
    acknowledgedByName: a.acknowledgedByName ?? null,
    escalationLevel: a.escalationLevel ?? null,
    notified: a.notified ?? [],
  };
}

export function presentTeam(t: PlatformTeam, community: string | null): TeamView {
  return {
    id: t.id,
    name: t.name,
    centreName: t.centreName,
    phone: t.phone,
    intro: t.intro,
    communities: t.area.communities,
    members: t.members.map(({ id, name, role, title, isLeader }) => ({ id, name, role, title, isLeader })),
    packages: t.packages,
    contractedCount: t.contractedCount,
    servesMember: !!community && t.area.communities.includes(community),
  };
}

export function presentApplication(a: PlatformApplication, team: PlatformTeam | null, memberId: string | null, agreement: SignedAgreementView | null = null): ApplicationView {
  return {
    id: a.id,
    memberId,
    memberName: a.residentName,
    teamId: a.teamId,
    teamName: team?.name ?? a.teamId,
    packageIds: a.packageIds,
    packages: (team?.packages ?? []).filter((p) => a.packageIds.includes(p.id)),
    kind: a.kind ?? 'new',
    agreement,
    status: a.status,
    reason: a.reason,
    note: a.note,
    appliedAt: a.appliedAt,
    decidedAt: a.decidedAt,
  };
}

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
export function describeHours(h: WorkingHours): string {
  const days = [...h.days].sort();
  const contiguous = days.length > 1 && days.every((d, i) => i === 0 || d === days[i - 1] + 1);
  const label = days.length === 0 ? '暂停在线咨询' : contiguous ? `${WEEKDAYS[days[0]]}至${WEEKDAYS[days[days.length - 1]].slice(1)}` : days.map((d) => WEEKDAYS[d]).join('、');
  return days.length === 0 ? label : `${label} ${h.start}–${h.end}`;
}

/** Masks a phone for the workbench: 138****5678. */
export function maskPhone(p: string | null): string | null {
  return p && p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : null;
}
