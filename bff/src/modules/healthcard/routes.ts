import { HealthCardList, HealthCardMember, HealthCardQr, HealthCardRegisterRequest, MemberIdParam } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import type { Services } from '../../services';

export function healthCardRoutes(s: Services): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/v1/health-cards',
      summary: '电子健康卡 of every family member: issued, can issue, or what is needed first',
      tags: ['healthcard'],
      auth: 'user',
      response: HealthCardList,
      handler: (r) => s.healthCards.list(r),
    }),
    route({
      method: 'post',
      member: { purpose: 'proxy' },
      path: '/api/v1/health-cards/:memberId',
      summary:
        'Register (申领) the member’s e-health card; answers the existing card when there is one. Without a phone on file, 409 HEALTH_CARD_PHONE_REQUIRED until the body carries a WeChat getPhoneNumber `phoneCode`',
      tags: ['healthcard'],
      auth: 'user',
      params: MemberIdParam,
      body: HealthCardRegisterRequest,
      response: HealthCardMember,
      status: 201,
      rateLimit: { name: 'healthcard-register', points: 10, durationSeconds: 60, by: 'user' },
      handler: (r) => s.healthCards.register(r, r.params.memberId, r.body),
    }),
    route({
      method: 'get',
      member: { purpose: 'proxy' },
      path: '/api/v1/health-cards/:memberId/qr',
      summary: 'The member’s current dynamic QR code (short-lived, not cacheable)',
      tags: ['healthcard'],
      auth: 'user',
      params: MemberIdParam,
      response: HealthCardQr,
      handler: async (r) => {
        r.ctx.set('Cache-Control', 'no-store');
        return s.healthCards.qr(r, r.params.memberId);
      },
    }),
  ];
}
