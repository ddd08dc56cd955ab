/** Display helpers of the records subpackage (no zod, no runtime imports from shared-types' index). */
export type Category = 'normal' | 'uncontrolled' | 'urgent';

export const CATEGORY_LABELS: Record<Category, string> = { normal: '达标', uncontrolled: '未达标', urgent: '需紧急转诊' };

/** 2026-11-22T10:05:00.000+08:00 → 2026-11-22 10:05 */
export function formatTime(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

export function formatDate(isoOrDate: string): string {
  return isoOrDate.slice(0, 10);
}

/** "数据更新于 …" with a warning when the platform could not be reached and a cached copy is shown. */
export function freshnessText(f: { stale: boolean; fetchedAt: string }): string {
  return f.stale ? `健康档案平台暂时无法访问，以下为 ${formatTime(f.fetchedAt)} 的缓存数据` : `数据更新于 ${formatTime(f.fetchedAt)}`;
}

export const SEX_TEXT: Record<string, string> = { male: '男', female: '女' };

/**
 * ABO and Rh as a resident reads them on the card: "A型 Rh阳性"; an unknown half is left out
 * ("A型", "Rh阴性") and an unknown blood type says so once ("血型不详"), never "不详型 Rh不详".
 */
export function bloodTypeText(b: { aboLabel: string; rh: string; rhLabel: string }): string {
  const abo = b.aboLabel && b.aboLabel !== '不详' ? `${b.aboLabel}型` : '';
  const rh = b.rh === 'positive' || b.rh === 'negative' ? b.rhLabel : '';
  return abo || rh ? [abo, rh].filter(Boolean).join(' ') : '血型不详';
}
