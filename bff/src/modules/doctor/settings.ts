import type { DataSource } from 'typeorm';
import type { DoctorSettingsView, WorkingHours } from '@healthpocket/shared-types';
import { DoctorSettings } from './entities';

/** A community centre's usual hours (Monday to Saturday) until the doctor sets their own. */
const DEFAULT_SETTINGS: DoctorSettingsView = {
  hours: { days: [1, 2, 3, 4, 5, 6], start: '08:00', end: '17:30' },
  autoReply: '您好，现在是非工作时间，医生上班后会尽快回复您。如有胸痛、呼吸困难等紧急情况，请立即拨打120或到最近的医院急诊就诊。',
  quickReplies: ['您好，我是您的家庭医生，请问有什么可以帮您？', '请按时服药，每天早晚各测一次血压并记录。', '建议您近期到社区卫生服务中心面诊复查。', '您描述的情况需要线下就诊，请尽快到医院检查。'],
};

/** Is `at` inside the working hours, in China time? */
export function withinHours(h: WorkingHours, at: Date = new Date()): boolean {
  const china = new Date(at.getTime() + 8 * 3600_000);
  const day = china.getUTCDay() === 0 ? 7 : china.getUTCDay();
  const hhmm = china.toISOString().slice(11, 16);
  return h.days.includes(day) && hhmm >= h.start && hhmm < h.end;
}

/** The next time the working hours start after `at` (within a week), or null when they never do. */
export function nextWorkStart(h: WorkingHours, at: Date): Date | null {
  const chinaMidnight = Date.parse(`${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10)}T00:00:00+08:00`);
  const startMin = Number(h.start.slice(0, 2)) * 60 + Number(h.start.slice(3, 5));
  for (let d = 0; d <= 7; d++) {
    const t = new Date(chinaMidnight + d * 24 * 3600_000 + startMin * 60_000);
    const day = new Date(t.getTime() + 8 * 3600_000).getUTCDay() || 7;
    if (t > at && h.days.includes(day)) return t;
  }
  return null;
}

export class DoctorSettingsStore {
  constructor(private readonly ds: DataSource) {}

  async get(doctorId: string): Promise<DoctorSettingsView> {
    const row = await this.ds.getRepository(DoctorSettings).findOneBy({ doctorId });
    return row ? { hours: row.hours, autoReply: row.autoReply, quickReplies: row.quickReplies } : DEFAULT_SETTINGS;
  }

  async put(doctorId: string, s: DoctorSettingsView): Promise<DoctorSettingsView> {
    // An upsert: two saves at once leave one complete row, never a half of each.
    await this.ds.getRepository(DoctorSettings).upsert({ doctorId, hours: s.hours, autoReply: s.autoReply, quickReplies: s.quickReplies }, ['doctorId']);
    return this.get(doctorId);
  }
}
