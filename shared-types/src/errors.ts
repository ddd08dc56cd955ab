/**
 * One error model for the whole product: every failure the BFF reports carries a stable code,
 * an HTTP status and a Chinese message a resident can act on. The miniapp shows `message`.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: '提交的信息有误，请检查后重试' },
  MALFORMED_REQUEST: { status: 400, message: '请求格式有误，请刷新后重试' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  TOKEN_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  REFRESH_TOKEN_INVALID: { status: 401, message: '登录状态已失效，请重新登录' },
  FORBIDDEN: { status: 403, message: '您没有权限进行此操作' },
  NOT_FOUND: { status: 404, message: '没有找到相关信息' },
  ROUTE_NOT_FOUND: { status: 404, message: '请求的功能不存在' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请求格式不受支持' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  WECHAT_CODE_INVALID: { status: 400, message: '微信登录凭证已失效，请重新登录' },
  WECHAT_USER_BLOCKED: { status: 403, message: '该微信账号存在风险，暂时无法登录，请联系微信客服' },
  PHONE_CODE_INVALID: { status: 400, message: '手机号授权已失效，请重新获取手机号' },
  ID_NUMBER_INVALID: { status: 400, message: '身份证号码有误，请核对后重新输入' },
  REAL_NAME_REQUIRED: { status: 403, message: '请先完成实名认证' },
  REAL_NAME_ALREADY_BOUND: { status: 409, message: '您已完成实名认证，如需更换身份信息请联系客服' },
  ID_NUMBER_TAKEN: { status: 409, message: '该身份证号已被其他微信账号实名绑定，如有疑问请联系客服' },
  FAMILY_LIMIT_REACHED: { status: 409, message: '最多可添加5位家庭成员，请先删除不再需要的成员' },
  MEMBER_DUPLICATE: { status: 409, message: '该家庭成员已添加，无需重复添加' },
  GUARDIAN_CONSENT_REQUIRED: { status: 400, message: '为未满14周岁的儿童添加信息需监护人同意' },
  CONSENT_REQUIRED: { status: 403, message: '查看健康信息前需要您单独同意《健康信息授权书》' },
  CONSENT_VERSION_OUTDATED: { status: 409, message: '授权书已更新，请阅读最新版本后再同意' },
  SELF_MEMBER_LOCKED: { status: 409, message: '本人信息来自实名认证，不能在此修改或删除' },
  IDEMPOTENCY_CONFLICT: { status: 409, message: '相同的请求正在处理，请勿重复提交' },
  // booking
  BOOKING_NOT_OPEN: { status: 409, message: '该日期的号源尚未开放预约' },
  BOOKING_CLOSED: { status: 409, message: '该时段已停止预约' },
  BOOKING_LIMIT_REACHED: { status: 409, message: '已达到预约次数上限' },
  BOOKING_SUSPENDED: { status: 403, message: '因多次爽约，暂停预约挂号' },
  SLOT_FULL: { status: 409, message: '该时段号源已约满，请选择其他时段' },
  SLOT_UNAVAILABLE: { status: 409, message: '该号源已停诊或不存在，请重新选择' },
  PATIENT_NOT_IDENTIFIED: { status: 409, message: '未能核实就诊人身份，请核对家庭成员信息' },
  CANCEL_NOT_ALLOWED: { status: 409, message: '已过退号截止时间，不能取消预约' },
  UPSTREAM_UNAVAILABLE: { status: 503, message: '服务暂时无法访问，请稍后再试' },
  INTERNAL: { status: 500, message: '系统繁忙，请稍后再试' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorDetail {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: ErrorDetail[];
    requestId?: string;
  };
}
