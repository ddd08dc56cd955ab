import { z } from 'zod';

export { CONSENT_TEXTS } from './consent-texts';

export const ConsentKind = z.enum(['privacy_guide', 'health_data', 'guardian', 'push']);
export type ConsentKind = z.infer<typeof ConsentKind>;

export const GrantConsentRequest = z.object({
  kind: z.enum(['privacy_guide', 'health_data', 'push']),
  textVersion: z.string().min(1).max(32),
});

export const ConsentView = z.object({
  id: z.string(),
  kind: ConsentKind,
  textVersion: z.string(),
  memberId: z.string().nullable(),
  grantedAt: z.string(),
  withdrawnAt: z.string().nullable(),
});
export type ConsentView = z.infer<typeof ConsentView>;

export const ConsentList = z.object({
  items: z.array(ConsentView),
  current: z.record(z.string(), z.object({ version: z.string(), title: z.string(), summary: z.string(), stops: z.array(z.string()).readonly() })),
});

/** The consents a resident grants and withdraws for themselves (guardian consents belong to a member). */
export const SelfConsentKind = z.enum(['privacy_guide', 'health_data', 'push']);
export type SelfConsentKind = z.infer<typeof SelfConsentKind>;

export const ConsentKindParam = z.object({ kind: SelfConsentKind });
