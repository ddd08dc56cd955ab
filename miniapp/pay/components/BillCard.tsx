import { Tokens } from '../../components/Tokens';
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { BillView } from '@healthpocket/shared-types';
import { yuan } from '../../services/pay';
import { openInvoice } from '../invoice';
import './BillCard.scss';

export interface BillCardProps {
  bill: BillView;
  /** Shown as a check box when the bill can be chosen for payment. */
  selectable?: boolean;
  selected?: boolean;
  onToggle?: () => void;
}

const TONE: Record<BillView['status'], string> = { unpaid: 'warn', paying: 'info', confirming: 'info', paid: 'ok', refunded: 'grey' };

/** One outpatient bill: who and where, the total, its items (expandable), the e-invoice when issued. */
export function BillCard({ bill, selectable, selected, onToggle }: BillCardProps) {
  const [open, setOpen] = useState(false);
  return (
    <View className={`pay-bill ${selected ? 'pay-bill--selected' : ''}`} data-testid={`bill-${bill.billNo}`}>
      {/* One control per head: choosing the bill (a check box named by the bill) or showing its items. */}
      <View
        className='pay-bill__head'
        role={selectable ? 'checkbox' : 'button'}
        aria-checked={selectable ? (selected ? 'true' : 'false') : undefined}
        aria-expanded={selectable ? undefined : open ? 'true' : 'false'}
        onClick={selectable ? onToggle : () => setOpen(!open)}
      >
        {selectable && (
          <View className={`pay-bill__check ${selected ? 'pay-bill__check--on' : ''}`} aria-hidden='true' data-testid={`bill-check-${bill.billNo}`}>
            {selected ? '✓' : ''}
          </View>
        )}
        <View className='pay-bill__main'>
          <View className='pay-bill__row'>
            <Text className='pay-bill__title'>
              {bill.departmentName} · {bill.category}
            </Text>
            <Text className='pay-bill__amount'>{yuan(bill.totalFen)}</Text>
          </View>
          <Text className='pay-bill__meta'>
            <Tokens text={`${bill.hospitalName} · ${bill.doctorName} 医生 · ${bill.visitDate}`} />
          </Text>
          <View className='pay-bill__row'>
            <Text className='pay-bill__no'>单号 {bill.billNo}</Text>
            <Text className={`pay-tag pay-tag--${TONE[bill.status]}`} data-testid={`bill-status-${bill.billNo}`}>
              {bill.statusLabel}
            </Text>
          </View>
        </View>
      </View>
      <View role='button' className='pay-bill__toggle' onClick={() => setOpen(!open)} data-testid={`bill-items-toggle-${bill.billNo}`}>
        <Text>{open ? '收起明细 ▴' : `查看明细（${bill.items.length}项） ▾`}</Text>
      </View>
      {open && (
        <View className='pay-bill__items'>
          {bill.items.map((i, n) => (
            <View className='pay-bill__item' key={n}>
              <Text className='pay-bill__item-name'>
                {i.name}
                {i.spec ? `（${i.spec}）` : ''}
              </Text>
              <Text className='pay-bill__item-qty'>
                {i.quantity}
                {i.unit} × {yuan(i.unitPriceFen)}
              </Text>
              <Text className='pay-bill__item-amount'>{yuan(i.amountFen)}</Text>
            </View>
          ))}
        </View>
      )}
      {bill.invoice && (
        <View role='button' className='pay-bill__invoice' data-testid={`bill-invoice-${bill.billNo}`} onClick={() => openInvoice(bill.invoice!)}>
          <Text>电子票据 No.{bill.invoice.number}</Text>
          <Text className='pay-bill__invoice-link'>查看票据 ›</Text>
        </View>
      )}
    </View>
  );
}
