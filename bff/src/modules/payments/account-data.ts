import { In, MoreThan, type DataSource } from 'typeorm';
import { plain, type AccountDataHandler } from '../account/registry';
import { BillCharge } from '../bills/entities';
import { PaymentOrder, PaymentRefund } from './entities';

/**
 * Payment orders, their refunds and the bills paid in them (bills are built with payments). Kept
 * after deletion (accounting records), the order keyed by the retention id instead of the account.
 * An order still awaiting payment refuses the deletion: WeChat could take the money for an account
 * that no longer exists.
 */
export function paymentsAccountData(ds: DataSource): AccountDataHandler {
  return {
    section: 'payments',
    async export({ userId }) {
      const orders = await ds.getRepository(PaymentOrder).find({ where: { userId }, order: { createdAt: 'ASC' } });
      const ids = orders.map((o) => o.id);
      const refunds = ids.length ? await ds.getRepository(PaymentRefund).find({ where: { orderId: In(ids) }, order: { createdAt: 'ASC' } }) : [];
      const charges = ids.length ? await ds.getRepository(BillCharge).find({ where: { orderId: In(ids) }, order: { createdAt: 'ASC' } }) : [];
      return {
        orders: plain(orders, ['userId', 'prepayId', 'prepayExpiresAt']),
        refunds: plain(refunds, ['requestedBy']),
        billCharges: plain(charges, ['activeBillNo']),
      };
    },
    retained: [
      {
        category: 'payments',
        purge: async (m, r) => {
          const ids = (await m.getRepository(PaymentOrder).find({ where: { userId: r.retentionId }, select: { id: true } })).map((o) => o.id);
          if (!ids.length) return;
          await m.getRepository(BillCharge).delete({ orderId: In(ids) });
          await m.getRepository(PaymentRefund).delete({ orderId: In(ids) });
          await m.getRepository(PaymentOrder).delete({ id: In(ids) });
        },
      },
    ],
    async blocks(m, userId, now) {
      return (await m.getRepository(PaymentOrder).countBy({ userId, state: 'CREATED', expiresAt: MoreThan(now) })) ? 'ACCOUNT_HAS_OPEN_ORDERS' : null;
    },
    async erase(m, e) {
      const rows = await m.getRepository(PaymentOrder).find({ where: { userId: e.userId }, select: { id: true, memberId: true } });
      for (const r of rows) e.keptMemberIds.add(r.memberId);
      await m.getRepository(PaymentOrder).update({ userId: e.userId }, { userId: e.retentionId });
      await m.getRepository(PaymentRefund).update({ requestedBy: e.userId }, { requestedBy: e.retentionId });
    },
  };
}
