import type { Actor } from '../auth/tokens';
import { errors } from '../errors';

/**
 * The one place that decides who may act on what. Each rule answers true/false; `authorize`
 * turns a false into 404, so a caller cannot tell "not yours" from "does not exist".
 * Services call `authorize(actor, 'member.manage', member)` before touching a resource.
 */
interface OwnedByUser {
  ownerUserId: string;
}

/** A family-doctor conversation (or a member's readings) belongs to a resident and a contracted team. */
interface TeamCare {
  ownerUserId: string;
  teamId: string;
}

/** A health record as the policy sees it (records module). */
export interface HealthRecordSubject {
  /** The user one of whose family members (self included) was matched to this record; null when reached by record number. */
  viaMemberOfUserId: string | null;
  /** Relation and age of that member: a resident sees who read their own record, or a child's. */
  member: { relation: string; age: number } | null;
  /** An adult member's own approval (家人授权) for the resident who reads; true where none is needed. */
  familyAuthorized?: boolean;
  /** Staff ids of the team of the resident's valid family-doctor contract; loaded only when a doctor asks. */
  contractStaffIds: () => Promise<readonly string[]>;
}

type Rules = {
  /** The resident through their own family member (self, a minor they are guardian of, or an adult who authorized them), or a doctor of the contracted team. */
  'record.read': (actor: Actor, record: HealthRecordSubject) => Promise<boolean>;
  /** "谁查看了我的档案": the resident's own record, or that of a child under 14 they act for. */
  'record.audit.view': (actor: Actor, record: HealthRecordSubject) => boolean;
  'member.manage': (actor: Actor, member: OwnedByUser) => boolean;
  /** A vaccination appointment: only the user who made it; the service then asks the member policy (health) for its member. */
  'vaccine.appointment.view': (actor: Actor, appointment: OwnedByUser) => boolean;
  /** A booking: only the user who made it; the service then asks the member policy (book) for its member. */
  'booking.view': (actor: Actor, booking: { userId: string }) => boolean;
  /** The resident who owns it, or a doctor-role staff member of the contracted team (teams from the platform). */
  'doctor.care': (actor: Actor, care: TeamCare, staffTeamIds: readonly string[]) => boolean;
  /** Team work (an urgent-reading alert, the rota): a doctor-role staff member of that team. */
  'team.staff': (actor: Actor, subject: { teamId: string }, staffTeamIds: readonly string[]) => boolean;
  /** Changing a team's on-call rota: its team lead only (the service first asks team.staff). */
  'rota.manage': (actor: Actor, team: { leaderId: string }) => boolean;
  /** A payment order: only the user who created (and pays) it; the service then asks the member policy for what the order is for (payments/purposes.ts). */
  'payment.view': (actor: Actor, order: { userId: string }) => boolean;
};

export const rules: Rules = {
  'record.read': async (actor, record) => {
    // Self and minors through the guardian; another adult only with their approval (familyAuthorized).
    if (record.viaMemberOfUserId !== null && record.viaMemberOfUserId === actor.userId && record.familyAuthorized !== false) return true;
    if (!actor.roles.includes('doctor') || !actor.doctorId) return false;
    return (await record.contractStaffIds()).includes(actor.doctorId);
  },
  'record.audit.view': (actor, record) => record.viaMemberOfUserId === actor.userId && !!record.member && (record.member.relation === 'self' || record.member.age < 14),
  'member.manage': (actor, member) => member.ownerUserId === actor.userId,
  'vaccine.appointment.view': (actor, appointment) => appointment.ownerUserId === actor.userId,
  'booking.view': (actor, booking) => booking.userId === actor.userId,
  'doctor.care': (actor, care, staffTeamIds) => care.ownerUserId === actor.userId || (actor.roles.includes('doctor') && !!actor.doctorId && staffTeamIds.includes(care.teamId)),
  'payment.view': (actor, order) => order.userId === actor.userId,
  'team.staff': (actor, subject, staffTeamIds) => actor.roles.includes('doctor') && !!actor.doctorId && staffTeamIds.includes(subject.teamId),
  'rota.manage': (actor, team) => actor.roles.includes('doctor') && !!actor.doctorId && actor.doctorId === team.leaderId,
};

export async function authorize<K extends keyof Rules>(actor: Actor, action: K, ...args: Parameters<Rules[K]> extends [Actor, ...infer R] ? R : never): Promise<void> {
  const rule = rules[action] as (actor: Actor, ...a: unknown[]) => boolean | Promise<boolean>;
  if (!(await rule(actor, ...args))) throw errors.notFound();
}
