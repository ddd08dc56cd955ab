import { ScrollView, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { ROUTES, withQuery } from '../../../services/routes';
import { bookingApi } from '../../api';
import { navigateTo } from '../../../services/navigate';
import '../../common.scss';
import './index.scss';

/** A hospital's departments by group (内科, 外科 …), with the hospital's booking notice. */
export default function DepartmentsPage() {
  const { hospitalId = '' } = useRouter().params as { hospitalId?: string };
  const hospital = useRequest(() => bookingApi.hospital(hospitalId), [hospitalId]);
  const depts = useRequest(() => bookingApi.departments(hospitalId), [hospitalId]);
  const [group, setGroup] = useState<string | null>(null);
  const [showNotice, setShowNotice] = useState(false);
  const groups = depts.data?.groups ?? [];
  const current = groups.find((g) => g.group === group) ?? groups[0];

  return (
    <PageShell className='bk-depts' testId='booking-departments'>
      {hospital.data && (
        <View className='bk-card bk-depts__head'>
          <Text className='bk-title'>{hospital.data.name}</Text>
          <View className='bk-depts__tags'>
            <Text className='bk-tag'>{hospital.data.level}</Text>
            <Text className='bk-tag bk-tag--grey'>{hospital.data.type}</Text>
          </View>
          <Text className='bk-meta'>
            {hospital.data.address} · {hospital.data.phone}
          </Text>
          <View role='button' className='bk-depts__notice-toggle' data-testid='booking-notice-toggle' onClick={() => setShowNotice(!showNotice)}>
            <Text>预约须知 {showNotice ? '▲' : '▼'}</Text>
          </View>
          {showNotice && (
            <View className='bk-notice' data-testid='booking-notice'>
              {hospital.data.notice.map((n) => (
                <Text key={n} className='bk-notice__item'>
                  · {n}
                </Text>
              ))}
            </View>
          )}
        </View>
      )}
      <StatusView
        loading={depts.loading && !depts.data}
        error={depts.error ?? hospital.error}
        onRetry={() => {
          void depts.reload();
          void hospital.reload();
        }}
        empty={groups.length === 0}
        emptyText='该医院暂无可预约科室'
      >
        <View className='bk-depts__body'>
          <ScrollView scrollY className='bk-depts__groups'>
            {groups.map((g) => (
              <View
                role='button'
                key={g.group}
                className={`bk-depts__group ${current?.group === g.group ? 'bk-depts__group--active' : ''}`}
                data-testid={`booking-group-${g.group}`}
                onClick={() => setGroup(g.group)}
              >
                <Text>{g.group}</Text>
              </View>
            ))}
          </ScrollView>
          <View className='bk-depts__list'>
            {current?.items.map((d) => (
              <View
                role='button'
                key={d.id}
                className='bk-depts__item'
                data-testid={`booking-dept-${d.id}`}
                onClick={() => navigateTo({ url: withQuery(ROUTES.bookingDoctors, { departmentId: d.id, name: d.name }) })}
              >
                <View className='bk-row'>
                  <Text className='bk-depts__name'>{d.name}</Text>
                  <Text className='bk-arrow'>›</Text>
                </View>
                <Text className='bk-meta'>
                  {d.location} · {d.doctorCount}位医生
                </Text>
              </View>
            ))}
          </View>
        </View>
      </StatusView>
    </PageShell>
  );
}
