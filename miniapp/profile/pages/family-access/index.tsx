import { Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { ActionButton } from '../../../components/ActionButton';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { familyAccessApi, SCOPE_TEXT, type FamilyAccessScope, type IncomingAccessRequest } from '../../../services/family-access';
import { asyncHandler, showToast } from '../../../services/ui';
import './index.scss';

type Decision = 'approve' | 'decline' | 'revoke';
const STATUS_LABELS: Record<IncomingAccessRequest['status'], string> = { pending: '待处理', approved: '已同意', declined: '已拒绝', revoked: '已撤销' };
const DONE: Record<Decision, string> = { approve: '已同意', decline: '已拒绝', revoke: '已撤销授权' };

/**
 * 我的 → 家人授权: relatives who added me as a family member and asked to act for me. I choose
 * what to allow (代办挂号与缴费, 查看健康信息), decline, or withdraw an approval at any time
 * (PIPL Art. 15). A share card opens this page with `invite=…` after my own login and verification.
 */
export default function FamilyAccessPage() {
  const { params } = useRouter();
  const invite = params?.invite;
  const invited = useRequest(() => (invite ? familyAccessApi.byInvite(invite) : Promise.resolve(null)), [invite]);
  const list = useRequest(() => familyAccessApi.incoming(), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<IncomingAccessRequest | null>(null);
  /** Per pending request, the scopes I am about to allow (all asked for, until I untick one). */
  const [picked, setPicked] = useState<Record<string, FamilyAccessScope[]>>({});
  const firstShow = useRef(true);

  // Back from verification (the invitation answered IDENTITY_UNVERIFIED) or from elsewhere: both again.
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else if (!busy) void Promise.all([list.reload(), invite ? invited.reload() : undefined]);
  });

  const chosen = (item: IncomingAccessRequest) => picked[item.id] ?? item.scopes;
  const toggle = (item: IncomingAccessRequest, scope: FamilyAccessScope) => {
    const now = chosen(item);
    setPicked((p) => ({ ...p, [item.id]: now.includes(scope) ? now.filter((x) => x !== scope) : [...now, scope] }));
  };

  const decide = async (item: IncomingAccessRequest, d: Decision) => {
    setBusy(item.id);
    setError(null);
    try {
      await familyAccessApi.decide(item.id, d, d === 'approve' ? chosen(item) : undefined);
      await Promise.all([list.reload(), invite ? invited.reload() : undefined]);
      showToast({ title: DONE[d], icon: 'none' });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
      setRevoking(null);
    }
  };

  const card = (item: IncomingAccessRequest, highlight = false) => (
    <View key={item.id} className={`fa__card ${highlight ? 'fa__card--invite' : ''}`} data-testid={`access-request-${item.id}`}>
      <View className='fa__head'>
        <Text className='fa__who'>{item.requesterName}</Text>
        <Text className={`fa__status fa__status--${item.status}`} data-testid={`access-status-${item.id}`}>
          {STATUS_LABELS[item.status]}
        </Text>
      </View>
      <Text className='fa__text'>
        {item.requesterPhoneMasked ? `手机号 ${item.requesterPhoneMasked}，` : ''}将您添加为「{item.relationLabel}」，{item.status === 'approved' ? '已获得您的授权：' : '请求您授权：'}
      </Text>
      <View className='fa__scopes' role='group' aria-label='授权内容'>
        {item.scopes.map((scope) => {
          const on = item.status !== 'pending' || chosen(item).includes(scope);
          return (
            <View
              key={scope}
              className={`fa__scope ${on ? 'fa__scope--on' : ''}`}
              role={item.status === 'pending' ? 'checkbox' : undefined}
              aria-checked={item.status === 'pending' ? (on ? 'true' : 'false') : undefined}
              data-testid={`access-scope-${item.id}-${scope}`}
              onClick={() => item.status === 'pending' && toggle(item, scope)}
            >
              <Text className='fa__scope-mark'>{item.status === 'pending' ? (on ? '☑' : '☐') : '✓'}</Text>
              <View className='fa__scope-body'>
                <Text className='fa__scope-label'>{SCOPE_TEXT[scope].label}</Text>
                <Text className='fa__scope-detail'>{SCOPE_TEXT[scope].detail}</Text>
              </View>
            </View>
          );
        })}
      </View>
      <Text className='fa__meta'>
        {item.requestedAt.slice(0, 10)} 发起{item.decidedAt ? ` · ${item.decidedAt.slice(0, 10)} 处理` : ''}
      </Text>
      {item.status === 'pending' && (
        <View className='fa__actions'>
          <ActionButton className='hp-btn hp-btn--ghost' data-testid={`access-decline-${item.id}`} disabled={!!busy || undefined} onClick={asyncHandler(() => decide(item, 'decline'))}>
            拒绝
          </ActionButton>
          <ActionButton
            className='hp-btn'
            data-testid={`access-approve-${item.id}`}
            loading={busy === item.id}
            disabled={!!busy || chosen(item).length === 0 || undefined}
            onClick={asyncHandler(() => decide(item, 'approve'))}
          >
            {chosen(item).length === item.scopes.length ? '同意' : '同意所选'}
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
  );

  const items = (list.data?.items ?? []).filter((i) => i.id !== invited.data?.id);
  return (
    <PageShell className='fa' testId='family-access-page'>
      <Text className='fa__intro'>家人把您添加为家庭成员后，为您代办挂号缴费或查看您的健康信息，需要您本人同意。您可以只同意其中一项，也可以随时撤销。</Text>
      {error && (
        <View className='hp-alert hp-alert--error fa__alert' data-testid='family-access-error' role='alert'>
          <Text>{error}</Text>
        </View>
      )}
      {invite && (
        <StatusView loading={invited.loading && !invited.data} error={invited.error} onRetry={() => void invited.reload()}>
          {invited.data && card(invited.data, true)}
        </StatusView>
      )}
      <StatusView
        loading={list.loading && !list.data}
        error={invite ? undefined : list.error}
        onRetry={() => void list.reload()}
        empty={!!list.data && items.length === 0 && !invited.data}
        emptyText='暂无家人授权请求'
      >
        {items.map((item) => card(item))}
      </StatusView>
      <ConfirmDialog
        open={!!revoking}
        title='撤销家人授权'
        content={revoking ? `撤销后 ${revoking.requesterName} 将不能再为您代办或查看您的健康信息，确定撤销吗？` : ''}
        confirmText='撤销'
        danger
        busy={!!busy}
        onConfirm={asyncHandler(() => revoking && decide(revoking, 'revoke'))}
        onCancel={() => setRevoking(null)}
      />
    </PageShell>
  );
}
