import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { SearchResult } from '@healthpocket/shared-types';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { ROUTES, withQuery } from '../../../services/routes';
import { bookingApi } from '../../api';
import { DoctorCard } from '../../components/DoctorCard';
import { navigateTo } from '../../../services/navigate';
import '../../common.scss';
import './index.scss';

/** What residents search for most; a tap searches it. */
const SUGGESTIONS = ['高血压', '糖尿病', '儿科', '心血管', '妇产科', '口腔'];

/** Doctors by name or department, and departments by name, across the hospitals. */
export default function SearchPage() {
  const [q, setQ] = useState('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const run = async (text = q) => {
    const term = text.trim();
    if (!term) return;
    setLoading(true);
    setError(undefined);
    try {
      setResult(await bookingApi.search(term));
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  const nothing = !!result && result.doctors.length === 0 && result.departments.length === 0;

  return (
    <PageShell className='bk-searchp' testId='booking-search'>
      <View className='bk-searchp__bar'>
        <Input
          className='bk-searchp__input'
          data-testid='booking-search-input'
          value={q}
          maxlength={20}
          placeholder='医生、科室或疾病，如：李明、心血管、高血压'
          confirmType='search'
          focus
          onInput={(e) => setQ(e.detail.value)}
          onConfirm={(e) => void run(e.detail.value)}
        />
        <Button className='hp-btn hp-btn--small' data-testid='booking-search-go' onClick={() => void run()}>
          搜索
        </Button>
      </View>
      {!result && !loading && !error && (
        <View className='bk-searchp__start' data-testid='booking-search-start'>
          <Text className='hp-section-title'>大家都在搜</Text>
          <View className='bk-searchp__chips'>
            {SUGGESTIONS.map((w) => (
              <View
                key={w}
                className='hp-chip'
                role='button'
                data-testid={`booking-search-suggest-${w}`}
                onClick={() => {
                  setQ(w);
                  void run(w);
                }}
              >
                {w}
              </View>
            ))}
          </View>
          <View className='bk-card bk-searchp__triage' role='link' data-testid='booking-search-triage' onClick={() => navigateTo({ url: ROUTES.bookingTriage })}>
            <View className='bk-row'>
              <Text className='bk-title'>不知道挂哪个科？</Text>
              <Text className='bk-arrow'>›</Text>
            </View>
            <Text className='bk-meta'>按身体部位和症状找科室（智能导诊）</Text>
          </View>
        </View>
      )}
      <StatusView loading={loading} error={error} onRetry={() => void run()} empty={nothing} emptyText={`没有找到与「${result?.q ?? ''}」相关的医生或科室`}>
        {result && result.departments.length > 0 && (
          <View>
            <Text className='hp-section-title'>科室</Text>
            {result.departments.map((d) => (
              <View
                role='button'
                key={d.id}
                className='bk-card'
                data-testid={`booking-search-dept-${d.id}`}
                onClick={() => navigateTo({ url: withQuery(ROUTES.bookingDoctors, { departmentId: d.id, name: d.name }) })}
              >
                <View className='bk-row'>
                  <Text className='bk-title'>{d.name}</Text>
                  <Text className='bk-arrow'>›</Text>
                </View>
                <Text className='bk-meta'>
                  {d.hospitalName} · {d.location}
                </Text>
              </View>
            ))}
          </View>
        )}
        {result && result.doctors.length > 0 && (
          <View>
            <Text className='hp-section-title'>医生</Text>
            {result.doctors.map((d) => (
              <DoctorCard key={d.id} d={d} showPlace />
            ))}
          </View>
        )}
      </StatusView>
    </PageShell>
  );
}
