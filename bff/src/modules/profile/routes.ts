import { ConsentKindParam, ConsentList, ConsentView, GrantConsentRequest, UserView } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import type { Services } from '../../services';

export function profileRoutes(s: Services): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/v1/me',
      summary: 'The signed-in user (masked identifiers)',
      tags: ['me'],
      auth: 'user',
      response: UserView,
      handler: (r) => s.profile.me(r),
    }),
    route({
      method: 'get',
      path: '/api/v1/me/consents',
      summary: 'Consents given and withdrawn, with the current texts',
      tags: ['me'],
      auth: 'user',
      response: ConsentList,
      handler: (r) => s.profile.listConsents(r),
    }),
    route({
      method: 'post',
      path: '/api/v1/me/consents',
      summary: 'Agree to the current version of a consent text',
      tags: ['me'],
      auth: 'user',
      body: GrantConsentRequest,
      response: ConsentView,
      status: 201,
      handler: (r) => s.profile.grantConsent(r, r.body.kind, r.body.textVersion),
    }),
    route({
      method: 'delete',
      path: '/api/v1/me/consents/:kind',
      summary: 'Withdraw a consent',
      tags: ['me'],
      auth: 'user',
      params: ConsentKindParam,
      handler: (r) => s.profile.withdrawConsent(r, r.params.kind),
    }),
  ];
}
