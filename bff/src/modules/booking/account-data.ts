import type { DataSource } from 'typeorm';
import { plain, type AccountDataHandler } from '../account/registry';
import { Booking, WaitlistEntry } from './entities';

/** Appointments: kept after deletion (online-care records), keyed by the retention id. */
export function bookingAccountData(ds: DataSource): AccountDataHandler {
  return {
    section: 'appointments',
    async export({ userId }) {
      return plain(await ds.getRepository(Booking).find({ where: { userId }, order: { createdAt: 'ASC' } }), ['userId', 'patientKey', 'activeKey']);
    },
    retained: [{ category: 'appointments', purge: async (m, r) => void (await m.getRepository(Booking).delete({ userId: r.retentionId })) }],
    async erase(m, e) {
      const rows = await m.getRepository(Booking).find({ where: { userId: e.userId }, select: { id: true, memberId: true } });
      for (const r of rows) e.keptMemberIds.add(r.memberId);
      await m.getRepository(Booking).update({ userId: e.userId }, { userId: e.retentionId });
    },
  };
}

/**
 * 候补: places in line are not records of care; a deleted account leaves every line (its held
 * bookings are appointments, kept above) and its entries are deleted.
 */
export function waitlistAccountData(ds: DataSource): AccountDataHandler {
  return {
    section: 'waitlist',
    async export({ userId }) {
      return plain(await ds.getRepository(WaitlistEntry).find({ where: { userId }, order: { createdAt: 'ASC' } }), ['userId', 'patientKey', 'activeKey', 'promoting', 'attempt', 'offerSlotId']);
    },
    async erase(m, e) {
      await m.getRepository(WaitlistEntry).delete({ userId: e.userId });
    },
  };
}
