import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect } from 'react';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { bookingApi } from '../../api';
import { DoctorCard } from '../../components/DoctorCard';
import '../../common.scss';
import './index.scss';

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
      <StatusView loading={list.loading && !list.data} error={list.error} onRetry={() => void list.reload()} empty={items.length === 0} emptyText='该科室暂无出诊医生'>
        {items.map((d) => (
          <DoctorCard key={d.id} d={d} />
        ))}
      </StatusView>
    </PageShell>
  );
}
