import type { CreateMemberRequest, Relation } from './shared';
import { client } from './client';
import { http } from './http';

// The http layer lives in http.ts (client.ts builds on it); its names are re-exported here for the pages.
export { NETWORK_ERROR_MESSAGE, ApiError, apiBase, tokenStore, onTokensRefreshed, onSessionEnded, toApiError, http, messageOf, fieldErrorsOf } from './http';

// ---- typed endpoints of the foundation (later services add their own files using `client`) ----

export interface ConsentText {
  version: string;
  title: string;
  summary: string;
  /** What stops when the consent is withdrawn, in plain words. */
  stops: readonly string[];
}
/** The consents a resident grants and withdraws for themselves. */
export type SelfConsentKind = 'privacy_guide' | 'health_data' | 'push';
export interface UpdateMemberRequest {
  relation?: Exclude<Relation, 'self'>;
  phone?: string | null;
  idNumber?: string;
}
export interface RealNameRequest {
  name: string;
  idNumber: string;
  phoneCode: string;
}

export const api = {
  clientConfig: () => client.GET('/api/v1/client-config', { auth: false }),
  wechatLogin: (code: string) => client.POST('/api/v1/auth/wechat-login', { body: { code }, auth: false }),
  logout: (refreshToken: string) => client.POST('/api/v1/auth/logout', { body: { refreshToken }, noLoginRedirect: true }),

  me: () => client.GET('/api/v1/me'),
  /** 手机号快速验证: 409 FACE_VERIFY_REQUIRED when the phone is not the one on file. */
  submitRealName: (body: RealNameRequest) => client.PUT('/api/v1/me/real-name', { body }),
  /** 刷脸认证: WeChat's verify_id for wx.requestFacialVerify; then the BFF asks WeChat for the result. */
  startFaceVerify: (body: { name: string; idNumber: string }) => client.POST('/api/v1/me/identity/face', { body }),
  faceVerifyResult: (verifyId: string) => client.POST('/api/v1/me/identity/face/result', { body: { verifyId } }),

  consents: () => client.GET('/api/v1/me/consents'),
  grantConsent: (kind: SelfConsentKind, textVersion: string) => client.POST('/api/v1/me/consents', { body: { kind, textVersion } }),
  withdrawConsent: (kind: SelfConsentKind) => client.DELETE('/api/v1/me/consents/{kind}', { params: { path: { kind } } }),

  members: () => client.GET('/api/v1/family/members'),
  createMember: (body: CreateMemberRequest) => client.POST('/api/v1/family/members', { body }),
  updateMember: (id: string, body: UpdateMemberRequest) => client.PATCH('/api/v1/family/members/{id}', { params: { path: { id } }, body }),
  deleteMember: (id: string) => client.DELETE('/api/v1/family/members/{id}', { params: { path: { id } } }),

  /** H5 only: the WeChat sandbox mints what wx.login / getPhoneNumber give in the weapp. */
  sandboxLoginCode: (sandboxUrl: string, openid: string) => http.post<{ code: string }>('/wechat/sandbox/codes', { openid }, { auth: false, baseUrl: sandboxUrl }),
  sandboxPhoneCode: (sandboxUrl: string, phoneNumber: string) => http.post<{ code: string }>('/wechat/sandbox/phone-codes', { phoneNumber }, { auth: false, baseUrl: sandboxUrl }),
  /** H5 only: the 刷脸 sheet's 通过 / 不通过 / 取消, standing for wx.requestFacialVerify. */
  sandboxFaceVerify: (sandboxUrl: string, verifyId: string, outcome: 'pass' | 'fail' | 'cancel') =>
    http.post<{ errCode: number; errMsg: string }>('/wechat/sandbox/face/verify', { verify_id: verifyId, outcome }, { auth: false, baseUrl: sandboxUrl }),
};
