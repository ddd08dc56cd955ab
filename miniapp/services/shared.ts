/**
 * What the miniapp takes from @healthpocket/shared-types. The package index also builds the zod
 * schemas, so runtime values are imported from the pure files by path (id-number, errors) and
 * everything else as types only. (shared-types' own zod import is swapped for an inert stand-in
 * in the app bundles: config/zod-inert.js.)
 * Consent texts and relation labels sit in files that also build zod schemas: see consent-texts.ts.
 */
export {
  parseIdNumber,
  ID_PROBLEM_MESSAGES,
  MOBILE_PATTERN,
  PERSON_NAME_PATTERN,
  maskIdNumber,
  maskPhone,
  ageOn,
  chinaToday,
} from '@healthpocket/shared-types/src/id-number';
export type { IdNumberProblem, ParsedIdNumber, Sex } from '@healthpocket/shared-types/src/id-number';
export { ERROR_CODES } from '@healthpocket/shared-types/src/errors';
export type { ErrorBody, ErrorCode, ErrorDetail } from '@healthpocket/shared-types/src/errors';
export type {
  AuthTokens,
  ClientConfig,
  ConsentKind,
  ConsentView,
  CreateMemberRequest,
  MemberView,
  Relation,
  Role,
  UserView,
} from '@healthpocket/shared-types';
