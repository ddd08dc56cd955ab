import type { HealthCardMember, HealthCardQr } from '@healthpocket/shared-types';
import { client } from './client';

/** 电子健康卡: the members' cards, registering one, and the current dynamic QR code. */
export const healthCardApi = {
  list: () => client.GET('/api/v1/health-cards'),
  /** `phoneCode`: the one-time code of WeChat getPhoneNumber, when the member has no phone on file. */
  register: (memberId: string, phoneCode?: string) => client.POST('/api/v1/health-cards/{memberId}', { params: { path: { memberId } }, body: phoneCode ? { phoneCode } : {} }),
  qr: (memberId: string) => client.GET('/api/v1/health-cards/{memberId}/qr', { params: { path: { memberId } } }),
};

export type { HealthCardMember, HealthCardQr };
