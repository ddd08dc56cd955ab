import Taro from '@tarojs/taro';
import { payOrder } from '../services/pay';
import { vaccinesApi } from './api';

/**
 * Pays a self-paid dose with the payments module's flow (wx.requestPayment in the weapp, the
 * sandbox cashier in H5). True when paid; false when the resident closed the sheet (the dose stays
 * held until the order runs out, so 去支付 in 我的预约 remains possible).
 */
export async function payVaccine(orderId: string): Promise<boolean> {
  return (await payOrder(orderId)) === 'paid';
}

let templateIds: string[] | null = null;

/** Loads the reminder template ids before the tap (the booking page calls it when it opens). */
export async function prefetchReminderTemplates(): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp' || templateIds) return;
  try {
    templateIds = (await vaccinesApi.catalogue()).templateIds;
  } catch {
    /* no reminders this time; booking still works */
  }
}

/**
 * Asks for the reminder subscribe messages (one-time). WeChat shows its dialog only when this is
 * called in the tap itself, so the template ids come from prefetchReminderTemplates, never from a
 * network call here. H5 has no subscribe messages. A refusal never stops the booking.
 */
export async function requestReminders(): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp' || !templateIds?.length) return;
  try {
    await Taro.requestSubscribeMessage({ tmplIds: templateIds.slice(0, 3), entityIds: [] } as never);
  } catch {
    /* refused, or subscribe messages turned off */
  }
}
