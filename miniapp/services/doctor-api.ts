import Taro from '@tarojs/taro';
import type { AckAlertRequest, DoctorSettingsView, SendMessageRequest } from '@healthpocket/shared-types';
import { apiBase, tokenStore, toApiError, ApiError, NETWORK_ERROR_MESSAGE } from './api';
import { client, type ApiBody, type ApiResponse } from './client';

/** Family doctor (resident side) and the doctor's workbench: typed calls over the one client. */

type BpValues = { systolic: number; diastolic: number; pulse?: number };
export type GlucoseValues = { mmol: number; context: 'fasting' | 'postprandial' | 'random' };
export type NewReading = { memberId: string; measuredAt: string } & ({ kind: 'bp'; values: BpValues } | { kind: 'glucose'; values: GlucoseValues });

/** 勾选 + 签署 of the agreement version shown (the BFF checks the name against the verified identity). */
export interface AgreementSignatureInput {
  version: string;
  accepted: true;
  signerName: string;
}

const enc = encodeURIComponent;

/** 自报 as the BFF takes it. */
export type SelfReportBody = ApiBody<'/api/v1/doctor/members/{memberId}/self-report', 'put'>;

export const doctorApi = {
  contracts: () => client.GET('/api/v1/doctor/contracts'),
  contract: (memberId: string) => client.GET('/api/v1/doctor/contracts/{memberId}', { params: { path: { memberId } } }),
  teams: (memberId?: string) => client.GET('/api/v1/doctor/teams', { params: { query: { memberId: memberId || undefined } } }),
  /** The 签约服务协议书 in force, shown in full before signing. */
  agreement: () => client.GET('/api/v1/doctor/agreement'),
  apply: (body: { memberId: string; teamId: string; packageIds: string[]; note?: string; agreement: AgreementSignatureInput }) => client.POST('/api/v1/doctor/contract-applications', { body }),
  /** 续约 with the same team; `agreement` when the version changed since the last signature. */
  renew: (memberId: string, body: { packageIds: string[]; agreement?: AgreementSignatureInput }) =>
    client.POST('/api/v1/doctor/contracts/{memberId}/renewal', { params: { path: { memberId } }, body }),

  openConversation: (memberId: string) => client.POST('/api/v1/doctor/conversations', { body: { memberId } }),
  conversation: (id: string) => client.GET('/api/v1/doctor/conversations/{id}', { params: { path: { id } } }),
  messages: (id: string, q: { beforeSeq?: number; afterSeq?: number; limit?: number } = {}) => client.GET('/api/v1/doctor/conversations/{id}/messages', { params: { path: { id }, query: q } }),
  send: (id: string, body: SendMessageRequest) => client.POST('/api/v1/doctor/conversations/{id}/messages', { params: { path: { id } }, body }),
  read: (id: string, seq: number) => client.POST('/api/v1/doctor/conversations/{id}/read', { params: { path: { id } }, body: { seq } }),

  readings: (memberId: string) => client.GET('/api/v1/doctor/readings', { params: { query: { memberId, limit: 50 } } }),
  addReading: (body: NewReading) => client.POST('/api/v1/doctor/readings', { body }),
  selfReport: (memberId: string) => client.GET('/api/v1/doctor/members/{memberId}/self-report', { params: { path: { memberId } } }),
  sendSelfReport: (memberId: string, body: SelfReportBody) => client.PUT('/api/v1/doctor/members/{memberId}/self-report', { params: { path: { memberId } }, body }),
  devices: (memberId: string) => client.GET('/api/v1/doctor/devices', { params: { query: { memberId } } }),

  /** One page of the inbox (open alerts first, then longest waiting); pass `nextCursor` for the next. */
  inbox: (cursor?: string) => client.GET('/api/v1/workbench/inbox', { params: { query: { cursor: cursor || undefined } } }),
  workbenchConversation: (id: string) => client.GET('/api/v1/workbench/conversations/{id}', { params: { path: { id } } }),
  resolve: (id: string) => client.POST('/api/v1/workbench/conversations/{id}/resolve', { params: { path: { id } } }),
  alerts: () => client.GET('/api/v1/workbench/alerts'),
  /** Acknowledge with what was done (已电话联系 …) and an optional note. */
  ackAlert: (id: string, body: AckAlertRequest) => client.POST('/api/v1/workbench/alerts/{id}/ack', { params: { path: { id } }, body }),
  applications: () => client.GET('/api/v1/workbench/contract-applications'),
  approve: (id: string) => client.POST('/api/v1/workbench/contract-applications/{id}/approve', { params: { path: { id } } }),
  decline: (id: string, reason: string) => client.POST('/api/v1/workbench/contract-applications/{id}/decline', { params: { path: { id } }, body: { reason } }),
  /** 考核 figures of a team for a period of China days (the lead sees each member, others themselves). */
  workload: (q: { teamId?: string; from: string; to: string }) => client.GET('/api/v1/workbench/workload', { params: { query: { teamId: q.teamId || undefined, from: q.from, to: q.to } } }),
  settings: () => client.GET('/api/v1/workbench/settings'),
  saveSettings: (s: DoctorSettingsView) => client.PUT('/api/v1/workbench/settings', { body: s }),

  /** Multipart upload (Taro.uploadFile); a 401 TOKEN_EXPIRED is cured by one refresh through `http`. */
  async uploadImage(conversationId: string, filePath: string): Promise<ApiResponse<'/api/v1/doctor/conversations/{id}/images', 'post'>> {
    const attempt = async () => {
      const token = tokenStore.get()?.accessToken;
      try {
        const res = await Taro.uploadFile({
          url: `${apiBase()}/api/v1/doctor/conversations/${enc(conversationId)}/images`,
          filePath,
          name: 'file',
          header: token ? { Authorization: `Bearer ${token}` } : {},
        });
        let data: unknown = res.data;
        try {
          data = typeof res.data === 'string' ? JSON.parse(res.data) : res.data;
        } catch {
          /* not JSON */
        }
        return { status: res.statusCode, data };
      } catch {
        throw new ApiError('NETWORK_ERROR', NETWORK_ERROR_MESSAGE, 0);
      }
    };
    let r = await attempt();
    if (r.status === 401) {
      await client.GET('/api/v1/me').catch(() => undefined); // refreshes the token when it only expired
      r = await attempt();
    }
    if (r.status >= 200 && r.status < 300) return r.data as ApiResponse<'/api/v1/doctor/conversations/{id}/images', 'post'>;
    throw toApiError(r.status, r.data);
  },
};

/** Absolute URL for an image path the BFF returned (relative in H5, the API host in the weapp). */
export function imageUrl(path: string): string {
  return /^https?:/.test(path) ? path : `${apiBase()}${path}`;
}

/** A client-generated message id: a resend with it never makes a second message. */
export function newClientId(): string {
  const rand = Math.random().toString(36).slice(2, 10) + Math.random().toString(36).slice(2, 10);
  return `m${Date.now().toString(36)}${rand}`.slice(0, 40);
}

/** China time "MM-DD HH:mm" (or "HH:mm" today) for an ISO time with offset. */
export function shortTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return d.slice(0, 10) === today ? d.slice(11, 16) : `${d.slice(5, 10)} ${d.slice(11, 16)}`;
}

/** "now" as ISO 8601 with +08:00, for a reading's measuredAt. */
export function chinaNowIso(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}
