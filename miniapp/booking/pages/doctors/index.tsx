import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect } from 'react';
import type { DoctorView } from '@healthpocket/shared-types';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { ROUTES, withQuery } from '../../../services/routes';
import { bookingApi, dateLabel, yuan } from '../../api';
import '../../common.scss';
import './index.scss';

export function DoctorCard({ d, showPlace }: { d: DoctorView; showPlace?: boolean }) {
  return (
    <View className='bk-card bk-doc' data-testid={`booking-doctor-${d.id}`} onClick={() => Taro.navigateTo({ url: withQuery(ROUTES.bookingSchedule, { doctorId: d.id }) })}>
      <View className='bk-doc__avatar'>
        <Text>{d.name.slice(0, 1)}</Text>
      </View>
      <View className='bk-doc__main'>
        <View className='bk-doc__line'>
          <Text className='bk-title'>{d.name}</Text>
          <Text className='bk-tag'>{d.title}</Text>
          {d.registrationLevel === '知名专家' && <Text className='bk-tag bk-tag--warn'>知名专家</Text>}
        </View>
        {showPlace && <Text className='bk-meta'>{d.hospitalName} · {d.departmentName}</Text>}
        <Text className='bk-meta bk-doc__specialty'>{d.specialty}</Text>
        <View className='bk-row bk-doc__foot'>
          <Text className='bk-fee'>挂号费 {yuan(d.feeFen)}</Text>
          <Text className={d.nextAvailableDate ? 'bk-tag' : 'bk-tag bk-tag--grey'}>{d.nextAvailableDate ? `最近可约 ${dateLabel(d.nextAvailableDate)}` : '暂无号源'}</Text>
        </View>
      </View>
    </View>
  );
}

/** The doctors of a department: title, fee, specialty, and the first date with a free place. */
export default function DoctorsPage() {
  const { departmentId = '', name } = useRouter().params as { departmentId?: string; name?: string };
  const list = useRequest(() => bookingApi.doctors(departmentId), [departmentId]);
  const items = list.data?.items ?? [];
  useEffect(() => {
    if (name) Taro.setNavigationBarTitle({ title: decodeURIComponent(name) }).catch(() => undefined);
  }, [name]);

  return (
    <PageShell className='bk-doctors' testId='booking-doctors'>
      <View className='bk-doctors__top' />
      <StatusView loading={list.loading && !list.data} error={list.error} onRetry={list.reload} empty={items.length === 0} emptyText='该科室暂无出诊医生'>
        {items.map((d) => (
          <DoctorCard key={d.id} d={d} />
        ))}
      </StatusView>
    </PageShell>
  );
}
