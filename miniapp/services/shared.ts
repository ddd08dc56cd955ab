/**
 * What the miniapp takes from @healthpocket/shared-types. The package index also builds the zod
 * schemas, so runtime values come from the zod-free files by path (id-number, errors,
 * consent-texts, family-constants, content-constants, booking-labels) and everything else is
 * imported as types only. The weapp build check fails if zod reaches a bundle.
 */
export { parseIdNumber, ID_PROBLEM_MESSAGES, MOBILE_PATTERN, PERSON_NAME_PATTERN, ageOn, chinaToday } from '@healthpocket/shared-types/src/id-number';
export type { Sex } from '@healthpocket/shared-types/src/id-number';
export type { ErrorDetail } from '@healthpocket/shared-types/src/errors';
export type { AuthTokens, ClientConfig, ConsentView, CreateMemberRequest, MemberView, Relation, UserView } from '@healthpocket/shared-types';
