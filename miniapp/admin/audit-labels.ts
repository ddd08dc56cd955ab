import type { AuditChainStatus } from '@healthpocket/shared-types';

/** The security events an auditor looks for first; any other action shows as its code. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.refresh_reuse': '登录凭证被重复使用',
  'identity.attempt': '实名认证尝试',
  'real_name.bind': '实名认证通过',
  'identity.takeover': '找回账号（刷脸）',
  'identity.taken_over': '账号被找回',
  'role.grant': '授予角色',
  'role.revoke': '撤销角色',
  'record.reveal': '查看完整信息',
  'healthcard.qr_reveal': '出示健康卡二维码',
  'payment.refund.request': '申请退款',
  'payment.refund.finished': '退款完成',
  'family.access.request': '申请家人授权',
  'family.access.approve': '同意家人授权',
  'family.access.decline': '拒绝家人授权',
  'audit.search': '查询审计日志',
  'audit.verify': '校验审计链',
};

/** Quick filters: an action family each. */
export const AUDIT_QUICK_FILTERS: Array<{ action: string; label: string }> = [
  { action: 'auth.*', label: '登录' },
  { action: 'identity.*', label: '实名与找回' },
  { action: 'role.*', label: '角色变更' },
  { action: 'payment.refund.*', label: '退款' },
  { action: 'family.access.*', label: '家人授权' },
];

const BREAK_REASONS: Record<string, string> = {
  hash: '该条记录写入后被改动过',
  prev_hash: '该条记录与上一条衔接不上',
  missing: '缺少该条记录',
  head: '链头与最后一条记录不符',
};

export function chainSummary(c: AuditChainStatus): string {
  const range = c.headSeq > c.anchorSeq ? `序号 ${c.anchorSeq + 1}–${c.headSeq}` : '暂无记录';
  const pruned = c.anchorSeq ? `；序号 ${c.anchorSeq} 及以前已按保存期限清理` : '';
  if (c.ok) return `审计链完整：已校验 ${c.checked} 条（${range}${pruned}）`;
  const b = c.firstBroken!;
  return `审计链异常：第 ${b.seq} 条${BREAK_REASONS[b.reason] ?? ''}。此前 ${c.checked} 条校验通过（${range}${pruned}）`;
}
