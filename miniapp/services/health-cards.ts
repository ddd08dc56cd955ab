import type { HealthCardList, HealthCardMember, HealthCardQr } from '@healthpocket/shared-types';
import { http } from './api';

/** 电子健康卡: the members' cards, registering one, and the current dynamic QR code. */
const card = (memberId: string) => `/api/v1/health-cards/${encodeURIComponent(memberId)}`;

export const healthCardApi = {
  list: () => http.get<HealthCardList>('/api/v1/health-cards'),
  /** `phoneCode`: the one-time code of WeChat getPhoneNumber, when the member has no phone on file. */
  register: (memberId: string, phoneCode?: string) => http.post<HealthCardMember>(card(memberId), phoneCode ? { phoneCode } : {}),
  qr: (memberId: string) => http.get<HealthCardQr>(`${card(memberId)}/qr`),
};

export type { HealthCardList, HealthCardMember, HealthCardQr };
