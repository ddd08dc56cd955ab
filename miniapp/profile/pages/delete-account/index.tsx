import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { ActionButton } from '../../../components/ActionButton';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { accountApi, type DeletionResult } from '../../../services/account-api';
import { DELETION_CONFIRM_TEXT } from '../../../services/consent-texts';
import { forgetPrivacyAgreement } from '../../../services/privacy';
import { ROUTES } from '../../../services/routes';
import { endLocalSession } from '../../../services/session';
import { asyncHandler } from '../../../services/ui';
import { reLaunch } from '../../../services/navigate';
import './index.scss';

type InputEvent = { detail: { value: string } };

/** The China date of an instant: 2029-12-02T20:00:00Z → 2029-12-03. */
function chinaDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

/** 0.5 → 6个月, 3 → 3年. */
function period(years: number): string {
  return years < 1 ? `${Math.round(years * 12)}个月` : `${years}年`;
}

/**
 * 注销账号: what is deleted, what law requires us to keep and for how long, then a typed
 * confirmation. After it the session is gone everywhere; the page says what happened.
 */
export default function DeleteAccountPage() {
  const plan = useRequest(() => accountApi.deletionPlan(), []);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<DeletionResult | null>(null);
  const matches = typed.trim() === DELETION_CONFIRM_TEXT;
  const blockers = plan.data?.blockers ?? [];

  const submit = async () => {
    if (!matches) return;
    setBusy(true);
    setError(null);
    try {
      const result = await accountApi.deleteAccount(typed.trim());
      // Every login has ended at the BFF; forget the tokens and the privacy agreement here too.
      endLocalSession();
      forgetPrivacyAgreement();
      setDone(result);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <PageShell className='delacct' testId='delete-account-done'>
        <View className='delacct__card'>
          <Text className='delacct__title'>账号已注销</Text>
          <Text className='delacct__text'>所有设备上的登录已失效，以下信息已删除：</Text>
          {done.deleted.map((d) => (
            <Text key={d} className='delacct__item'>
              · {d}
            </Text>
          ))}
        </View>
        <View className='delacct__card' data-testid='delete-account-kept'>
          <Text className='delacct__title'>依法保留的记录</Text>
          <Text className='delacct__text'>以下记录已与账号分开，以保留编号 {done.retentionId} 保存，到期后删除：</Text>
          {done.kept.map((k) => (
            <View key={k.key} className='delacct__kept'>
              <Text className='delacct__item'>· {k.what}</Text>
              <Text className='delacct__basis'>
                保留至 {chinaDate(k.retainUntil)}（{k.basis}）
              </Text>
            </View>
          ))}
        </View>
        <View className='delacct__actions'>
          <ActionButton className='hp-btn hp-btn--block' data-testid='delete-account-finish' onClick={() => reLaunch({ url: ROUTES.home })}>
            完成
          </ActionButton>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell className='delacct' testId='delete-account-page'>
      <StatusView loading={plan.loading && !plan.data} error={plan.error} onRetry={() => void plan.reload()}>
        {plan.data && (
          <>
            <View className='delacct__card' data-testid='delete-account-deleted'>
              <Text className='delacct__title'>注销后将删除</Text>
              {plan.data.deleted.map((d) => (
                <Text key={d} className='delacct__item'>
                  · {d}
                </Text>
              ))}
            </View>
            <View className='delacct__card' data-testid='delete-account-keeps'>
              <Text className='delacct__title'>依法保留（与账号分开保存）</Text>
              {plan.data.kept.map((k) => (
                <View key={k.key} className='delacct__kept'>
                  <Text className='delacct__item'>
                    · {k.what}：保留{period(k.years)}
                  </Text>
                  <Text className='delacct__basis'>{k.basis}</Text>
                </View>
              ))}
              <Text className='delacct__text'>注销不能撤销。如需保留一份自己的数据，请先在「我的数据与账号」中导出。</Text>
            </View>
            {blockers.length > 0 && (
              <View className='hp-alert hp-alert--warn delacct__blockers' data-testid='delete-account-blockers' role='alert'>
                {blockers.map((b) => (
                  <Text key={b.code} className='delacct__item'>
                    {b.message}
                  </Text>
                ))}
              </View>
            )}
            <View className='delacct__card'>
              <Text className='delacct__title'>确认注销</Text>
              <Text className='delacct__text'>请输入「{DELETION_CONFIRM_TEXT}」四个字：</Text>
              <View className='hp-field'>
                <Input
                  className='hp-field__input'
                  data-testid='delete-account-input'
                  placeholder={DELETION_CONFIRM_TEXT}
                  value={typed}
                  maxlength={16}
                  onInput={(e: InputEvent) => setTyped(e.detail.value)}
                />
              </View>
              {error && (
                <View className='hp-alert hp-alert--error' data-testid='delete-account-error' role='alert'>
                  <Text>{error}</Text>
                </View>
              )}
              <ActionButton
                className='hp-btn hp-btn--danger hp-btn--block delacct__btn'
                data-testid='delete-account-submit'
                loading={busy}
                disabled={!matches || busy || blockers.length > 0 || undefined}
                onClick={asyncHandler(submit)}
              >
                注销账号
              </ActionButton>
            </View>
          </>
        )}
      </StatusView>
    </PageShell>
  );
}
