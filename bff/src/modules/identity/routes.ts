import { FaceVerifyResultRequest, FaceVerifyStart, FaceVerifyStartRequest, RealNameRequest, UserView } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import type { Services } from '../../services';

/** Identity verification: 手机号快速验证 and 刷脸认证 (微信人脸核身 2.0). */
export function identityRoutes(s: Services): AnyRoute[] {
  return [
    route({
      method: 'put',
      path: '/api/v1/me/real-name',
      summary: 'Verify name + ID number by the WeChat phone matching the phone the health platform holds for it (else 409 FACE_VERIFY_REQUIRED)',
      tags: ['me'],
      auth: 'user',
      body: RealNameRequest,
      response: UserView,
      handler: (r) => s.identity.byPhone(r, r.body),
    }),
    route({
      method: 'post',
      path: '/api/v1/me/identity/face',
      summary: 'Start face verification: WeChat verify_id for wx.requestFacialVerify (valid 3600 s, one use)',
      tags: ['me'],
      auth: 'user',
      body: FaceVerifyStartRequest,
      response: FaceVerifyStart,
      handler: (r) => s.identity.startFace(r, r.body),
    }),
    route({
      method: 'post',
      path: '/api/v1/me/identity/face/result',
      summary: 'Finish face verification: the BFF asks WeChat for the real result and binds only on a pass',
      tags: ['me'],
      auth: 'user',
      rateLimit: { name: 'identity-face-result', points: 30, durationSeconds: 600, by: 'user' },
      body: FaceVerifyResultRequest,
      response: UserView,
      handler: (r) => s.identity.finishFace(r, r.body.verifyId),
    }),
  ];
}
