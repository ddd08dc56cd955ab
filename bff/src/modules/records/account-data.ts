import type { DataSource } from 'typeorm';
import { plain, type AccountDataHandler } from '../account/registry';
import { ReportAlert, ReportOpen } from './entities';

/** 报告已出 alerts we gave the resident and the reports they opened: exported, and deleted with the account (nothing here must be kept). */
export function recordsAccountData(ds: DataSource): AccountDataHandler {
  return {
    section: 'reports',
    async export({ userId }) {
      const [alerts, opened] = await Promise.all([
        ds.getRepository(ReportAlert).find({ where: { userId }, order: { createdAt: 'ASC' } }),
        ds.getRepository(ReportOpen).find({ where: { userId }, order: { openedAt: 'ASC' } }),
      ]);
      return { alerts: plain(alerts, ['userId', 'key', 'attempts', 'lastError']), opened: plain(opened, ['userId']) };
    },
    async erase(m, e) {
      await m.getRepository(ReportAlert).delete({ userId: e.userId });
      await m.getRepository(ReportOpen).delete({ userId: e.userId });
    },
  };
}
