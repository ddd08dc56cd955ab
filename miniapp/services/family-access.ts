import type { FamilyAccessRequestView, FamilyAccessScope, IncomingAccessRequest } from '@healthpocket/shared-types';
import { client } from './client';

/** 家人授权: ask an adult family member for scopes (requester) and decide on requests (the adult). */

export const SCOPE_TEXT: Record<FamilyAccessScope, { label: string; detail: string }> = {
  proxy: { label: '代办挂号与缴费', detail: '为您缴纳门诊费用、查看待缴账单、出示电子健康卡' },
  health: { label: '查看健康信息', detail: '查看您的健康档案、疫苗接种记录、家庭医生签约与咨询、血压血糖记录' },
};

export const familyAccessApi = {
  latest: (memberId: string) => client.GET('/api/v1/family/members/{id}/access-requests/latest', { params: { path: { id: memberId } } }),
  history: (memberId: string) => client.GET('/api/v1/family/members/{id}/access-requests', { params: { path: { id: memberId } } }),
  request: (memberId: string, scopes?: FamilyAccessScope[]) => client.POST('/api/v1/family/members/{id}/access-requests', { params: { path: { id: memberId } }, body: scopes ? { scopes } : {} }),
  incoming: () => client.GET('/api/v1/me/access-requests'),
  byInvite: (code: string) => client.GET('/api/v1/me/access-invites/{code}', { params: { path: { code } } }),
  decide: (id: string, d: 'approve' | 'decline' | 'revoke', scopes?: FamilyAccessScope[]) => {
    const params = { path: { id } };
    if (d === 'approve') return client.POST('/api/v1/me/access-requests/{id}/approve', { params, body: scopes ? { scopes } : {} });
    return client.POST(d === 'decline' ? '/api/v1/me/access-requests/{id}/decline' : '/api/v1/me/access-requests/{id}/revoke', { params });
  },
};

export type { FamilyAccessRequestView, FamilyAccessScope, IncomingAccessRequest };
