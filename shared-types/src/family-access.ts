import { z } from 'zod';

/** 家人授权: an adult family member lets the resident who added them act or read within scopes. */
export const FamilyAccessStatus = z.enum(['pending', 'approved', 'declined', 'revoked']);
export type FamilyAccessStatus = z.infer<typeof FamilyAccessStatus>;

/** proxy = 代办挂号与缴费 (bills, payments, e-health card); health = 查看健康信息 (records, vaccines, doctor). */
export const FamilyAccessScope = z.enum(['proxy', 'health']);
export type FamilyAccessScope = z.infer<typeof FamilyAccessScope>;

/** What the requester sees about their request for one member ('none' before they ask). */
export const FamilyAccessRequestView = z.object({
  id: z.string().nullable(),
  memberId: z.string(),
  status: z.union([FamilyAccessStatus, z.literal('none')]),
  /** Asked for while pending; allowed once approved. */
  scopes: z.array(FamilyAccessScope),
  requestedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** For the share card (小程序 onShareAppMessage / an H5 link) while the request is pending. */
  inviteCode: z.string().nullable(),
  /**
   * True once the adult has answered (approved, declined, revoked). While a request is pending it is
   * false whether or not the ID number belongs to someone on the app: the answer must not tell a
   * requester whether an ID number is registered.
   */
  grantorOnApp: z.boolean(),
});
export type FamilyAccessRequestView = z.infer<typeof FamilyAccessRequestView>;

export const FamilyAccessRequestBody = z.object({ scopes: z.array(FamilyAccessScope).min(1).max(2).optional() }).strict();
export type FamilyAccessRequestBody = z.infer<typeof FamilyAccessRequestBody>;

/** Every request the requester made for one member, newest first (the history both sides see). */
export const FamilyAccessHistory = z.object({ items: z.array(FamilyAccessRequestView) });
export type FamilyAccessHistory = z.infer<typeof FamilyAccessHistory>;

/** A request addressed to me: who asked (verified name, masked phone), how they call me, what for. */
export const IncomingAccessRequest = z.object({
  id: z.string(),
  requesterName: z.string(),
  requesterPhoneMasked: z.string().nullable(),
  relation: z.string(),
  relationLabel: z.string(),
  status: FamilyAccessStatus,
  scopes: z.array(FamilyAccessScope),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type IncomingAccessRequest = z.infer<typeof IncomingAccessRequest>;

export const IncomingAccessRequestList = z.object({ items: z.array(IncomingAccessRequest), pending: z.number().int() });
export type IncomingAccessRequestList = z.infer<typeof IncomingAccessRequestList>;

export const ApproveAccessBody = z.object({ scopes: z.array(FamilyAccessScope).min(1).max(2).optional() }).strict();
export type ApproveAccessBody = z.infer<typeof ApproveAccessBody>;

export const InviteCodeParam = z.object({ code: z.string().regex(/^[A-Za-z0-9_-]{16,32}$/, '邀请码格式有误') });
