import Taro from '@tarojs/taro';
import { payOrder } from '../services/pay';

/**
 * Pays a registration order with the payments module's flow (wx.requestPayment in the weapp, the
 * sandbox cashier in H5). True when paid; false when the resident closed the sheet (the hold
 * stays until it runs out, so 继续支付 remains possible).
 */
export async function payBooking(orderId: string): Promise<boolean> {
  const result = await payOrder(orderId);
  return result === 'paid';
}

/**
 * Asks for the 就诊提醒 subscribe message (one-time). The weapp shows WeChat's own dialog; H5 has no
 * subscribe messages, so the choice on the page stands.
 */
export async function requestReminder(templateId: string): Promise<boolean> {
  if (process.env.TARO_ENV !== 'weapp') return true;
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: [templateId], entityIds: [] } as never)) as unknown as Record<string, string>;
    return res[templateId] === 'accept';
  } catch {
    return false; // refused, or the user turned subscribe messages off: book without a reminder
  }
}
