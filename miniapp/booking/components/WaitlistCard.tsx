import { Button, Text, View } from '@tarojs/components';
import type { WaitlistEntryView } from '@healthpocket/shared-types';
import { ROUTES, withQuery } from '../../services/routes';
import { dateLabel, hhmm, yuan } from '../api';
import { navigateTo } from '../../services/navigate';
import './BookingCard.scss';

const TONE: Record<WaitlistEntryView['status'], string> = {
  waiting: '',
  offered: 'warn',
  booked: '',
  lapsed: 'grey',
  left: 'grey',
  skipped: 'grey',
  closed: 'grey',
};

/** One 候补 in 我的预约: place in line and 退出候补, or the place held for you and 去支付. */
export function WaitlistCard({ e, onLeave }: { e: WaitlistEntryView; onLeave: (e: WaitlistEntryView) => void }) {
  const openBooking = () => {
    if (e.bookingId) navigateTo({ url: withQuery(ROUTES.bookingDetail, { id: e.bookingId }) });
  };
  return (
    <View className='bk-card bk-bcard' data-testid={`waitlist-item-${e.id}`}>
      <View className='bk-row'>
        <Text className='bk-title'>
          {e.doctor.name} · {e.department.name}
        </Text>
        <Text className={`bk-tag ${TONE[e.status] ? `bk-tag--${TONE[e.status]}` : ''}`} data-testid='waitlist-item-status'>
          {e.statusLabel}
        </Text>
      </View>
      <Text className='bk-meta'>{e.hospital.name}</Text>
      <Text className='bk-meta'>{`${dateLabel(e.date)} ${e.sessionLabel}`}</Text>
      <View className='bk-row bk-bcard__foot'>
        <Text className='bk-meta'>就诊人：{e.patientName}</Text>
        <Text className='bk-meta'>{yuan(e.feeFen)}</Text>
      </View>
      {e.status === 'waiting' && e.position !== null && <Text className='bk-meta' data-testid='waitlist-item-position'>{`排在第 ${e.position} 位，有号源空出时自动为您锁号`}</Text>}
      {e.status === 'offered' && e.offerExpiresAt && (
        <View className='hp-alert hp-alert--warn bk-wcard__offer' data-testid='waitlist-item-offer'>
          <Text>{`已为您锁定号源，请在 ${hhmm(e.offerExpiresAt)} 前完成支付，逾期将释放给下一位候补者。`}</Text>
        </View>
      )}
      {e.endReason && e.status !== 'offered' && <Text className='bk-meta bk-bcard__reason'>{e.endReason}</Text>}
      <View className='bk-wcard__actions'>
        {e.status === 'offered' && (
          <Button className='hp-btn' data-testid='waitlist-item-pay' onClick={openBooking}>
            去支付
          </Button>
        )}
        {e.status === 'booked' && (
          <Button className='hp-btn hp-btn--ghost' data-testid='waitlist-item-booking' onClick={openBooking}>
            查看预约
          </Button>
        )}
        {(e.status === 'waiting' || e.status === 'offered') && (
          <Button className='hp-btn hp-btn--ghost' data-testid='waitlist-item-leave' onClick={() => onLeave(e)}>
            退出候补
          </Button>
        )}
      </View>
    </View>
  );
}
