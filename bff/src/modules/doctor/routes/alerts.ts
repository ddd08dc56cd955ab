import { z } from 'zod';
import { AckAlertRequest, AlertView, IdParam, PutRotaRequest, RotaView } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../../http/route';
import type { Services } from '../../../services';

/** Acknowledging an alert with an outcome, and the team's on-call rota that decides who is alerted. */
export function alertRoutes(s: Services): AnyRoute[] {
  const tags = ['workbench'];
  return [
    route({
      method: 'post',
      path: '/api/v1/workbench/alerts/:id/ack',
      summary: 'Acknowledge an alert with what was done (phoned, advised a visit, referred to 120, device error) and a note',
      tags,
      auth: 'alerts.handle',
      params: IdParam,
      body: AckAlertRequest,
      response: AlertView,
      handler: (r) => s.doctor.alertAck.ack(r, r.params.id, r.body),
    }),
    route({
      method: 'get',
      path: '/api/v1/workbench/rota',
      summary: "A team's on-call rota (who covers which hours, in order)",
      tags,
      auth: 'alerts.handle',
      query: z.object({ teamId: z.string().min(1).max(16) }),
      response: RotaView,
      handler: (r) => s.doctor.rota.get(r, r.query.teamId),
    }),
    route({
      method: 'put',
      path: '/api/v1/workbench/rota',
      summary: "Replace a team's on-call rota (team lead only)",
      tags,
      auth: 'alerts.handle',
      body: PutRotaRequest,
      response: RotaView,
      handler: (r) => s.doctor.rota.put(r, r.body),
    }),
  ];
}
