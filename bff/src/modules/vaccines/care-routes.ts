import { z } from 'zod';
import { AefiReportList, AefiReportView, CreateAefiReportRequest, CreateStockAlertRequest, EntityId, StockAlertList, StockAlertView, VaccineObservation } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import { attemptOf } from '../../http/idempotency';
import type { Services } from '../../services';
import { User } from '../../db/entities';

const MemberParam = z.object({ memberId: EntityId });
const AlertParam = z.object({ memberId: EntityId, alertId: EntityId });
const tags = ['vaccines'];
const member = { purpose: 'health' as const };

/** After a dose: 留观, 到苗提醒, suspected adverse reactions. Each takes the member in its path (the member policy, 查看健康信息). */
export function vaccineCareRoutes(s: Services): AnyRoute[] {
  const v = s.vaccines;
  return [
    route({
      method: 'get',
      member,
      path: '/api/v1/vaccines/members/:memberId/observation',
      summary: '留观: the latest dose recorded for the member and the 30-minute countdown, in server time',
      tags,
      auth: 'user',
      params: MemberParam,
      response: VaccineObservation,
      handler: (r) => v.observations.of(r, r.params.memberId),
    }),
    route({
      method: 'get',
      member,
      path: '/api/v1/vaccines/members/:memberId/stock-alerts',
      summary: '到苗提醒 of a member (waiting and notified)',
      tags,
      auth: 'user',
      params: MemberParam,
      response: StockAlertList,
      handler: async (r) => {
        const list = await v.stockAlerts.list(r, r.params.memberId);
        if (!s.config.sandboxPublicUrl) return list;
        return { ...list, sandboxOpenid: (await s.ds.getRepository(User).findOneBy({ id: r.actor.userId }))?.openid };
      },
    }),
    route({
      method: 'post',
      member,
      path: '/api/v1/vaccines/members/:memberId/stock-alerts',
      summary: '到苗提醒: tell me once when a self-paid vaccine is back at this clinic (at most 10 waiting per user; subscribing again answers the waiting one)',
      tags,
      auth: 'user',
      params: MemberParam,
      body: CreateStockAlertRequest,
      response: StockAlertView,
      status: 201,
      rateLimit: { name: 'vaccine-stock-alert', points: 30, durationSeconds: 60, by: 'user' },
      handler: (r) => v.stockAlerts.subscribe(r, r.params.memberId, r.body),
    }),
    route({
      method: 'delete',
      member,
      path: '/api/v1/vaccines/members/:memberId/stock-alerts/:alertId',
      summary: 'Cancel a waiting 到苗提醒 (a notified or cancelled one stays as it is)',
      tags,
      auth: 'user',
      params: AlertParam,
      response: StockAlertView,
      handler: (r) => v.stockAlerts.cancel(r, r.params.memberId, r.params.alertId),
    }),
    route({
      method: 'get',
      member,
      path: '/api/v1/vaccines/members/:memberId/adverse-reactions',
      summary: "疑似预防接种异常反应 reports for a member, with the clinic's status (已提交 / 已受理)",
      tags,
      auth: 'user',
      params: MemberParam,
      response: AefiReportList,
      handler: (r) => v.aefi.list(r, r.params.memberId),
    }),
    route({
      method: 'post',
      member,
      path: '/api/v1/vaccines/members/:memberId/adverse-reactions',
      summary: "Report a suspected adverse reaction after one of the member's recorded doses; sent to the clinic through the platform (outbox)",
      tags,
      auth: 'user',
      params: MemberParam,
      body: CreateAefiReportRequest,
      response: AefiReportView,
      status: 201,
      idempotent: true,
      headers: { 'Idempotency-Key': { required: true, description: 'One key per report; a retry with the same key replays the answer' } },
      rateLimit: { name: 'vaccine-aefi', points: 20, durationSeconds: 3600, by: 'user' },
      handler: (r) => v.aefi.create(r, r.params.memberId, r.body, attemptOf(r.ctx)),
    }),
  ];
}
