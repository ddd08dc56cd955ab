import Taro from '@tarojs/taro';
import type { CreateAefiReportRequest } from '@healthpocket/shared-types';
import { http } from '../services/api';
import { client } from '../services/client';
import { loadClientConfig } from '../services/session';

/** 留观, 到苗提醒 and AEFI reports (types only from shared-types: zod stays out of the bundle). */

export const careApi = {
  observation: (memberId: string) => client.GET('/api/v1/vaccines/members/{memberId}/observation', { params: { path: { memberId } } }),
  stockAlerts: (memberId: string) => client.GET('/api/v1/vaccines/members/{memberId}/stock-alerts', { params: { path: { memberId } } }),
  subscribeStock: (memberId: string, clinicId: string, vaccineCode: string) =>
    client.POST('/api/v1/vaccines/members/{memberId}/stock-alerts', { params: { path: { memberId } }, body: { clinicId, vaccineCode } }),
  cancelStock: (memberId: string, alertId: string) => client.DELETE('/api/v1/vaccines/members/{memberId}/stock-alerts/{alertId}', { params: { path: { memberId, alertId } } }),
  reports: (memberId: string) => client.GET('/api/v1/vaccines/members/{memberId}/adverse-reactions', { params: { path: { memberId } } }),
  report: (memberId: string, body: CreateAefiReportRequest, idempotencyKey: string) =>
    client.POST('/api/v1/vaccines/members/{memberId}/adverse-reactions', { params: { path: { memberId }, header: { 'Idempotency-Key': idempotencyKey } }, body }),
  /** H5 only: the WeChat sandbox stands in for wx.requestSubscribeMessage. */
  sandboxSubscribe: (sandboxUrl: string, openid: string, templateIds: string[]) =>
    http.post<Record<string, string>>('/wechat/sandbox/subscriptions', { openid, templateIds }, { auth: false, baseUrl: sandboxUrl }),
};

/**
 * Asks for the 到苗提醒 subscribe message. In the weapp wx.requestSubscribeMessage must be the
 * first thing the tap does (WeChat refuses it after an await), so the caller passes the template
 * it already loaded and calls this synchronously in the handler. A refusal does not stop the
 * subscription: the notice (message centre) still comes.
 */
export function askStockSubscription(templateId: string, sandboxOpenid?: string): Promise<boolean> {
  if (process.env.TARO_ENV === 'weapp') {
    return (Taro.requestSubscribeMessage({ tmplIds: [templateId], entityIds: [] } as never) as unknown as Promise<Record<string, string>>).then((r) => r[templateId] === 'accept').catch(() => false);
  }
  if (!sandboxOpenid) return Promise.resolve(false);
  return loadClientConfig()
    .then((cfg) => (cfg.sandboxUrl ? careApi.sandboxSubscribe(cfg.sandboxUrl, sandboxOpenid, [templateId]) : {}))
    .then((r: Record<string, string>) => r[templateId] === 'accept')
    .catch(() => false);
}

/** 25:00 from seconds. */
export const mmss = (seconds: number) => `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
