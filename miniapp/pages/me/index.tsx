import { Button, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageShell } from '../../components/PageShell';
import { useLargeFont } from '../../components/LargeFont';
import { openRoute, navigateTo } from '../../services/navigate';
import { ROUTES } from '../../services/routes';
import { familyAccessApi } from '../../services/family-access';
import { badgeText, useUnreadCount } from '../../services/unread';
import { isLoggedIn, logout, reloadUser, useSession } from '../../services/session';
import { asyncHandler, showToast } from '../../services/ui';
import './index.scss';

const LINKS = [
  { key: 'real-name', label: '实名认证', route: ROUTES.realName },
  { key: 'health-cards', label: '我的健康卡', route: ROUTES.healthCards },
  { key: 'members', label: '家庭成员 / 就诊人', route: ROUTES.members },
  { key: 'privacy', label: '隐私与授权', route: ROUTES.privacy },
  { key: 'family-access', label: '家人授权', route: ROUTES.familyAccess },
  { key: 'my-data', label: '导出我的数据 / 注销账号', route: ROUTES.myData },
] as const;

/** Shown to staff only (the roles come with the login). */
const STAFF_LINKS = [{ key: 'workbench', label: '医生工作台', route: ROUTES.workbench, role: 'doctor' }] as const;

export default function MePage() {
  const { user, loggedIn } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [largeFont, setLargeFont] = useLargeFont();
  const isOperator = !!user?.roles.some((r) => r === 'operator' || r === 'reviewer' || r === 'admin');

  /** Requests from relatives waiting for my answer (家人授权), shown on the entry. */
  const [pending, setPending] = useState(0);
  /** 消息中心 unread (also on the 我的 tab). */
  const unread = useUnreadCount();
  useDidShow(() => {
    if (!isLoggedIn()) return;
    reloadUser().catch(() => undefined);
    familyAccessApi.incoming().then(
      (r) => setPending(r.pending),
      () => setPending(0),
    );
  });

  const open = (route: string) => (loggedIn ? openRoute(route) : navigateTo({ url: ROUTES.login }));

  const doLogout = async () => {
    setBusy(true);
    await logout();
    setBusy(false);
    setConfirming(false);
    showToast({ title: '已退出登录', icon: 'none' });
  };

  return (
    <PageShell className='me' testId='me-page'>
      <View className='me__card'>
        {loggedIn && user ? (
          <View className='me__user'>
            <View className='me__avatar'>
              <Text>{(user.name ?? '居').slice(0, 1)}</Text>
            </View>
            <View className='me__info'>
              <View className='me__line'>
                <Text className='me__name' data-testid='me-name'>
                  {user.name ?? '未实名用户'}
                </Text>
                <Text className={`me__tag ${user.realNameVerified ? 'me__tag--ok' : 'me__tag--todo'}`} data-testid='me-realname-status'>
                  {user.realNameVerified ? '已实名' : '未实名'}
                </Text>
              </View>
              {user.idNumberMasked && (
                <Text className='me__meta' data-testid='me-id-masked'>
                  身份证 {user.idNumberMasked}
                </Text>
              )}
              {user.phoneMasked && (
                <Text className='me__meta' data-testid='me-phone-masked'>
                  手机号 {user.phoneMasked}
                </Text>
              )}
            </View>
          </View>
        ) : (
          <View role='button' className='me__user' data-testid='me-login' onClick={() => navigateTo({ url: ROUTES.login })}>
            <View className='me__avatar me__avatar--empty'>
              <Text>?</Text>
            </View>
            <View className='me__info'>
              <Text className='me__name'>点击登录</Text>
              <Text className='me__meta'>登录后管理实名信息与家庭成员</Text>
            </View>
          </View>
        )}
      </View>

      <View className='me__list'>
        <View role='button' className='me__item' data-testid='me-link-messages' onClick={() => open(ROUTES.messages)}>
          <Text className='me__item-label'>消息中心</Text>
          {loggedIn && unread > 0 && (
            <Text className='me__badge' data-testid='me-messages-unread' aria-label={`${unread}条未读消息`}>
              {badgeText(unread)}
            </Text>
          )}
          <Text className='me__arrow'>›</Text>
        </View>
        {STAFF_LINKS.filter((l) => user?.roles.includes(l.role)).map((l) => (
          <View role='button' key={l.key} className='me__item' data-testid={`me-link-${l.key}`} onClick={() => open(l.route)}>
            <Text className='me__item-label'>{l.label}</Text>
            <Text className='me__arrow'>›</Text>
          </View>
        ))}
        {LINKS.map((l) => (
          <View role='button' key={l.key} className='me__item' data-testid={`me-link-${l.key}`} onClick={() => open(l.route)}>
            <Text className='me__item-label'>{l.label}</Text>
            {l.key === 'real-name' && user && <Text className='me__item-extra'>{user.realNameVerified ? '已完成' : user.identity?.state === 'claimed' ? '待认证' : '去认证'}</Text>}
            {l.key === 'family-access' && pending > 0 && (
              <Text className='me__badge' data-testid='me-family-access-pending' aria-label={`${pending}个待处理的家人授权请求`}>
                {pending}个待处理
              </Text>
            )}
            <Text className='me__arrow'>›</Text>
          </View>
        ))}
        {loggedIn && isOperator && (
          <View role='button' className='me__item' data-testid='me-link-console' onClick={() => open(ROUTES.console)}>
            <Text className='me__item-label'>健康教育运营台</Text>
            <Text className='me__arrow'>›</Text>
          </View>
        )}
        {loggedIn && user?.roles.includes('admin') && (
          <View role='button' className='me__item' data-testid='me-link-admin' onClick={() => open(ROUTES.admin)}>
            <Text className='me__item-label'>人员与角色</Text>
            <Text className='me__arrow'>›</Text>
          </View>
        )}
        <View role='switch' aria-checked={largeFont ? 'true' : 'false'} className='me__item' data-testid='me-large-font' onClick={() => setLargeFont(!largeFont)}>
          <Text className='me__item-label'>长辈模式（大字、大按钮）</Text>
          <Text className='me__item-extra' data-testid='me-large-font-state'>
            {largeFont ? '已开启' : '已关闭'}
          </Text>
          <Text className='me__arrow'>›</Text>
        </View>
      </View>

      {loggedIn && (
        <View className='me__logout'>
          <Button className='hp-btn hp-btn--danger hp-btn--block' data-testid='me-logout' onClick={() => setConfirming(true)}>
            退出登录
          </Button>
        </View>
      )}

      <ConfirmDialog
        open={confirming}
        title='退出登录'
        content='退出后需要重新登录才能查看您的健康服务。'
        confirmText='退出'
        danger
        busy={busy}
        onConfirm={asyncHandler(doLogout)}
        onCancel={() => setConfirming(false)}
      />
    </PageShell>
  );
}
