/** Consent texts and family-member constants from shared-types (versions must match the BFF's). */
export { CONSENT_TEXTS } from '@healthpocket/shared-types/src/consent-texts';
export { RELATION_LABELS, MAX_FAMILY_MEMBERS, GUARDIAN_CONSENT_UNDER_AGE } from '@healthpocket/shared-types/src/family-constants';
export { DELETION_CONFIRM_TEXT, DELETION_DELETES, DELETION_KEEPS, EXPORT_TTL_HOURS } from '@healthpocket/shared-types/src/account-constants';
