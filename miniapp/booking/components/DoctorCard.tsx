import { Text, View } from '@tarojs/components';
import type { DoctorView } from '@healthpocket/shared-types';
import { ROUTES, withQuery } from '../../services/routes';
import { dateLabel, yuan } from '../api';
import { navigateTo } from '../../services/navigate';
import './DoctorCard.scss';

/** A doctor in a list: title, 号别, fee, specialty and the first date with a free place; opens the schedule. */
export function DoctorCard({ d, showPlace }: { d: DoctorView; showPlace?: boolean }) {
  return (
    <View role='button' className='bk-card bk-doc' data-testid={`booking-doctor-${d.id}`} onClick={() => navigateTo({ url: withQuery(ROUTES.bookingSchedule, { doctorId: d.id }) })}>
      <View className='bk-doc__avatar'>
        <Text>{d.name.slice(0, 1)}</Text>
      </View>
      <View className='bk-doc__main'>
        <View className='bk-doc__line'>
          <Text className='bk-title'>{d.name}</Text>
          <Text className='bk-tag'>{d.title}</Text>
          {d.registrationLevel === '知名专家' && <Text className='bk-tag bk-tag--warn'>知名专家</Text>}
        </View>
        {showPlace && (
          <Text className='bk-meta'>
            {d.hospitalName} · {d.departmentName}
          </Text>
        )}
        <Text className='bk-meta bk-doc__specialty'>{d.specialty}</Text>
        <View className='bk-row bk-doc__foot'>
          <Text className='bk-fee'>挂号费 {yuan(d.feeFen)}</Text>
          <Text className={d.nextAvailableDate ? 'bk-tag' : 'bk-tag bk-tag--grey'}>{d.nextAvailableDate ? `最近可约 ${dateLabel(d.nextAvailableDate)}` : '暂无号源'}</Text>
        </View>
      </View>
    </View>
  );
}
