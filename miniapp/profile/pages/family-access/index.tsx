import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { ActionButton } from '../../../components/ActionButton';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { familyAccessApi, type IncomingAccessRequest } from '../../../services/family-access';
import './index.scss';

type Decision = 'approve' | 'decline' | 'revoke';
const STATUS_LABELS: Record<IncomingAccessRequest['status'], string> = { pending: '待处理', approved: '已同意', declined: '已拒绝', revoked: '已撤销' };
const DONE: Record<Decision, string> = { approve: '已同意', decline: '已拒绝', revoke: '已撤销授权' };

/**
 * 我的 → 家人授权: family members who added me and asked to read my health record. I approve or
 * decline, and may withdraw an approval at any time (PIPL Art. 15).
 */
export default function FamilyAccessPage() {
  const list = useRequest(() => familyAccessApi.incoming(), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<IncomingAccessRequest | null>(null);
  const firstShow = useRef(true);

  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else if (!busy) void list.reload();
  });

  const decide = async (item: IncomingAccessRequest, d: Decision) => {
    setBusy(item.id);
    setError(null);
    try {
      await familyAccessApi.decide(item.id, d);
      await list.reload();
      Taro.showToast({ title: DONE[d], icon: 'none' });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
      setRevoking(null);
    }
  };

  const items = list.data?.items ?? [];
  return (
    <PageShell className='fa' testId='family-access-page'>
      <Text className='fa__intro'>家人把您添加为家庭成员后，需要您本人同意才能查看您的健康档案。您可以随时撤销已同意的授权。</Text>
      {error && (
        <View className='hp-alert hp-alert--error fa__alert' data-testid='family-access-error' role='alert'>
          <Text>{error}</Text>
        </View>
      )}
      <StatusView loading={list.loading && !list.data} error={list.error} onRetry={list.reload} empty={!!list.data && items.length === 0} emptyText='暂无家人授权请求'>
        {items.map((item) => (
          <View key={item.id} className='fa__card' data-testid={`access-request-${item.id}`}>
            <View className='fa__head'>
              <Text className='fa__who'>{item.requesterName}</Text>
              <Text className={`fa__status fa__status--${item.status}`} data-testid={`access-status-${item.id}`}>
                {STATUS_LABELS[item.status]}
              </Text>
            </View>
            <Text className='fa__text'>
              将您添加为「{item.relationLabel}」，请求查看您的健康档案（随访、体检、就诊记录和检查检验报告）。
            </Text>
            <Text className='fa__meta'>
              {item.requestedAt.slice(0, 10)} 发起{item.decidedAt ? ` · ${item.decidedAt.slice(0, 10)} 处理` : ''}
            </Text>
            {item.status === 'pending' && (
              <View className='fa__actions'>
                <ActionButton className='hp-btn hp-btn--ghost' data-testid={`access-decline-${item.id}`} disabled={!!busy || undefined} onClick={() => decide(item, 'decline')}>
                  拒绝
                </ActionButton>
                <ActionButton className='hp-btn' data-testid={`access-approve-${item.id}`} loading={busy === item.id} disabled={!!busy || undefined} onClick={() => decide(item, 'approve')}>
                  同意
                </ActionButton>
              </View>
            )}
            {item.status === 'approved' && (
              <View className='fa__actions'>
                <ActionButton className='hp-btn hp-btn--danger' data-testid={`access-revoke-${item.id}`} loading={busy === item.id} disabled={!!busy || undefined} onClick={() => setRevoking(item)}>
                  撤销授权
                </ActionButton>
              </View>
            )}
          </View>
        ))}
      </StatusView>
      <ConfirmDialog
        open={!!revoking}
        title='撤销家人授权'
        content={revoking ? `撤销后 ${revoking.requesterName} 将不能再查看您的健康档案，确定撤销吗？` : ''}
        confirmText='撤销'
        danger
        busy={!!busy}
        onConfirm={() => revoking && decide(revoking, 'revoke')}
        onCancel={() => setRevoking(null)}
      />
    </PageShell>
  );
}
