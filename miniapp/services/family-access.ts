import type { FamilyAccessRequestView, FamilyAccessScope, IncomingAccessRequest } from '@healthpocket/shared-types';
import { http } from './api';

/** 家人授权: ask an adult family member for scopes (requester) and decide on requests (the adult). */
const member = (id: string) => `/api/v1/family/members/${encodeURIComponent(id)}/access-requests`;
const mine = (id: string, d: 'approve' | 'decline' | 'revoke') => `/api/v1/me/access-requests/${encodeURIComponent(id)}/${d}`;

export const SCOPE_TEXT: Record<FamilyAccessScope, { label: string; detail: string }> = {
  proxy: { label: '代办挂号与缴费', detail: '为您缴纳门诊费用、查看待缴账单、出示电子健康卡' },
  health: { label: '查看健康信息', detail: '查看您的健康档案、疫苗接种记录、家庭医生签约与咨询、血压血糖记录' },
};

export const familyAccessApi = {
  latest: (memberId: string) => http.get<FamilyAccessRequestView>(`${member(memberId)}/latest`),
  history: (memberId: string) => http.get<{ items: FamilyAccessRequestView[] }>(member(memberId)),
  request: (memberId: string, scopes?: FamilyAccessScope[]) => http.post<FamilyAccessRequestView>(member(memberId), scopes ? { scopes } : {}),
  incoming: () => http.get<{ items: IncomingAccessRequest[]; pending: number }>('/api/v1/me/access-requests'),
  byInvite: (code: string) => http.get<IncomingAccessRequest>(`/api/v1/me/access-invites/${encodeURIComponent(code)}`),
  decide: (id: string, d: 'approve' | 'decline' | 'revoke', scopes?: FamilyAccessScope[]) => http.post<IncomingAccessRequest>(mine(id, d), d === 'approve' ? (scopes ? { scopes } : {}) : undefined),
};

export type { FamilyAccessRequestView, FamilyAccessScope, IncomingAccessRequest };
