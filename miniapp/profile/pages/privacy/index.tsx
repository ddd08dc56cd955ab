import { Button, Text, View } from '@tarojs/components';
import { ActionButton } from '../../../components/ActionButton';
import Taro, { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { api, messageOf, type ConsentText } from '../../../services/api';
import { CONSENT_TEXTS } from '../../../services/consent-texts';
import type { ConsentView } from '../../../services/shared';
import './index.scss';

type Kind = 'privacy_guide' | 'health_data';
const KINDS: Kind[] = ['privacy_guide', 'health_data'];

/** The resident's own (not a member's) consent of this kind that is in force, if any. */
function activeConsent(items: ConsentView[], kind: Kind): ConsentView | undefined {
  return items
    .filter((c) => c.kind === kind && !c.memberId && !c.withdrawnAt)
    .sort((a, b) => (a.grantedAt < b.grantedAt ? 1 : -1))[0];
}

function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

export default function PrivacyPage() {
  const list = useRequest(() => api.consents(), []);
  const [busy, setBusy] = useState<Kind | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const firstShow = useRef(true);

  // Back from the login page (a session that had expired): load again.
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else if (!busy) void list.reload();
  });

  const textOf = (kind: Kind): ConsentText => list.data?.current?.[kind] ?? CONSENT_TEXTS[kind];

  const grant = async (kind: Kind) => {
    setBusy(kind);
    setError(null);
    try {
      await api.grantConsent(kind, textOf(kind).version);
      await list.reload();
      Taro.showToast({ title: '已同意', icon: 'success' });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const withdraw = async () => {
    setBusy('health_data');
    setError(null);
    try {
      await api.withdrawConsent('health_data');
      await list.reload();
      Taro.showToast({ title: '已撤回授权', icon: 'none' });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
      setWithdrawing(false);
    }
  };

  const items = list.data?.items ?? [];

  return (
    <PageShell className='privacy' testId='privacy-page'>
      {error && (
        <View className='hp-alert hp-alert--error privacy__alert' data-testid='privacy-error' role='alert'>
          <Text>{error}</Text>
        </View>
      )}
      <StatusView loading={list.loading && !list.data} error={list.error} onRetry={list.reload}>
        {KINDS.map((kind) => {
          const text = textOf(kind);
          const active = activeConsent(items, kind);
          const outdated = !!active && active.textVersion !== text.version;
          return (
            <View key={kind} className='privacy__card' data-testid={`consent-${kind}`}>
              <View className='privacy__head'>
                <Text className='privacy__title'>{text.title}</Text>
                <Text
                  className={`privacy__status ${active && !outdated ? 'privacy__status--on' : ''}`}
                  data-testid={`consent-${kind}-status`}
                >
                  {active ? (outdated ? '待重新同意' : '已同意') : '未同意'}
                </Text>
              </View>
              <Text className='privacy__summary'>{text.summary}</Text>
              <Text className='privacy__meta'>
                版本 {text.version}
                {active ? ` · ${formatDate(active.grantedAt)} 同意` : ''}
              </Text>
              {kind === 'health_data' && (
                <View className='privacy__actions'>
                  {active && !outdated ? (
                    <ActionButton
                      className='hp-btn hp-btn--danger hp-btn--block'
                      data-testid='consent-health_data-withdraw'
                      loading={busy === kind}
                      disabled={!!busy || undefined}
                      onClick={() => setWithdrawing(true)}
                    >
                      撤回授权
                    </ActionButton>
                  ) : (
                    <ActionButton
                      className='hp-btn hp-btn--block'
                      data-testid='consent-health_data-grant'
                      loading={busy === kind}
                      disabled={!!busy || undefined}
                      onClick={() => grant(kind)}
                    >
                      单独同意
                    </ActionButton>
                  )}
                </View>
              )}
              {kind === 'privacy_guide' && outdated && (
                <View className='privacy__actions'>
                  <Button className='hp-btn hp-btn--block' data-testid='consent-privacy_guide-grant' disabled={!!busy || undefined} onClick={() => grant(kind)}>
                    同意新版指引
                  </Button>
                </View>
              )}
            </View>
          );
        })}
        <Text className='privacy__foot'>撤回健康信息授权后，我们将停止从区域健康信息平台调取您的健康档案；已查看的记录仍可在「谁查看了我的档案」中查询。</Text>
      </StatusView>

      <ConfirmDialog
        open={withdrawing}
        title='撤回健康信息授权'
        content='撤回后将无法查看健康档案、检查检验报告和接种记录，确定撤回吗？'
        confirmText='撤回'
        danger
        busy={busy === 'health_data'}
        onConfirm={withdraw}
        onCancel={() => setWithdrawing(false)}
      />
    </PageShell>
  );
}
