import type { DataSource } from 'typeorm';
import { plain, type AccountDataHandler } from '../account/registry';
import { VaccineAppointment, VaccineReminder } from './entities';

/** Vaccination appointments: kept after deletion under the retention id; reminders are deleted. */
export function vaccinesAccountData(ds: DataSource): AccountDataHandler {
  return {
    section: 'vaccineAppointments',
    async export({ userId }) {
      return plain(await ds.getRepository(VaccineAppointment).find({ where: { ownerUserId: userId }, order: { createdAt: 'ASC' } }), ['ownerUserId', 'personKey', 'activeKey', 'quotaId', 'stockId']);
    },
    retained: [{ category: 'appointments', purge: async (m, r) => void (await m.getRepository(VaccineAppointment).delete({ ownerUserId: r.retentionId })) }],
    async erase(m, e) {
      const rows = await m.getRepository(VaccineAppointment).find({ where: { ownerUserId: e.userId }, select: { id: true, memberId: true } });
      for (const r of rows) e.keptMemberIds.add(r.memberId);
      await m.getRepository(VaccineAppointment).update({ ownerUserId: e.userId }, { ownerUserId: e.retentionId });
      await m.getRepository(VaccineReminder).delete({ userId: e.userId });
    },
  };
}
