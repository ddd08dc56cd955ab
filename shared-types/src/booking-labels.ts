/**
 * Booking labels and choices without zod, so the miniapp can import them at run time
 * (booking.ts re-exports them for the BFF).
 */
export const BOOKING_STATUS_LABELS = {
  pending_payment: '待支付',
  confirming: '确认中',
  confirmed: '预约成功',
  checked_in: '已签到',
  no_show: '已爽约',
  cancelled: '已取消',
  expired: '已超时',
} as const;

export const CANCEL_REASONS = ['行程有变', '身体已好转', '预约信息有误', '改约其他医生', '其他原因'] as const;
