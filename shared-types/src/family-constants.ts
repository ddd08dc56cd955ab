// No zod here: the miniapp imports this file by path.

export type RelationKey = 'self' | 'spouse' | 'child' | 'parent' | 'sibling' | 'other';

export const RELATION_LABELS: Record<RelationKey, string> = {
  self: '本人',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  sibling: '兄弟姐妹',
  other: '其他',
};

export const MAX_FAMILY_MEMBERS = 5;
export const GUARDIAN_CONSENT_UNDER_AGE = 14;

/**
 * 家人授权 scopes: what an adult lets the relative who added them do. Booking a registration in
 * their name needs none (as hospital mini-programs allow); anything that shows health information does.
 */
export type FamilyAccessScopeKey = 'proxy' | 'health';
export const FAMILY_ACCESS_SCOPE_LABELS: Record<FamilyAccessScopeKey, string> = {
  proxy: '代办挂号与缴费',
  health: '查看健康信息',
};
