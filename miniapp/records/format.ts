/** Display helpers of the records subpackage (no zod, no runtime imports from shared-types' index). */
export type Category = 'normal' | 'uncontrolled' | 'urgent';

export const CATEGORY_LABELS: Record<Category, string> = { normal: '达标', uncontrolled: '未达标', urgent: '需紧急转诊' };

export const FLAG_LABELS: Record<string, string> = {
  normal: '',
  high: '↑ 偏高',
  low: '↓ 偏低',
  critical_high: '↑↑ 危急',
  critical_low: '↓↓ 危急',
  abnormal: '异常',
};

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
