/**
 * Team work constants and helpers without zod (issue 13 §6): the workbench imports this file
 * (zod must not ship in the mini-program); team-work.ts builds the schemas beside it.
 */

export const HANDOVER_NOTE_MAX = 300;
export const QUICK_REPLY_TITLE_MAX = 20;
export const QUICK_REPLY_TEXT_MAX = 300;

/** The variables a team quick reply may use; filled from the conversation when inserted. */
export const QUICK_REPLY_VARIABLES = ['姓名', '称呼', '医生', '团队'] as const;
export type QuickReplyVariable = (typeof QUICK_REPLY_VARIABLES)[number];
const VAR_RE = /\{([^{}]{1,8})\}/g;
/** Variables named in a quick reply that are not known (so the editor can say which). */
export function unknownVariables(text: string): string[] {
  return [...text.matchAll(VAR_RE)].map((m) => m[1]).filter((v) => !(QUICK_REPLY_VARIABLES as readonly string[]).includes(v));
}
/** {姓名} → 张伟, {称呼} → 张先生/王阿姨 …; an unknown variable stays as written. */
export function fillQuickReply(text: string, vars: Partial<Record<QuickReplyVariable, string>>): string {
  return text.replace(VAR_RE, (all, name: string) => vars[name as QuickReplyVariable] ?? all);
}
/** 称呼 from name, sex and age: 张先生 / 张女士, 王爷爷 / 王奶奶 from 65, 小明 under 14 (the given name). */
export function addressOf(name: string, sex: '男' | '女' | null, age: number | null): string {
  const family = name.slice(0, 1);
  if (age !== null && age < 14) return name.length > 1 ? name.slice(1) : name;
  if (age !== null && age >= 65) return sex === '女' ? `${family}奶奶` : sex === '男' ? `${family}爷爷` : name;
  return sex === '女' ? `${family}女士` : sex === '男' ? `${family}先生` : name;
}
