import type { FamilyAccessRequestView, IncomingAccessRequest } from '@healthpocket/shared-types';
import { http } from './api';

/** 家人授权: ask an adult family member for their record (requester) and decide on requests (the adult). */
const member = (id: string) => `/api/v1/family/members/${encodeURIComponent(id)}/access-requests`;
const mine = (id: string, d: 'approve' | 'decline' | 'revoke') => `/api/v1/me/access-requests/${encodeURIComponent(id)}/${d}`;

export const familyAccessApi = {
  latest: (memberId: string) => http.get<FamilyAccessRequestView>(`${member(memberId)}/latest`),
  request: (memberId: string) => http.post<FamilyAccessRequestView>(member(memberId)),
  incoming: () => http.get<{ items: IncomingAccessRequest[] }>('/api/v1/me/access-requests'),
  decide: (id: string, d: 'approve' | 'decline' | 'revoke') => http.post<IncomingAccessRequest>(mine(id, d)),
};

export type { FamilyAccessRequestView, IncomingAccessRequest };
