import type { DataSource } from 'typeorm';
import { plain, type AccountDataHandler } from '../account/registry';
import { VaccineAppointment, VaccineReminder } from './entities';
import { VaccineAefiReport, VaccineStockAlert } from './care-entities';

/**
 * Vaccination appointments and AEFI reports (a report the clinic holds): kept after deletion under
 * the retention id; reminders and 到苗提醒 are deleted.
 */
export function vaccinesAccountData(ds: DataSource): AccountDataHandler {
  return {
    section: 'vaccineAppointments',
    async export({ userId }) {
      const appointments = plain(await ds.getRepository(VaccineAppointment).find({ where: { ownerUserId: userId }, order: { createdAt: 'ASC' } }), [
        'ownerUserId',
        'personKey',
        'activeKey',
        'quotaId',
        'stockId',
      ]);
      const stockAlerts = plain(await ds.getRepository(VaccineStockAlert).find({ where: { ownerUserId: userId }, order: { createdAt: 'ASC' } }), ['ownerUserId', 'activeKey']);
      const adverseReactions = plain(await ds.getRepository(VaccineAefiReport).find({ where: { ownerUserId: userId }, order: { createdAt: 'ASC' } }), [
        'ownerUserId',
        'requestKey',
        'attempts',
        'lastError',
      ]);
      return { appointments, stockAlerts, adverseReactions };
    },
    retained: [
      { category: 'appointments', purge: async (m, r) => void (await m.getRepository(VaccineAppointment).delete({ ownerUserId: r.retentionId })) },
      { category: 'appointments', purge: async (m, r) => void (await m.getRepository(VaccineAefiReport).delete({ ownerUserId: r.retentionId })) },
    ],
    async erase(m, e) {
      const rows = await m.getRepository(VaccineAppointment).find({ where: { ownerUserId: e.userId }, select: { id: true, memberId: true } });
      for (const r of rows) e.keptMemberIds.add(r.memberId);
      await m.getRepository(VaccineAppointment).update({ ownerUserId: e.userId }, { ownerUserId: e.retentionId });
      await m.getRepository(VaccineReminder).delete({ userId: e.userId });
      await m.getRepository(VaccineStockAlert).delete({ ownerUserId: e.userId });
      const reports = await m.getRepository(VaccineAefiReport).find({ where: { ownerUserId: e.userId }, select: { id: true, memberId: true } });
      for (const r of reports) e.keptMemberIds.add(r.memberId);
      await m.getRepository(VaccineAefiReport).update({ ownerUserId: e.userId }, { ownerUserId: e.retentionId, reportedByUserId: e.retentionId });
    },
  };
}
