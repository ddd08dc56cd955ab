import { z } from 'zod';
import { Role, SexSchema } from './common';

export const WechatLoginRequest = z.object({
  code: z.string().min(1, '缺少登录凭证').max(128),
});

export const RefreshRequest = z.object({ refreshToken: z.string().min(16).max(256) });

export const UserView = z.object({
  id: z.string(),
  roles: z.array(Role),
  realNameVerified: z.boolean(),
  /**
   * none: nothing entered; claimed: name + ID number entered but not yet proven (may browse and book
   * for itself, reads no health information); verified: proven by face (人脸核身) or by the phone the
   * regional health platform holds for that ID number.
   */
  identity: z.object({ state: z.enum(['none', 'claimed', 'verified']), method: z.enum(['face', 'phone']).nullable() }),
  name: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  sex: SexSchema.nullable(),
  birthDate: z.string().nullable(),
  doctorId: z.string().nullable(),
});
export type UserView = z.infer<typeof UserView>;

export const AuthTokens = z.object({
  accessToken: z.string(),
  accessTokenExpiresIn: z.number().int(),
  refreshToken: z.string(),
  user: UserView,
});
export type AuthTokens = z.infer<typeof AuthTokens>;
