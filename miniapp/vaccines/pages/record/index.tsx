import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { withQuery } from '../../../services/routes';
import { ObservationBanner } from '../../components/ObservationBanner';
import { PageShell } from '../../../components/PageShell';
import { useRequest } from '../../../components/useRequest';
import { ConsentGate } from '../../components/ConsentGate';
import { VACCINE_PAGES, vaccinesApi } from '../../api';
import { navigateTo } from '../../../services/navigate';
import '../../vaccines.scss';
import './index.scss';

/** 电子接种证: the member's doses as the immunization information system holds them, newest first. */
export default function RecordPage() {
  const { memberId = '' } = useRouter().params as { memberId?: string };
  const req = useRequest(() => vaccinesApi.record(memberId), [memberId]);
  const r = req.data;
  return (
    <PageShell className='vx-record' testId='vaccines-record'>
      <ConsentGate loading={req.loading && !r} error={req.error} onRetry={() => void req.reload()} onConsented={() => void req.reload()}>
        {r && (
          <View>
            <ObservationBanner memberId={memberId} />
            <View className='vx-record__cert' data-testid='vaccine-cert'>
              <Text className='vx-record__cert-title'>预防接种证（电子）</Text>
              <Text className='vx-record__cert-line'>
                姓名：{r.member.name}　性别：{r.member.sex === 'male' ? '男' : '女'}
              </Text>
              <Text className='vx-record__cert-line'>
                出生日期：{r.member.birthDate}（{r.member.ageLabel}）
              </Text>
              <Text className='vx-record__cert-line' data-testid='vaccine-cert-no'>
                接种证号：{r.certNo ?? '—'}
              </Text>
              {r.items.length > 0 && (
                <Text className='vx-record__cert-line'>
                  共接种 {r.items.length} 剂{r.programmeSummary.outstanding > 0 ? `，免疫规划待补 ${r.programmeSummary.outstanding} 剂` : ''}
                </Text>
              )}
            </View>
            {!r.onPlatform && (
              <View className='hp-alert hp-alert--info'>
                <Text>预防接种平台上暂未找到该成员的接种档案。新生儿建档后或在接种门诊补录后即可查看。</Text>
              </View>
            )}
            {r.onPlatform && r.items.length === 0 && (
              <View className='hp-alert hp-alert--info'>
                <Text>暂无接种记录</Text>
              </View>
            )}
            <View data-testid='vaccine-record-list'>
              {r.items.map((i) => (
                <View key={i.id} className='vx-card vx-record__item' data-testid={`vaccine-record-${i.vaccineCode}-${i.dose}`}>
                  <View className='vx-row'>
                    <Text className='vx-name'>
                      {i.vaccineName} 第{i.dose}剂
                    </Text>
                    <Text className={`vx-tag ${i.kind === 'programme' ? 'vx-tag--due' : 'vx-tag--paid'}`}>{i.kind === 'programme' ? '免疫规划' : '自费'}</Text>
                  </View>
                  <Text className='vx-meta'>接种日期：{i.date}</Text>
                  <Text className='vx-meta'>接种单位：{i.institution}</Text>
                  <Text className='vx-meta'>
                    部位：{i.site} · 批号：{i.batchNo}
                    {i.manufacturer ? ` · ${i.manufacturer}` : ''}
                  </Text>
                  <View
                    role='button'
                    className='vx-record__report'
                    data-testid={`vaccine-report-${i.id}`}
                    onClick={() => navigateTo({ url: withQuery(VACCINE_PAGES.aefi, { memberId, doseId: i.id }) })}
                  >
                    <Text>接种后不适？报告疑似异常反应 ›</Text>
                  </View>
                </View>
              ))}
            </View>
          </View>
        )}
      </ConsentGate>
    </PageShell>
  );
}
