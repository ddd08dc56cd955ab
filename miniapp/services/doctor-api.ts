import Taro from '@tarojs/taro';
import type {
  AckAlertRequest,
  AlertView,
  ApplicationView,
  ChatImageUpload,
  ConversationView,
  DeviceView,
  DoctorSettingsView,
  InboxItem,
  MessagePage,
  MessageView,
  MyContract,
  ReadingView,
  SendMessageRequest,
  TeamView,
} from '@healthpocket/shared-types';
import { apiBase, http, tokenStore, toApiError, ApiError, NETWORK_ERROR_MESSAGE } from './api';

/** Family doctor (resident side) and the doctor's workbench: typed calls over the one client. */

export type BpValues = { systolic: number; diastolic: number; pulse?: number };
export type GlucoseValues = { mmol: number; context: 'fasting' | 'postprandial' | 'random' };
export type NewReading = { memberId: string; measuredAt: string } & ({ kind: 'bp'; values: BpValues } | { kind: 'glucose'; values: GlucoseValues });

export interface WorkbenchConversation {
  conversation: ConversationView;
  member: {
    name: string;
    sex: string | null;
    age: number | null;
    recordNumber: string | null;
    conditions: string[];
    allergies: string[];
    contract: { packages: string[]; validTo: string } | null;
  };
  summary: null | {
    latestBp?: { at: string; sbp: number; dbp: number; sourceLabel?: string } | null;
    latestGlucose?: { at: string; value: number; sourceLabel?: string } | null;
  };
  readings: ReadingView[];
  alerts: AlertView[];
}

const enc = encodeURIComponent;

export const doctorApi = {
  contracts: () => http.get<{ items: MyContract[] }>('/api/v1/doctor/contracts'),
  contract: (memberId: string) => http.get<MyContract>(`/api/v1/doctor/contracts/${enc(memberId)}`),
  teams: (memberId?: string) => http.get<{ items: TeamView[] }>(`/api/v1/doctor/teams${memberId ? `?memberId=${enc(memberId)}` : ''}`),
  apply: (body: { memberId: string; teamId: string; packageIds: string[]; note?: string }) => http.post<ApplicationView>('/api/v1/doctor/contract-applications', body),

  openConversation: (memberId: string) => http.post<ConversationView>('/api/v1/doctor/conversations', { memberId }),
  conversation: (id: string) => http.get<ConversationView>(`/api/v1/doctor/conversations/${enc(id)}`),
  messages: (id: string, q: { beforeSeq?: number; afterSeq?: number; limit?: number } = {}) => {
    const qs = Object.entries(q)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    return http.get<MessagePage>(`/api/v1/doctor/conversations/${enc(id)}/messages${qs ? `?${qs}` : ''}`);
  },
  send: (id: string, body: SendMessageRequest) => http.post<MessageView>(`/api/v1/doctor/conversations/${enc(id)}/messages`, body),
  read: (id: string, seq: number) => http.post<{ seq: number }>(`/api/v1/doctor/conversations/${enc(id)}/read`, { seq }),

  readings: (memberId: string) => http.get<{ items: ReadingView[]; nextCursor: string | null }>(`/api/v1/doctor/readings?memberId=${enc(memberId)}&limit=50`),
  addReading: (body: NewReading) => http.post<ReadingView>('/api/v1/doctor/readings', body),
  devices: (memberId: string) => http.get<{ items: DeviceView[] }>(`/api/v1/doctor/devices?memberId=${enc(memberId)}`),

  /** One page of the inbox (open alerts first, then longest waiting); pass `nextCursor` for the next. */
  inbox: (cursor?: string) => http.get<{ items: InboxItem[]; nextCursor: string | null }>(`/api/v1/workbench/inbox${cursor ? `?cursor=${enc(cursor)}` : ''}`),
  workbenchConversation: (id: string) => http.get<WorkbenchConversation>(`/api/v1/workbench/conversations/${enc(id)}`),
  resolve: (id: string) => http.post<void>(`/api/v1/workbench/conversations/${enc(id)}/resolve`),
  alerts: () => http.get<{ items: AlertView[] }>('/api/v1/workbench/alerts'),
  /** Acknowledge with what was done (已电话联系 …) and an optional note. */
  ackAlert: (id: string, body: AckAlertRequest) => http.post<AlertView>(`/api/v1/workbench/alerts/${enc(id)}/ack`, body),
  applications: () => http.get<{ items: ApplicationView[] }>('/api/v1/workbench/contract-applications'),
  approve: (id: string) => http.post<ApplicationView>(`/api/v1/workbench/contract-applications/${enc(id)}/approve`),
  decline: (id: string, reason: string) => http.post<ApplicationView>(`/api/v1/workbench/contract-applications/${enc(id)}/decline`, { reason }),
  settings: () => http.get<DoctorSettingsView>('/api/v1/workbench/settings'),
  saveSettings: (s: DoctorSettingsView) => http.put<DoctorSettingsView>('/api/v1/workbench/settings', s),

  /** Multipart upload (Taro.uploadFile); a 401 TOKEN_EXPIRED is cured by one refresh through `http`. */
  async uploadImage(conversationId: string, filePath: string): Promise<ChatImageUpload> {
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
      await http.get('/api/v1/me').catch(() => undefined); // refreshes the token when it only expired
      r = await attempt();
    }
    if (r.status >= 200 && r.status < 300) return r.data as ChatImageUpload;
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
