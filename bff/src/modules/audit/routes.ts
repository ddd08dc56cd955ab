import { AuditChainStatus, AuditPage, AuditSearchQuery } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import type { Services } from '../../services';

const A = '/api/v1/admin/audit';

/** 安全审计 (admin page): needs audit.read, which only admins hold. */
export function auditRoutes(s: Services): AnyRoute[] {
  const tags = ['admin'];
  const auth = 'audit.read' as const;
  return [
    route({
      method: 'get',
      path: A,
      summary: 'Search the audit trail by actor, subject, action (or `payment.*`) and China dates; newest first, paged by cursor',
      tags,
      auth,
      query: AuditSearchQuery,
      response: AuditPage,
      handler: (r) => s.auditSearch.search(r, r.query),
    }),
    route({
      method: 'get',
      path: `${A}/chain`,
      summary: "Walks the audit trail's hash chain from its anchor to its head; names the first broken row",
      tags,
      auth,
      response: AuditChainStatus,
      handler: (r) => s.auditSearch.chain(r),
    }),
  ];
}
