import { Button, Text, View } from '@tarojs/components';
import { ActionButton } from '../../../components/ActionButton';
import Taro, { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { api, messageOf, type ConsentText, type SelfConsentKind } from '../../../services/api';
import { CONSENT_TEXTS } from '../../../services/consent-texts';
import { forgetPrivacyAgreement, openPrivacyGuide } from '../../../services/privacy';
import { ROUTES } from '../../../services/routes';
import { endLocalSession } from '../../../services/session';
import type { ConsentView } from '../../../services/shared';
import { asyncHandler, showToast } from '../../../services/ui';
import './index.scss';

type Kind = SelfConsentKind;
const KINDS: Kind[] = ['privacy_guide', 'health_data', 'push'];

/** Push is on until withdrawn (the resident subscribes in WeChat); the others until agreed to. */
function pushOn(items: ConsentView[]): boolean {
  const latest = items.filter((c) => c.kind === 'push' && !c.memberId).sort((a, b) => (a.grantedAt < b.grantedAt ? 1 : -1))[0];
  return !latest || !latest.withdrawnAt;
}

/** The resident's own (not a member's) consent of this kind that is in force, if any. */
function activeConsent(items: ConsentView[], kind: Kind): ConsentView | undefined {
  return items.filter((c) => c.kind === kind && !c.memberId && !c.withdrawnAt).sort((a, b) => (a.grantedAt < b.grantedAt ? 1 : -1))[0];
}

function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

export default function PrivacyPage() {
  const list = useRequest(() => api.consents(), []);
  const [busy, setBusy] = useState<Kind | null>(null);
  const [withdrawing, setWithdrawing] = useState<Kind | null>(null);
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
      showToast({ title: '已同意', icon: 'success' });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const withdraw = async (kind: Kind) => {
    setBusy(kind);
    setError(null);
    try {
      await api.withdrawConsent(kind);
      if (kind === 'privacy_guide') {
        // The BFF ended every login: the app can be used again only after agreeing anew.
        endLocalSession();
        forgetPrivacyAgreement();
        showToast({ title: '已撤回，已退出登录', icon: 'none' });
        await Taro.reLaunch({ url: ROUTES.home }).catch(() => undefined);
        openPrivacyGuide();
        return;
      }
      await list.reload();
      showToast({ title: '已撤回授权', icon: 'none' });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
      setWithdrawing(null);
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
      <StatusView loading={list.loading && !list.data} error={list.error} onRetry={() => void list.reload()}>
        {KINDS.map((kind) => {
          const text = textOf(kind);
          const active = activeConsent(items, kind);
          const outdated = kind !== 'push' && !!active && active.textVersion !== text.version;
          const on = kind === 'push' ? pushOn(items) : !!active && !outdated;
          const status = kind === 'push' ? (on ? '已开启' : '已关闭') : active ? (outdated ? '待重新同意' : '已同意') : '未同意';
          return (
            <View key={kind} className='privacy__card' data-testid={`consent-${kind}`}>
              <View className='privacy__head'>
                <Text className='privacy__title'>{text.title}</Text>
                <Text className={`privacy__status ${on ? 'privacy__status--on' : ''}`} data-testid={`consent-${kind}-status`}>
                  {status}
                </Text>
              </View>
              <Text className='privacy__summary'>{text.summary}</Text>
              <Text className='privacy__meta'>
                版本 {text.version}
                {active && kind !== 'push' ? ` · ${formatDate(active.grantedAt)} 同意` : ''}
              </Text>
              {(text.stops ?? []).length > 0 && (
                <View className='privacy__stops' data-testid={`consent-${kind}-stops`}>
                  <Text className='privacy__stops-title'>撤回后：</Text>
                  {text.stops.map((line) => (
                    <Text key={line} className='privacy__stop'>
                      · {line}
                    </Text>
                  ))}
                </View>
              )}
              {(kind !== 'privacy_guide' || on || outdated) && (
                <View className='privacy__actions'>
                  {on ? (
                    <ActionButton
                      className='hp-btn hp-btn--danger hp-btn--block'
                      data-testid={`consent-${kind}-withdraw`}
                      loading={busy === kind}
                      disabled={!!busy || undefined}
                      onClick={() => setWithdrawing(kind)}
                    >
                      撤回授权
                    </ActionButton>
                  ) : kind === 'privacy_guide' ? (
                    <Button className='hp-btn hp-btn--block' data-testid='consent-privacy_guide-grant' disabled={!!busy || undefined} onClick={asyncHandler(() => grant(kind))}>
                      同意新版指引
                    </Button>
                  ) : (
                    <ActionButton
                      className='hp-btn hp-btn--block'
                      data-testid={`consent-${kind}-grant`}
                      loading={busy === kind}
                      disabled={!!busy || undefined}
                      onClick={asyncHandler(() => grant(kind))}
                    >
                      {kind === 'push' ? '重新开启' : '单独同意'}
                    </ActionButton>
                  )}
                </View>
              )}
            </View>
          );
        })}
        <Text className='privacy__foot'>撤回健康信息授权后，我们将停止从区域健康信息平台调取您的健康档案；已查看的记录仍可在「谁查看了我的档案」中查询。</Text>
      </StatusView>

      <ConfirmDialog
        open={!!withdrawing}
        title={withdrawing ? `撤回《${textOf(withdrawing).title}》` : ''}
        content={withdrawing ? `撤回后：${(textOf(withdrawing).stops ?? []).join('；')}。确定撤回吗？` : ''}
        confirmText='撤回'
        danger
        busy={!!withdrawing && busy === withdrawing}
        onConfirm={asyncHandler(() => withdrawing && withdraw(withdrawing))}
        onCancel={() => setWithdrawing(null)}
      />
    </PageShell>
  );
}
