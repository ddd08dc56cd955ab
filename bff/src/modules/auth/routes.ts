import { AuthTokens, RefreshRequest, WechatLoginRequest } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import type { Services } from '../../services';

export function authRoutes(s: Services): AnyRoute[] {
  return [
    route({
      method: 'post',
      path: '/api/v1/auth/wechat-login',
      summary: 'Exchange a wx.login code for our access and refresh tokens',
      tags: ['auth'],
      auth: 'public',
      rateLimit: { name: 'login', points: 30, durationSeconds: 60, by: 'ip' },
      body: WechatLoginRequest,
      response: AuthTokens,
      errors: ['WECHAT_CODE_INVALID', 'WECHAT_USER_BLOCKED', 'UPSTREAM_UNAVAILABLE'],
      handler: ({ body, ctx, requestId }) => s.auth.loginWithWechatCode(body.code, { requestId, ip: ctx.ip }),
    }),
    route({
      method: 'post',
      path: '/api/v1/auth/refresh',
      summary: 'Rotate the refresh token; a reused token revokes the login',
      tags: ['auth'],
      auth: 'public',
      rateLimit: { name: 'refresh', points: 60, durationSeconds: 60, by: 'ip' },
      body: RefreshRequest,
      response: AuthTokens,
      handler: ({ body, ctx, requestId }) => s.auth.refresh(body.refreshToken, { requestId, ip: ctx.ip }),
    }),
    route({
      method: 'post',
      path: '/api/v1/auth/logout',
      summary: 'Revoke this login',
      tags: ['auth'],
      auth: 'user',
      body: RefreshRequest,
      handler: async ({ body, actor, ctx, requestId }) => {
        await s.auth.logout(body.refreshToken, actor, { requestId, ip: ctx.ip });
      },
    }),
  ];
}
