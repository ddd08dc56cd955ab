import { z } from 'zod';

/** 家人授权: an adult family member lets the resident who added them read their health record. */
export const FamilyAccessStatus = z.enum(['pending', 'approved', 'declined', 'revoked']);
export type FamilyAccessStatus = z.infer<typeof FamilyAccessStatus>;

/** What the requester sees about their request for one member ('none' before they ask). */
export const FamilyAccessRequestView = z.object({
  id: z.string().nullable(),
  memberId: z.string(),
  status: z.union([FamilyAccessStatus, z.literal('none')]),
  requestedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type FamilyAccessRequestView = z.infer<typeof FamilyAccessRequestView>;

/** A request addressed to me: who asked (masked name), how they call me, where it stands. */
export const IncomingAccessRequest = z.object({
  id: z.string(),
  requesterName: z.string(),
  relation: z.string(),
  relationLabel: z.string(),
  status: FamilyAccessStatus,
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type IncomingAccessRequest = z.infer<typeof IncomingAccessRequest>;

export const IncomingAccessRequestList = z.object({ items: z.array(IncomingAccessRequest) });
export type IncomingAccessRequestList = z.infer<typeof IncomingAccessRequestList>;
