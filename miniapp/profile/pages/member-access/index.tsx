import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { useState } from 'react';
import { ActionButton } from '../../../components/ActionButton';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { api, messageOf } from '../../../services/api';
import { familyAccessApi, SCOPE_TEXT, type FamilyAccessScope, type FamilyAccessRequestView } from '../../../services/family-access';
import { ROUTES, withQuery } from '../../../services/routes';
import { getUser } from '../../../services/session';
import { asyncHandler } from '../../../services/ui';
import { navigateTo } from '../../../services/navigate';
import '../family-access/index.scss';
import './index.scss';

const ALL: FamilyAccessScope[] = ['proxy', 'health'];
const STATUS_TEXT: Record<FamilyAccessRequestView['status'], string> = {
  none: '尚未发起授权请求',
  pending: '已发出，等待家人同意',
  approved: '家人已同意',
  declined: '家人拒绝了这次请求',
  revoked: '家人已撤销授权',
};
const invitePath = (code: string) => withQuery(ROUTES.familyAccess, { invite: code });

/**
 * 请家人授权: the requester's side of 家人授权 for one adult member. Choose what to ask for, send it,
 * and pass the invitation on — a share card in WeChat, a link in H5 — to a relative who is not on
 * the app yet; the relative opens it after their own login and verification. The history of
 * requests and answers stays visible here.
 */
export default function MemberAccessPage() {
  const { params } = useRouter();
  const memberId = params?.memberId ?? '';
  const members = useRequest(() => api.members(), []);
  const history = useRequest(() => (memberId ? familyAccessApi.history(memberId) : Promise.resolve({ items: [] })), [memberId]);
  const [scopes, setScopes] = useState<FamilyAccessScope[]>(ALL);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const member = members.data?.items.find((m) => m.id === memberId);
  const latest = history.data?.items[0];
  const status = latest?.status ?? 'none';
  const me = getUser()?.name ?? '家人';

  useShareAppMessage(() => ({
    title: `${me}请您在健康口袋中确认家人授权`,
    path: latest?.inviteCode ? invitePath(latest.inviteCode) : ROUTES.home,
  }));

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await familyAccessApi.request(memberId, scopes);
      await history.reload();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const copyLink = () => latest?.inviteCode && Taro.setClipboardData({ data: `${location.origin}${location.pathname}#${invitePath(latest.inviteCode)}` });
  const toggle = (s: FamilyAccessScope) => setScopes((x) => (x.includes(s) ? x.filter((y) => y !== s) : [...x, s]));

  return (
    <PageShell className='fa ma' testId='member-access-page'>
      <StatusView
        loading={(members.loading && !members.data) || (history.loading && !history.data)}
        error={members.error ?? history.error}
        onRetry={() => void Promise.all([members.reload(), history.reload()])}
      >
        {member && (
          <View>
            <View className='fa__card'>
              <View className='fa__head'>
                <Text className='fa__who'>{member.name}</Text>
                <Text className={`fa__status fa__status--${status === 'none' ? 'pending' : status}`} data-testid='member-access-status'>
                  {STATUS_TEXT[status]}
                </Text>
              </View>
              <Text className='fa__text'>
                {member.name}已成年。为{member.relationLabel === '本人' ? '您' : `其`}代办缴费或查看其健康信息，需要{member.name}本人在健康口袋中同意；预约挂号不需要授权。
              </Text>
              {error && (
                <View className='hp-alert hp-alert--error' role='alert' data-testid='member-access-error'>
                  <Text>{error}</Text>
                </View>
              )}
              {status !== 'pending' && (
                <View className='fa__scopes' role='group' aria-label='请求授权的内容'>
                  {ALL.map((s) => (
                    <View
                      key={s}
                      className={`fa__scope ${scopes.includes(s) ? 'fa__scope--on' : ''}`}
                      role='checkbox'
                      aria-checked={scopes.includes(s) ? 'true' : 'false'}
                      data-testid={`member-access-scope-${s}`}
                      onClick={() => toggle(s)}
                    >
                      <Text className='fa__scope-mark'>{scopes.includes(s) ? '☑' : '☐'}</Text>
                      <View className='fa__scope-body'>
                        <Text className='fa__scope-label'>{SCOPE_TEXT[s].label}</Text>
                        <Text className='fa__scope-detail'>{SCOPE_TEXT[s].detail}</Text>
                      </View>
                    </View>
                  ))}
                </View>
              )}
              {status === 'pending' && latest ? (
                <View className='ma__invite' data-testid='member-access-invite'>
                  <Text className='fa__text'>
                    {`${member.name}如已在使用健康口袋，会收到通知。`}也可以把邀请发给{member.name}，TA 登录并完成实名认证后即可处理。
                  </Text>
                  {process.env.TARO_ENV === 'weapp' ? (
                    <Button className='hp-btn hp-btn--block' openType='share' data-testid='member-access-share'>
                      发送邀请给{member.name}
                    </Button>
                  ) : (
                    <ActionButton className='hp-btn hp-btn--block' data-testid='member-access-copy' onClick={asyncHandler(copyLink)}>
                      复制邀请链接
                    </ActionButton>
                  )}
                  <ActionButton className='hp-btn hp-btn--ghost hp-btn--block' data-testid='member-access-refresh' onClick={() => void history.reload()}>
                    刷新状态
                  </ActionButton>
                </View>
              ) : (
                <ActionButton className='hp-btn hp-btn--block' data-testid='member-access-send' loading={busy} disabled={busy || scopes.length === 0 || undefined} onClick={asyncHandler(send)}>
                  {status === 'none' ? '发起授权请求' : status === 'approved' ? '申请更多授权' : '再次发起授权请求'}
                </ActionButton>
              )}
            </View>
            {!!history.data?.items.length && (
              <View className='fa__card' data-testid='member-access-history'>
                <Text className='fa__who'>授权记录</Text>
                {history.data.items.map((h) => (
                  <Text key={h.id ?? h.requestedAt ?? ''} className='fa__meta ma__row'>
                    {h.requestedAt?.slice(0, 10)} 请求「{h.scopes.map((s) => SCOPE_TEXT[s].label).join('、')}」· {STATUS_TEXT[h.status]}
                    {h.decidedAt ? `（${h.decidedAt.slice(0, 10)}）` : ''}
                  </Text>
                ))}
              </View>
            )}
          </View>
        )}
        {members.data && !member && (
          <View className='hp-status' data-testid='member-access-missing'>
            <Text className='hp-status__text'>没有找到这位家庭成员</Text>
            <ActionButton className='hp-btn hp-status__action' onClick={() => navigateTo({ url: ROUTES.members })}>
              查看家庭成员
            </ActionButton>
          </View>
        )}
      </StatusView>
    </PageShell>
  );
}
