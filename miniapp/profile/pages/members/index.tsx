import { Button, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { Tag } from '@nutui/nutui-react-taro';
import { asyncHandler, showToast } from '../../../services/ui';
import { navigateTo } from '../../../services/navigate';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';
import { useRef, useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { api, messageOf } from '../../../services/api';
import { MAX_FAMILY_MEMBERS } from '../../../services/consent-texts';
import { ROUTES, withQuery } from '../../../services/routes';
import { useSession } from '../../../services/session';
import type { MemberView } from '../../../services/shared';
import './index.scss';

export default function MembersPage() {
  const { user } = useSession();
  const list = useRequest(() => api.members(), []);
  const [deleting, setDeleting] = useState<MemberView | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const firstShow = useRef(true);

  // Coming back from the member form: show what it saved.
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else void list.reload();
  });

  const items = list.data?.items ?? [];
  const max = list.data?.max ?? MAX_FAMILY_MEMBERS;
  const others = items.filter((m) => m.relation !== 'self').length;
  const full = others >= max;

  const confirmDelete = async () => {
    if (!deleting) return;
    setBusy(true);
    setActionError(null);
    try {
      await api.deleteMember(deleting.id);
      list.setData({ items: items.filter((m) => m.id !== deleting.id), max });
      showToast({ title: '已删除', icon: 'success' });
    } catch (e) {
      setActionError(messageOf(e));
    } finally {
      setBusy(false);
      setDeleting(null);
    }
  };

  return (
    <PageShell
      className='members'
      testId='members-page'
      footer={
        <View>
          {full && (
            <Text className='members__full' data-testid='members-full-note'>
              最多可添加{max}位家庭成员（不含本人），如需添加请先删除不再需要的成员
            </Text>
          )}
          <Button
            className={`hp-btn hp-btn--block ${full ? 'hp-btn--disabled' : ''}`}
            data-testid='member-add'
            disabled={full || list.loading || undefined}
            onClick={() => !full && navigateTo({ url: ROUTES.memberEdit })}
          >
            添加家庭成员（{others}/{max}）
          </Button>
        </View>
      }
    >
      {user && !user.realNameVerified && (
        <View role='button' className='hp-alert hp-alert--warn members__tip' onClick={() => navigateTo({ url: ROUTES.realName })}>
          <Text>完成实名认证后，本人将显示在列表首位。去认证 ›</Text>
        </View>
      )}
      {actionError && (
        <View className='hp-alert hp-alert--error' data-testid='members-error' role='alert'>
          <Text>{actionError}</Text>
        </View>
      )}
      <StatusView loading={list.loading && !list.data} error={list.error} onRetry={() => void list.reload()} empty={items.length === 0} emptyText='还没有添加家庭成员'>
        <View className='members__list' data-testid='members-list'>
          {items.map((m) => (
            <View key={m.id} className='members__item' data-testid='member-item' data-member-id={m.id}>
              <View className='members__avatar'>
                <Text>{m.name.slice(0, 1)}</Text>
              </View>
              <View className='members__main'>
                <View className='members__line'>
                  <Text className='members__name'>{m.name}</Text>
                  <Tag className={`members__tag ${m.relation === 'self' ? 'members__tag--self' : ''}`}>{m.relationLabel}</Tag>
                </View>
                <Text className='members__meta'>{m.idNumberMasked ? `身份证 ${m.idNumberMasked}` : `出生日期 ${m.birthDate}（未登记身份证）`}</Text>
                <Text className='members__meta'>
                  {m.sex === 'male' ? '男' : '女'} · {m.age}岁{m.phoneMasked ? ` · ${m.phoneMasked}` : ''}
                </Text>
              </View>
              {m.relation !== 'self' && (
                <View className='members__actions'>
                  {m.age >= 18 && (
                    <Button
                      className='hp-btn hp-btn--plain hp-btn--small'
                      data-testid={`member-access-${m.id}`}
                      onClick={() => navigateTo({ url: withQuery(ROUTES.memberAccess, { memberId: m.id }) })}
                    >
                      授权
                    </Button>
                  )}
                  <Button className='hp-btn hp-btn--plain hp-btn--small' data-testid={`member-edit-${m.id}`} onClick={() => navigateTo({ url: withQuery(ROUTES.memberEdit, { id: m.id }) })}>
                    编辑
                  </Button>
                  <Button className='hp-btn hp-btn--danger hp-btn--small' data-testid={`member-delete-${m.id}`} onClick={() => setDeleting(m)}>
                    删除
                  </Button>
                </View>
              )}
            </View>
          ))}
        </View>
      </StatusView>

      <ConfirmDialog
        open={!!deleting}
        title='删除家庭成员'
        content={deleting ? `确定删除「${deleting.name}」吗？删除后将无法为其预约挂号或查看档案。` : ''}
        confirmText='删除'
        danger
        busy={busy}
        onConfirm={asyncHandler(confirmDelete)}
        onCancel={() => setDeleting(null)}
      />
    </PageShell>
  );
}
