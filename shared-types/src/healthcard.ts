import { z } from 'zod';
import { Relation } from './profile';

/**
 * 电子健康卡 (Tencent e-health card): one card per family member, shown as a dynamic QR code at
 * the hospital window. The card number is shown masked; the QR text is short-lived.
 */
/** needs_authorization: an adult relative who has not approved 代办挂号与缴费; needs_guardianship: a child the platform does not list as the user's. */
export const HealthCardStatus = z.enum(['issued', 'can_issue', 'needs_real_name', 'needs_id_number', 'needs_authorization', 'needs_guardianship']);
export type HealthCardStatus = z.infer<typeof HealthCardStatus>;

export const HealthCardView = z.object({
  cardNoMasked: z.string(),
  /** 'guardian': a child without an ID card, registered with the guardian's identity. */
  issuedWith: z.enum(['own_id', 'guardian']),
  issuedAt: z.string(),
});
export type HealthCardView = z.infer<typeof HealthCardView>;

export const HealthCardMember = z.object({
  memberId: z.string(),
  name: z.string(),
  relation: Relation,
  relationLabel: z.string(),
  status: HealthCardStatus,
  card: HealthCardView.nullable(),
  /** What the resident can do next, in Chinese (null when the card is issued). */
  nextStep: z.string().nullable(),
  /**
   * No phone on file for this registration (a resident verified by face has none): registering
   * needs the WeChat phone number (`phoneCode` from getPhoneNumber) first.
   */
  needsPhone: z.boolean(),
});
export type HealthCardMember = z.infer<typeof HealthCardMember>;

export const HealthCardList = z.object({
  realNameVerified: z.boolean(),
  items: z.array(HealthCardMember),
});
export type HealthCardList = z.infer<typeof HealthCardList>;

export const HealthCardQr = z.object({
  memberId: z.string(),
  name: z.string(),
  cardNoMasked: z.string(),
  /** The dynamic code text to render as a QR code; valid until expiresAt. */
  qrCodeText: z.string(),
  expiresAt: z.string(),
  validSeconds: z.number().int(),
});
export type HealthCardQr = z.infer<typeof HealthCardQr>;

/** 申领: `phoneCode` is the one-time code of WeChat getPhoneNumber, exchanged by the BFF (never a plain number). */
export const HealthCardRegisterRequest = z.object({
  phoneCode: z.string().min(1, '请先授权手机号').max(128).optional(),
});
export type HealthCardRegisterRequest = z.infer<typeof HealthCardRegisterRequest>;

export const MemberIdParam = z.object({ memberId: z.string().min(1).max(64) });

/** 健康卡号: first 4 and last 4 characters, the rest hidden. */
export function maskCardNo(cardId: string): string {
  if (cardId.length <= 8) return `${cardId.slice(0, 2)}****`;
  return `${cardId.slice(0, 4)} **** **** ${cardId.slice(-4)}`;
}
