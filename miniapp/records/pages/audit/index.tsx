import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { RecordAuditEntry } from '@healthpocket/shared-types';
import { PageShell } from '../../../components/PageShell';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { recordsApi } from '../../api';
import { RecordGate } from '../../components/RecordGate';
import { formatTime } from '../../format';
import { asyncHandler } from '../../../services/ui';
import '../../records.scss';

/** 谁查看了我的档案: every read and reveal of the record, newest first. */
export default function AuditPage() {
  const member = useRouter().params?.member ?? '';
  const req = useRequest(() => recordsApi.audit(member), [member]);
  const [more, setMore] = useState<RecordAuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const items = [...(req.data?.items ?? []), ...more];
  const next = cursor === undefined ? req.data?.nextCursor : cursor;

  const loadMore = async () => {
    if (!next) return;
    setBusy(true);
    setError(null);
    try {
      const page = await recordsApi.audit(member, next);
      setMore((m) => [...m, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell testId='records-audit'>
      <View className='hp-alert hp-alert--info' style={{ marginTop: '24px' }}>
        <Text>您的档案每被查看一次都会记录在这里，记录至少保存6个月。如发现异常查看，请联系您的家庭医生团队。</Text>
      </View>
      <RecordGate
        loading={req.loading && !req.data}
        error={req.error}
        onRetry={() => void req.reload()}
        onConsented={() => void req.reload()}
        empty={!!req.data && items.length === 0}
        emptyText='暂无查看记录'
      >
        {items.map((x) => (
          <View key={x.id} className='rec-item' data-testid='audit-item'>
            <View className='rec-item__main'>
              <Text className='rec-item__title'>{x.viewer}</Text>
              <Text className='rec-item__meta'>{formatTime(x.at)}</Text>
              <Text className='rec-item__meta'>{x.actionLabel}</Text>
            </View>
            <Text className={`rec-tag ${x.action === 'reveal' ? 'rec-tag--abnormal' : ''}`}>{x.viewerRole}</Text>
          </View>
        ))}
        {error && (
          <View className='hp-alert hp-alert--error' style={{ marginTop: '24px' }}>
            <Text>{error}</Text>
          </View>
        )}
        {next && (
          <View className='rec-more'>
            <Button className='hp-btn hp-btn--ghost hp-btn--block' disabled={busy || undefined} onClick={asyncHandler(loadMore)} data-testid='audit-more'>
              {busy ? '加载中…' : '查看更早的记录'}
            </Button>
          </View>
        )}
        <View className='rec-bottom' />
      </RecordGate>
    </PageShell>
  );
}
