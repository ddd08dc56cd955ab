// No zod here: the miniapp imports this file by path.

/** What the resident types to confirm deleting their account. */
export const DELETION_CONFIRM_TEXT = '注销账号';

/** How long a prepared export can be downloaded, and how often one can be made. */
export const EXPORT_TTL_HOURS = 24;
export const EXPORT_EVERY_MINUTES = 60;

/** What deleting an account removes at once (PIPL Art. 47). */
export const DELETION_DELETES = [
  '微信登录信息、实名认证信息（姓名、身份证号、手机号）：身份证号可以在新账号重新认证',
  '您添加的家庭成员及其手机号；没有就诊、缴费或咨询记录的成员直接删除',
  '您发出和收到的家人授权（全部撤回）',
  '家庭自测记录、绑定的测量设备、健康提醒和电子健康卡关联',
  '收藏、阅读偏好、资讯订阅和推送记录中的微信标识',
  '人脸核身记录、导出的数据文件和所有登录状态（所有设备立即退出）',
] as const;

/**
 * What law requires us to keep after deletion, separated from the account: keyed by a retention
 * number instead of the account, and deleted when the period ends.
 */
export const DELETION_KEEPS = [
  { key: 'payments', what: '缴费和支付记录（订单、退款、账单明细和发票信息）', years: 30, basis: '《会计档案管理办法》：会计凭证保管30年' },
  { key: 'online_care', what: '家庭医生在线咨询的聊天记录和图片', years: 3, basis: '《互联网诊疗监管细则（试行）》：互联网诊疗记录保存不少于3年' },
  { key: 'appointments', what: '预约挂号和疫苗预约记录，以及这些记录中的就诊人姓名和身份证号', years: 3, basis: '《互联网诊疗监管细则（试行）》：线上诊疗服务记录保存不少于3年' },
  { key: 'consents', what: '您同意和撤回各项授权的时间与文本版本', years: 3, basis: '《个人信息保护法》第五十一条：证明个人信息处理的合法性' },
  { key: 'audit', what: '谁在何时查看或修改了您的信息（操作日志）', years: 0.5, basis: '《网络安全法》第二十一条：网络日志留存不少于6个月' },
] as const;

export type RetainedCategory = (typeof DELETION_KEEPS)[number]['key'];
