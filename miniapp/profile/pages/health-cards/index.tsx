import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ActionButton } from '../../../components/ActionButton';
import { PageShell } from '../../../components/PageShell';
import { QrCode } from '../../../components/QrCode';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { ApiError, messageOf } from '../../../services/api';
import { healthCardApi, type HealthCardMember } from '../../../services/health-cards';
import { openRoute } from '../../../services/navigate';
import { ROUTES, withQuery } from '../../../services/routes';
import { PhonePrompt } from './PhonePrompt';
import { useDynamicQr } from './use-dynamic-qr';
import { asyncHandler, showToast } from '../../../services/ui';
import './index.scss';

const STATUS_LABELS: Record<HealthCardMember['status'], string> = {
  issued: '已领卡',
  can_issue: '未领卡',
  needs_real_name: '需实名',
  needs_id_number: '需补充证件',
  needs_authorization: '需家人授权',
  needs_guardianship: '需核对监护关系',
};

/**
 * 我的 → 我的健康卡: each family member's 电子健康卡. An issued card shows its dynamic QR code,
 * large and black on white, fetched again before it expires; the card number is masked.
 */
export default function HealthCardsPage() {
  const list = useRequest(() => healthCardApi.list(), []);
  const [selected, setSelected] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const firstShow = useRef(true);

  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else void list.reload();
  });

  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  useEffect(() => {
    if (!items.length || items.some((i) => i.memberId === selected)) return;
    setSelected((items.find((i) => i.status === 'issued') ?? items[0]).memberId);
  }, [items, selected]);

  const member = items.find((i) => i.memberId === selected) ?? null;
  const { qr, error: qrError, secondsLeft, reload: reloadQr } = useDynamicQr(member?.status === 'issued' ? member.memberId : null);

  const register = async (m: HealthCardMember, phoneCode?: string) => {
    setBusy(true);
    setError(null);
    try {
      const issued = await healthCardApi.register(m.memberId, phoneCode);
      // An authorized phone is kept on the account: no other member needs it asked again.
      list.setData(list.data && { ...list.data, items: list.data.items.map((i) => (i.memberId === issued.memberId ? issued : phoneCode ? { ...i, needsPhone: false } : i)) });
      showToast({ title: '健康卡已领取', icon: 'none' });
    } catch (e) {
      // No phone on file after all (the list was older): ask for the WeChat phone.
      if (e instanceof ApiError && e.code === 'HEALTH_CARD_PHONE_REQUIRED') {
        list.setData(list.data && { ...list.data, items: list.data.items.map((i) => (i.memberId === m.memberId ? { ...i, needsPhone: true } : i)) });
      }
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (list.data && !list.data.realNameVerified) {
    return (
      <PageShell className='hc' testId='health-cards-page'>
        <View className='hc__gate' data-testid='health-cards-realname'>
          <Text className='hc__gate-title'>请先完成实名认证</Text>
          <Text className='hc__gate-text'>电子健康卡凭本人身份信息申领，实名认证后可为自己和家人领卡，在医院窗口扫码就诊。</Text>
          <ActionButton className='hp-btn hp-btn--block' data-testid='health-cards-go-realname' onClick={() => openRoute(ROUTES.realName)}>
            去实名认证
          </ActionButton>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell className='hc' testId='health-cards-page'>
      <StatusView loading={list.loading && !list.data} error={list.error} onRetry={() => void list.reload()} empty={!!list.data && items.length === 0} emptyText='还没有家庭成员'>
        <View className='hc__tabs' role='tablist'>
          {items.map((i) => (
            <View
              key={i.memberId}
              role='tab'
              aria-selected={i.memberId === selected ? 'true' : 'false'}
              className={`hc__tab ${i.memberId === selected ? 'hc__tab--on' : ''}`}
              data-testid={`health-card-tab-${i.memberId}`}
              onClick={() => setSelected(i.memberId)}
            >
              <Text className='hc__tab-name'>{i.name}</Text>
              <Text className='hc__tab-status'>{STATUS_LABELS[i.status]}</Text>
            </View>
          ))}
        </View>

        {error && (
          <View className='hp-alert hp-alert--error hc__alert' data-testid='health-cards-error' role='alert'>
            <Text>{error}</Text>
          </View>
        )}

        {member && (
          <View className='hc__card' data-testid={`health-card-${member.memberId}`}>
            <View className='hc__head'>
              <Text className='hc__name'>{member.name}</Text>
              <Text className='hc__relation'>{member.relationLabel}</Text>
            </View>

            {member.status === 'issued' && member.card && (
              <View className='hc__show'>
                <Text className='hc__cardno' data-testid='health-card-no'>
                  卡号 {member.card.cardNoMasked}
                </Text>
                <View className='hc__qr'>
                  {qr && qr.memberId === member.memberId ? (
                    <QrCode text={qr.qrCodeText} size={300} />
                  ) : qrError ? (
                    <View className='hc__qr-error' data-testid='health-card-qr-error'>
                      <Text>{messageOf(qrError)}</Text>
                      <ActionButton className='hp-btn hp-btn--ghost' data-testid='health-card-qr-retry' onClick={() => void reloadQr()}>
                        重试
                      </ActionButton>
                    </View>
                  ) : (
                    <Text className='hc__qr-loading'>二维码加载中…</Text>
                  )}
                </View>
                {qr && secondsLeft !== null && (
                  <Text className='hc__countdown' data-testid='health-card-countdown'>
                    {secondsLeft} 秒后自动刷新
                  </Text>
                )}
                <Text className='hc__hint'>就诊时请向医院窗口或自助机出示此二维码。二维码约每分钟更新，截图会失效。</Text>
              </View>
            )}

            {member.status === 'can_issue' && member.needsPhone && (
              <View className='hc__todo'>
                <PhonePrompt busy={busy} onCode={(code) => register(member, code)} />
              </View>
            )}

            {member.status === 'can_issue' && !member.needsPhone && (
              <View className='hc__todo'>
                <Text className='hc__todo-text'>还没有电子健康卡，领取后可在医院扫码挂号、就诊、缴费。</Text>
                <ActionButton className='hp-btn hp-btn--block' data-testid='health-card-register' loading={busy} disabled={busy || undefined} onClick={asyncHandler(() => register(member))}>
                  申领电子健康卡
                </ActionButton>
              </View>
            )}

            {(member.status === 'needs_authorization' || member.status === 'needs_guardianship') && (
              <View className='hc__todo'>
                <Text className='hc__todo-text'>{member.nextStep}</Text>
                <ActionButton
                  className='hp-btn hp-btn--ghost hp-btn--block'
                  data-testid='health-card-next-step'
                  onClick={() =>
                    openRoute(member.status === 'needs_authorization' ? withQuery(ROUTES.memberAccess, { memberId: member.memberId }) : withQuery(ROUTES.memberEdit, { id: member.memberId }))
                  }
                >
                  {member.status === 'needs_authorization' ? '请家人授权' : '核对成员信息'}
                </ActionButton>
              </View>
            )}

            {member.status === 'needs_id_number' && (
              <View className='hc__todo'>
                <Text className='hc__todo-text'>{member.nextStep}</Text>
                <ActionButton className='hp-btn hp-btn--ghost hp-btn--block' data-testid='health-card-go-members' onClick={() => openRoute(ROUTES.members)}>
                  去补充身份证号
                </ActionButton>
              </View>
            )}
          </View>
        )}
      </StatusView>
    </PageShell>
  );
}
