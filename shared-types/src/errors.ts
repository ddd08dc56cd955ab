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
  ID_NUMBER_TAKEN: { status: 409, message: '该身份证号已在另一个微信账号完成认证。如是您本人，请选择「刷脸认证」，认证通过后将转到当前账号' },
  // identity verification (人脸核身 / 平台预留手机号)
  IDENTITY_UNVERIFIED: { status: 403, message: '请先完成身份认证（刷脸认证或手机号快速验证），再查看健康信息' },
  FACE_VERIFY_REQUIRED: { status: 409, message: '微信手机号与健康档案登记的手机号不一致，请选择「刷脸认证」完成身份认证' },
  FACE_VERIFY_FAILED: { status: 422, message: '刷脸认证未通过。请确认姓名和身份证号是您本人的，在光线充足处正对手机重试' },
  FACE_VERIFY_CANCELLED: { status: 409, message: '您已取消刷脸认证，如需继续请重新点击「刷脸认证」' },
  FACE_VERIFY_EXPIRED: { status: 410, message: '本次刷脸认证已超过1小时有效期，请重新点击「刷脸认证」' },
  FACE_VERIFY_PENDING: { status: 409, message: '尚未完成刷脸，请在微信弹出的认证页面完成刷脸后再提交' },
  FACE_VERIFY_NOT_FOUND: { status: 404, message: '没有找到这次刷脸认证，请重新点击「刷脸认证」' },
  IDENTITY_BUSY: { status: 409, message: '该身份正在另一处认证，请稍后重试' },
  FAMILY_LIMIT_REACHED: { status: 409, message: '最多可添加5位家庭成员，请先删除不再需要的成员' },
  MEMBER_DUPLICATE: { status: 409, message: '该家庭成员已添加，无需重复添加' },
  GUARDIAN_CONSENT_REQUIRED: { status: 400, message: '为未满14周岁的儿童添加信息需监护人同意' },
  CONSENT_REQUIRED: { status: 403, message: '查看健康信息前需要您单独同意《健康信息授权书》' },
  CONSENT_VERSION_OUTDATED: { status: 409, message: '授权书已更新，请阅读最新版本后再同意' },
  // the resident's rights (export, deletion)
  EXPORT_TOO_FREQUENT: { status: 429, message: '每小时只能导出一次数据，请稍后再试' },
  EXPORT_EXPIRED: { status: 410, message: '下载链接已过期，请重新导出' },
  DELETION_CONFIRMATION_MISMATCH: { status: 400, message: '请输入「注销账号」四个字确认注销' },
  ACCOUNT_HAS_OPEN_ORDERS: { status: 409, message: '您有待支付的订单，请完成支付或在「我的订单」中取消后再注销' },
  ACCOUNT_IS_STAFF: { status: 409, message: '该账号是工作人员账号，请先由管理员移除工作人员角色后再注销' },
  FAMILY_AUTHORIZATION_REQUIRED: { status: 403, message: '该家庭成员已成年，需要其本人授权后才能办理，请在成员页发起授权请求，并请家人在健康口袋「我的 - 家人授权」中同意' },
  GUARDIAN_UNCONFIRMED: { status: 403, message: '健康档案平台未登记您为该儿童的监护人，请核对儿童的姓名、出生日期，或到社区卫生服务中心登记监护关系' },
  ACCESS_INVITE_INVALID: { status: 404, message: '该授权邀请不存在或已失效，请请家人重新发送' },
  ACCESS_INVITE_NOT_FOR_YOU: { status: 403, message: '该授权邀请是发给另一位家人的：只有被邀请的本人完成实名认证后才能处理' },
  FAMILY_MEMBER_NOT_REGISTERED: { status: 409, message: '请家人先登录健康口袋并完成实名认证，再发起授权请求' },
  FAMILY_ACCESS_NOT_NEEDED: { status: 409, message: '本人和未成年子女的档案无需授权即可查看' },
  ACCESS_REQUEST_DECIDED: { status: 409, message: '该授权请求已处理，请刷新后查看' },
  SELF_MEMBER_LOCKED: { status: 409, message: '本人信息来自实名认证，不能在此修改或删除' },
  IDEMPOTENCY_CONFLICT: { status: 409, message: '相同的请求正在处理，请勿重复提交' },
  // family doctor
  CONTRACT_REQUIRED: { status: 409, message: '请先签约家庭医生团队，签约后即可在线咨询' },
  ALREADY_CONTRACTED: { status: 409, message: '该成员已签约家庭医生团队，无需重复申请' },
  APPLICATION_PENDING: { status: 409, message: '签约申请正在审核中，请耐心等待医生处理' },
  APPLICATION_DECIDED: { status: 409, message: '该签约申请已处理' },
  MEMBER_RECORD_UNAVAILABLE: { status: 409, message: '未找到该成员的居民健康档案，请先到社区卫生服务中心建档' },
  CONTENT_RISKY: { status: 422, message: '消息含有不适宜的内容，未能发送，请修改后重试' },
  ALERT_ALREADY_ACKNOWLEDGED: { status: 409, message: '该预警已由团队成员处理，请刷新后查看处理结果' },
  ROTA_LEAD_ONLY: { status: 403, message: '只有团队队长可以修改值班表' },
  ROTA_NOT_TEAM_MEMBER: { status: 400, message: '值班表中有不属于本团队的人员，请从团队成员中选择' },
  CHAT_IMAGE_TYPE_UNSUPPORTED: { status: 415, message: '只能发送 JPG、PNG 或 WebP 格式的图片' },
  CHAT_IMAGE_TOO_LARGE: { status: 413, message: '图片不能超过 5 MB，请压缩后重试' },
  DEVICE_AUTH_FAILED: { status: 401, message: '设备认证失败，请在健康口袋中重新绑定设备' },
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
  ARTICLE_VERSION_CONFLICT: { status: 409, message: '文章已被他人修改，请刷新后再编辑' },
  ARTICLE_STATE_INVALID: { status: 409, message: '文章当前状态不能进行此操作，请刷新后重试' },
  ARTICLE_NOT_PUBLISHED: { status: 409, message: '文章发布后才能推送给居民' },
  PUBLISH_TIME_INVALID: { status: 400, message: '定时发布时间须晚于现在，且不超过90天' },
  IMAGE_TYPE_UNSUPPORTED: { status: 415, message: '封面图片仅支持 JPG、PNG、WebP 格式' },
  IMAGE_TOO_LARGE: { status: 413, message: '封面图片不能超过2MB，请压缩后再上传' },
  IMAGE_INVALID: { status: 400, message: '图片文件已损坏或无法识别，请换一张图片' },
  SEGMENT_UNAVAILABLE: { status: 503, message: '该人群暂时无法统计，请稍后再试' },
  CAMPAIGN_NOT_RESUMABLE: { status: 409, message: '该推送没有可以重试的发送' },
  // payments
  PAYMENT_NOT_CONFIGURED: { status: 503, message: '在线支付暂未开通，请到医院窗口缴费' },
  PAYMENT_UNAVAILABLE: { status: 503, message: '微信支付暂时无法使用，请稍后再试' },
  ORDER_ALREADY_PAID: { status: 409, message: '该订单已支付，无需重复支付' },
  ORDER_CLOSED: { status: 409, message: '订单已关闭，请重新发起支付' },
  ORDER_EXPIRED: { status: 409, message: '订单已超过支付时间，请重新发起支付' },
  ORDER_NOT_CANCELLABLE: { status: 409, message: '订单已支付或已关闭，不能取消' },
  REFUND_NOT_ALLOWED: { status: 409, message: '该订单当前不能退款' },
  REFUND_EXCEEDS_PAID: { status: 409, message: '退款金额超过了可退金额' },
  REFUND_KEY_REUSED: { status: 409, message: '该退款请求号已用于另一笔不同的退款' },
  NOTIFY_SIGNATURE_INVALID: { status: 401, message: '支付通知签名无效' },
  NOTIFY_TIMESTAMP_STALE: { status: 401, message: '支付通知已过期' },
  NOTIFY_DECRYPT_FAILED: { status: 400, message: '支付通知无法解密' },
  NOTIFY_MISMATCH: { status: 400, message: '支付通知与订单不符' },
  NOTIFY_MALFORMED: { status: 400, message: '支付通知格式错误' },
  BILL_ALREADY_PAID: { status: 409, message: '所选账单已缴费，请刷新后查看' },
  BILL_IN_PAYMENT: { status: 409, message: '所选账单正在另一笔订单中支付，请完成或取消该订单后再试' },
  BILLS_MIXED_HOSPITALS: { status: 400, message: '一次只能缴纳同一家医院的账单，请分开缴费' },
  PATIENT_IDENTITY_MISSING: { status: 409, message: '该成员缺少身份证号，医院无法查询账单，请先补充身份证号' },
  // vaccines
  VACCINE_NOT_ELIGIBLE: { status: 409, message: '该成员暂不符合此疫苗的接种条件' },
  VACCINE_TOO_EARLY: { status: 409, message: '还未到该疫苗可以接种的时间' },
  VACCINE_ALREADY_BOOKED: { status: 409, message: '该成员已有此疫苗的预约，请勿重复预约' },
  VACCINE_SESSION_FULL: { status: 409, message: '该场次此疫苗已约满，请选择其他场次' },
  VACCINE_OUT_OF_STOCK: { status: 409, message: '该疫苗已被约完，请关注门诊下次放号' },
  VACCINE_NOT_RELEASED: { status: 409, message: '该批疫苗尚未开放预约，请在放号时间后再试' },
  VACCINE_SESSION_CLOSED: { status: 409, message: '该场次已停止预约，请选择其他场次' },
  VACCINE_NOT_OFFERED: { status: 409, message: '该门诊此场次不提供这种疫苗，请重新选择' },
  VACCINE_BOOKING_BLOCKED: { status: 403, message: '一年内爽约已达2次，本年度内暂停疫苗预约' },
  VACCINE_CANCEL_CLOSED: { status: 409, message: '接种时段已开始，不能取消预约' },
  VACCINE_APPOINTMENT_STATE: { status: 409, message: '该预约当前状态不能进行此操作，请刷新后查看' },
  // e-health card (电子健康卡)
  HEALTH_CARD_UNAVAILABLE: { status: 503, message: '电子健康卡服务暂时无法使用，请稍后再试；就诊时也可在医院窗口出示身份证' },
  HEALTH_CARD_NOT_ISSUED: { status: 409, message: '该成员还没有电子健康卡，请先申领' },
  HEALTH_CARD_ID_NUMBER_REQUIRED: { status: 409, message: '该成员还没有登记身份证号，请先在「家庭成员」中补充身份证号，再申领电子健康卡' },
  HEALTH_CARD_IDENTITY_REJECTED: { status: 422, message: '电子健康卡平台未能核验该成员的身份信息，请核对姓名和身份证号后重试' },
  HEALTH_CARD_PHONE_REQUIRED: { status: 409, message: '申领电子健康卡需要联系手机号，请点击「授权微信手机号」，授权后即可申领' },
  HEALTH_CARD_DATA_INVALID: { status: 422, message: '电子健康卡平台认为申领信息不完整或格式有误，请核对该成员的姓名、性别、出生日期和手机号后重试' },
  // staff roles (admin page)
  STAFF_DOCTOR_ID_REQUIRED: { status: 400, message: '授予医生角色须从卫生人员目录中选择对应的医生' },
  STAFF_NOT_IN_DIRECTORY: { status: 400, message: '该人员编号不在区域平台的卫生人员目录中，请从目录中选择，不要手工填写' },
  STAFF_INACTIVE: { status: 409, message: '该人员在卫生人员目录中已停用（离职或退休），不能授予医生角色' },
  STAFF_ALREADY_BOUND: { status: 409, message: '该医生已绑定到另一个账号，请先撤销那个账号的医生角色' },
  ROLE_ALREADY_HELD: { status: 409, message: '该用户已拥有此角色，无需重复授予' },
  ROLE_NOT_HELD: { status: 409, message: '该用户没有此角色，无需撤销，请刷新后查看' },
  ADMIN_SELF_REVOKE: { status: 409, message: '不能撤销您自己的管理员角色，请由另一位管理员操作' },
  LAST_ADMIN: { status: 409, message: '这是系统中最后一位管理员，不能撤销，请先为另一位人员授予管理员角色' },
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
