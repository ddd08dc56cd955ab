// No zod here: the miniapp imports this file by path.

/**
 * Consent texts are versioned: the server records which version was agreed to, and refuses an
 * agreement to an outdated version (PIPL Art. 28–31). Bump `version` whenever a text changes.
 * `stops` says in plain words what stops when the consent is withdrawn (PIPL Art. 15); the app
 * shows it before the resident confirms a withdrawal.
 */
export const CONSENT_TEXTS = {
  privacy_guide: {
    version: '2026-11-01',
    title: '健康口袋用户隐私保护指引',
    summary:
      '为向您提供预约挂号、健康档案查询、家庭医生咨询、疫苗预约和缴费服务，我们会收集您的微信标识、手机号、姓名和身份证号。身份证号与手机号加密保存，页面仅显示部分号码。您可以随时在「我的 - 隐私与授权」中撤回授权。',
    stops: ['您将立即退出登录，所有设备上的登录都会失效', '再次使用前需要重新阅读并同意隐私保护指引', '已有的预约、缴费和咨询记录不会因此删除；如需删除请使用「注销账号」'],
  },
  health_data: {
    version: '2026-11-01',
    title: '健康信息单独授权书',
    summary:
      '您的健康档案、检查检验报告、随访记录和疫苗接种记录属于敏感个人信息。经您单独同意后，我们才会从区域健康信息平台为您和您监护的家庭成员调取这些信息，每次查看都会留下记录，您可以在「谁查看了我的档案」中查看。撤回后我们将停止调取。',
    stops: ['停止从区域健康信息平台调取您和家人的健康档案、检查检验报告和疫苗接种记录', '「健康档案」和家庭自测记录将无法查看，直到您重新同意', '预约挂号、缴费和家庭医生咨询不受影响'],
  },
  guardian: {
    version: '2026-11-01',
    title: '未成年人个人信息监护人同意书',
    summary: '您正在为未满14周岁的儿童添加个人信息。作为监护人，您同意我们为办理预约、接种和健康档案查询处理该儿童的姓名、出生日期和健康信息。',
    stops: ['删除该儿童的家庭成员信息后，我们停止为其办理预约、接种和健康档案查询'],
  },
  push: {
    version: '2026-12-01',
    title: '健康资讯推送授权',
    summary: '我们会根据您和家人的年龄、接种和慢病情况，通过微信订阅消息向您推送健康科普文章和健康活动通知。您可以随时撤回，撤回后不再向您推送。',
    stops: ['不再通过微信订阅消息向您推送健康科普文章和健康活动通知', '预约提醒、接种提醒和医生回复提醒等您办理业务时订阅的服务通知不受影响'],
  },
} as const;
