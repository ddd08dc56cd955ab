import { Text, View } from '@tarojs/components';
import type { BookingView } from '@healthpocket/shared-types';
import { ROUTES, withQuery } from '../../services/routes';
import { visitTime, yuan } from '../api';
import { navigateTo } from '../../services/navigate';
import './BookingCard.scss';

const TONE: Record<BookingView['status'], string> = {
  pending_payment: 'warn',
  confirming: 'warn',
  confirmed: '',
  checked_in: 'grey',
  no_show: 'danger',
  cancelled: 'grey',
  expired: 'grey',
};

/** One booking in 我的预约; opens its detail. */
export function BookingCard({ b }: { b: BookingView }) {
  return (
    <View role='button' className='bk-card bk-bcard' data-testid={`booking-item-${b.id}`} onClick={() => navigateTo({ url: withQuery(ROUTES.bookingDetail, { id: b.id }) })}>
      <View className='bk-row'>
        <Text className='bk-title'>
          {b.doctor.name} · {b.department.name}
        </Text>
        <Text className={`bk-tag ${TONE[b.status] ? `bk-tag--${TONE[b.status]}` : ''}`} data-testid='booking-item-status'>
          {b.statusLabel}
        </Text>
      </View>
      <Text className='bk-meta'>{b.hospital.name}</Text>
      <Text className='bk-meta'>{visitTime(b)}</Text>
      <View className='bk-row bk-bcard__foot'>
        <Text className='bk-meta'>就诊人：{b.patientName}</Text>
        <Text className='bk-meta'>
          {yuan(b.feeFen)}
          {b.refund ? (b.refund.status === 'refunded' ? ' 已退款' : ' 退款中') : ''}
        </Text>
      </View>
      {b.status === 'cancelled' && b.cancelReason && <Text className='bk-meta bk-bcard__reason'>取消原因：{b.cancelReason}</Text>}
    </View>
  );
}
