import { z } from 'zod';
import { ID_PROBLEM_MESSAGES, MOBILE_PATTERN, PERSON_NAME_PATTERN, parseIdNumber } from './id-number';
import { IsoDate, SexSchema } from './common';

export const PersonName = z.string().trim().regex(PERSON_NAME_PATTERN, '请填写与身份证一致的姓名（2–30个汉字）');

/** Accepts a lower-case x; the refinement reports exactly what is wrong with the number. */
export const IdNumber = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((s, ctx) => {
    const r = parseIdNumber(s);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: ID_PROBLEM_MESSAGES[r.problem], params: { problem: r.problem } });
  });

export const Mobile = z.string().regex(MOBILE_PATTERN, '请输入正确的11位手机号');

export const RealNameRequest = z.object({
  name: PersonName,
  idNumber: IdNumber,
  phoneCode: z.string().min(1, '请先授权手机号').max(128),
});

/** Face verification (微信人脸核身 2.0): the identity to prove; the BFF answers with WeChat's verify_id. */
export const FaceVerifyStartRequest = z.object({ name: PersonName, idNumber: IdNumber });
export const FaceVerifyStart = z.object({ verifyId: z.string(), expiresIn: z.number().int() });
export type FaceVerifyStart = z.infer<typeof FaceVerifyStart>;
/** After wx.requestFacialVerify: the BFF asks WeChat for the real result; nothing the client says counts. */
export const FaceVerifyResultRequest = z.object({ verifyId: z.string().min(1).max(256) });

export const Relation = z.enum(['self', 'spouse', 'child', 'parent', 'sibling', 'other']);
export type Relation = z.infer<typeof Relation>;
export { RELATION_LABELS, MAX_FAMILY_MEMBERS, GUARDIAN_CONSENT_UNDER_AGE, FAMILY_ACCESS_SCOPE_LABELS, type FamilyAccessScopeKey } from './family-constants';

const MemberFields = {
  name: PersonName,
  relation: Relation.exclude(['self']),
  phone: Mobile.optional(),
  /** For a member under 14: the guardian's agreement to the current guardian text. */
  guardianConsentVersion: z.string().max(32).optional(),
};

/** A member is identified by ID number, or (a child without an ID card) by birth date + sex. */
export const CreateMemberRequest = z.union([z.object({ ...MemberFields, idNumber: IdNumber }).strict(), z.object({ ...MemberFields, birthDate: IsoDate, sex: SexSchema }).strict()]);
export type CreateMemberRequest = z.input<typeof CreateMemberRequest>;

export const UpdateMemberRequest = z
  .object({
    relation: Relation.exclude(['self']).optional(),
    phone: Mobile.nullable().optional(),
    /** A child who now has an ID card: the number must match the recorded name, birth date and sex. */
    idNumber: IdNumber.optional(),
  })
  .strict();

export const MemberView = z.object({
  id: z.string(),
  name: z.string(),
  relation: Relation,
  relationLabel: z.string(),
  sex: SexSchema,
  birthDate: z.string(),
  age: z.number().int(),
  idNumberMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  verified: z.boolean(),
  createdAt: z.string(),
});
export type MemberView = z.infer<typeof MemberView>;

export const MemberList = z.object({ items: z.array(MemberView), max: z.number().int() });
