import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { withQuery } from '../../../services/routes';
import { VACCINE_PAGES, vaccinesApi, yuan } from '../../api';
import { navigateTo } from '../../../services/navigate';
import '../../vaccines.scss';
import './index.scss';

/** 自费疫苗 (非免疫规划): price, who may get it; 预约 opens the clinic and session choice for the member. */
export default function CataloguePage() {
  const { memberId = '' } = useRouter().params as { memberId?: string };
  const req = useRequest(() => vaccinesApi.catalogue(), []);
  const items = req.data?.selfPaid ?? [];
  return (
    <PageShell className='vx-catalogue' testId='vaccines-catalogue'>
      <View className='hp-alert hp-alert--info vx-catalogue__tip'>
        <Text>自费疫苗按“知情、自愿、自费”的原则接种；是否适合接种，以接种门诊医生评估为准。</Text>
      </View>
      <StatusView loading={req.loading && !req.data} error={req.error} onRetry={() => void req.reload()} empty={items.length === 0} emptyText='暂无可预约的自费疫苗'>
        {items.map((p) => (
          <View key={p.code} className='vx-card' data-testid={`vaccine-product-${p.code}`}>
            <View className='vx-row'>
              <Text className='vx-name'>{p.name}</Text>
              <Text className='vx-tag vx-tag--paid'>{yuan(p.priceFen)}/剂</Text>
            </View>
            <Text className='vx-meta'>
              {p.note} · {p.manufacturer}
              {p.doses ? ` · 共${p.doses}剂` : ''}
            </Text>
            <Text className='vx-reason'>{p.eligibility}</Text>
            {memberId && (
              <View className='vx-actions'>
                <View
                  role='button'
                  className='hp-btn hp-btn--small'
                  data-testid={`vaccine-product-book-${p.code}`}
                  onClick={() => navigateTo({ url: withQuery(VACCINE_PAGES.book, { memberId, code: p.code }) })}
                >
                  <Text>预约</Text>
                </View>
              </View>
            )}
          </View>
        ))}
      </StatusView>
    </PageShell>
  );
}
