import type { FamilyAccessScopeKey } from '@healthpocket/shared-types';
import type { Actor } from '../auth/tokens';

/**
 * What an actor wants to do for a family member (就诊人). Every route that takes a member declares
 * one, and every service asks `decideMemberAccess` through FamilyService.memberFor.
 * - manage: edit or remove the member entry itself (the list is the owner's own address book);
 * - book: register an appointment in the member's name, as hospital mini-programs allow;
 * - proxy: 代办挂号与缴费 — bills and payments, the e-health card;
 * - health: 查看健康信息 — records, contracts, vaccine records and bookings (eligibility reads the
 *   record), chat, readings and alerts.
 * A thing that belongs to a member and is reached by its own id (a booking, an order, a vaccine
 * appointment, a device, a conversation) is decided again for its member, every time, through
 * FamilyService.resourceFor (policies/member-resources.test.ts lists which purpose each asks).
 */
export type MemberPurpose = 'manage' | 'book' | FamilyAccessScopeKey;

/** From this age a person decides alone who sees their health information (民法典 Art. 17; PIPL Art. 28–29, 31). */
export const ADULT_AGE = 18;

export interface MemberFacts {
  ownerUserId: string;
  relation: string;
  age: number;
  /** The platform's data names the actor as this child's guardian (asked only for a minor). */
  guardianConfirmed: () => Promise<boolean>;
  /** The scopes the adult behind the member approved for the actor, and has not revoked. */
  approvedScopes: () => Promise<readonly FamilyAccessScopeKey[]>;
}

export type MemberDecision =
  | { allow: true }
  /** not_found: the member is not the actor's (indistinguishable from one that does not exist). */
  | { allow: false; reason: 'not_found' }
  | { allow: false; reason: 'identity_unverified' }
  | { allow: false; reason: 'guardian_unconfirmed' }
  | { allow: false; reason: 'authorization_required'; scope: FamilyAccessScopeKey };

/**
 * The one answer to "may this actor act for this member, for this purpose":
 * - self: booking always; anything else once the actor's identity is proven;
 * - a minor child: once the actor is proven and the platform confirms the guardianship;
 * - an adult other than oneself: booking, or within the scopes that adult approved (家人授权).
 */
export async function decideMemberAccess(actor: Actor, member: MemberFacts, purpose: MemberPurpose): Promise<MemberDecision> {
  if (member.ownerUserId !== actor.userId) return { allow: false, reason: 'not_found' };
  if (purpose === 'manage' || purpose === 'book') return { allow: true };
  if (!actor.verified) return { allow: false, reason: 'identity_unverified' };
  if (member.relation === 'self') return { allow: true };
  if (member.age < ADULT_AGE) return (await member.guardianConfirmed()) ? { allow: true } : { allow: false, reason: 'guardian_unconfirmed' };
  return (await member.approvedScopes()).includes(purpose) ? { allow: true } : { allow: false, reason: 'authorization_required', scope: purpose };
}
