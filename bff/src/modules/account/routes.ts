import { DataExportIdParam, DataExportList, DataExportView, DeleteAccountRequest, DeletionPlan, DeletionResult } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import type { Services } from '../../services';

/** The resident's rights: export their data, delete their account. */
export function accountRoutes(s: Services): AnyRoute[] {
  return [
    route({
      method: 'post',
      path: '/api/v1/me/export',
      summary: 'Prepare a file of the resident’s own data (one an hour; downloadable for 24 hours)',
      tags: ['me'],
      auth: 'user',
      response: DataExportView,
      status: 201,
      handler: (r) => s.account.exports.create(r),
    }),
    route({
      method: 'get',
      path: '/api/v1/me/export',
      summary: 'The resident’s recent exports and when the next one may be made',
      tags: ['me'],
      auth: 'user',
      response: DataExportList,
      handler: (r) => s.account.exports.list(r),
    }),
    route({
      method: 'get',
      path: '/api/v1/me/export/:id',
      summary: 'Download an export (its owner only)',
      tags: ['me'],
      auth: 'user',
      params: DataExportIdParam,
      handler: async (r) => {
        const f = await s.account.exports.file(r, r.params.id);
        r.ctx.set('content-disposition', `attachment; filename="${f.filename}"`);
        r.ctx.type = 'application/json; charset=utf-8';
        r.ctx.body = f.json;
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/me/deletion',
      summary: 'What deleting the account removes and what law requires us to keep, and for how long',
      tags: ['me'],
      auth: 'user',
      response: DeletionPlan,
      handler: (r) => s.account.deletion.plan(r),
    }),
    route({
      method: 'post',
      path: '/api/v1/me/deletion',
      summary: 'Delete the account (typed confirmation); every session ends at once',
      tags: ['me'],
      auth: 'user',
      body: DeleteAccountRequest,
      response: DeletionResult,
      rateLimit: { name: 'account-deletion', points: 5, durationSeconds: 600, by: 'user' },
      handler: (r) => s.account.deletion.delete(r, r.body.confirmText),
    }),
  ];
}
