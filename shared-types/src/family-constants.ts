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
