import { Text, View } from '@tarojs/components';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { ROUTES, withQuery } from '../../../services/routes';
import { isLoggedIn } from '../../../services/session';
import { bookingApi } from '../../api';
import { navigateTo } from '../../../services/navigate';
import '../../common.scss';
import './index.scss';

/** 预约挂号: choose a hospital, search a doctor or department, or open 我的预约. */
export default function BookingHome() {
  const list = useRequest(() => bookingApi.hospitals(), []);
  const items = list.data?.items ?? [];

  const openMine = () => navigateTo({ url: isLoggedIn() ? ROUTES.bookingMine : ROUTES.login });

  return (
    <PageShell className='bk-home' testId='booking-home'>
      <View role='button' className='bk-search' data-testid='booking-search-entry' onClick={() => navigateTo({ url: ROUTES.bookingSearch })}>
        <Text>搜索医生、科室、擅长的疾病</Text>
      </View>
      <View role='button' className='bk-card' data-testid='booking-triage-entry' onClick={() => navigateTo({ url: ROUTES.bookingTriage })}>
        <View className='bk-row'>
          <View>
            <Text className='bk-title'>不知道挂什么科？智能导诊</Text>
            <Text className='bk-meta'>按部位和症状推荐科室，仅供参考；急症请拨打120</Text>
          </View>
          <Text className='bk-arrow'>›</Text>
        </View>
      </View>
      <View role='button' className='bk-card bk-home__mine' data-testid='booking-mine-entry' onClick={openMine}>
        <View className='bk-row'>
          <View>
            <Text className='bk-title'>我的预约</Text>
            <Text className='bk-meta'>查看、取消预约，就诊前一天提醒</Text>
          </View>
          <Text className='bk-arrow'>›</Text>
        </View>
      </View>
      <Text className='hp-section-title'>选择医院</Text>
      <StatusView loading={list.loading && !list.data} error={list.error} onRetry={() => void list.reload()} empty={items.length === 0} emptyText='暂无可预约的医院'>
        {items.map((h) => (
          <View role='button' key={h.id} className='bk-card' data-testid={`booking-hospital-${h.id}`} onClick={() => navigateTo({ url: withQuery(ROUTES.bookingDepartments, { hospitalId: h.id }) })}>
            <View className='bk-row'>
              <Text className='bk-title'>{h.name}</Text>
              <Text className='bk-arrow'>›</Text>
            </View>
            <View className='bk-home__tags'>
              <Text className='bk-tag'>{h.level}</Text>
              <Text className='bk-tag bk-tag--grey'>{h.type}</Text>
              <Text className='bk-tag bk-tag--grey'>{h.departmentCount}个科室</Text>
            </View>
            <Text className='bk-meta'>{h.address}</Text>
            <Text className='bk-meta'>{h.outpatientHours}</Text>
          </View>
        ))}
      </StatusView>
    </PageShell>
  );
}
