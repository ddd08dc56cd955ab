import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { StaffRole, StaffUser } from '@healthpocket/shared-types';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { useSession } from '../../../services/session';
import { openRoute } from '../../../services/navigate';
import { ROUTES } from '../../../services/routes';
import { ROLE_LABELS, STAFF_ROLES, adminApi } from '../../api';
import { UserDetail } from '../../components/UserDetail';
import { UserList } from '../../components/UserList';
import '../../admin.scss';

/**
 * 人员与角色 (admins): search users, see their roles and history, grant and revoke with a reason.
 * A desktop browser gets list | detail side by side; a phone shows one at a time.
 */
export default function AdminHome() {
  const { user } = useSession();
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const [role, setRole] = useState<StaffRole | undefined>(undefined);
  const [selected, setSelected] = useState<StaffUser | null>(null);
  const isAdmin = !!user?.roles.includes('admin');
  const list = useRequest(() => (isAdmin ? adminApi.users(q, role) : Promise.resolve({ items: [] })), [q, role, isAdmin]);
  const items = list.data?.items ?? [];

  if (!isAdmin) {
    return (
      <PageShell testId='admin-home'>
        <View className='hp-alert hp-alert--warn adm-gap'>此页面仅供系统管理员使用。</View>
      </PageShell>
    );
  }

  const changed = (u: StaffUser) => {
    setSelected(u);
    void list.reload();
  };

  return (
    <PageShell className='adm' testId='admin-home'>
      <View className={`adm-wrap ${selected ? 'adm-wrap--selected' : ''}`}>
        <View className='adm-list'>
          <View className='adm-title-row'>
            <Text className='adm-title'>人员与角色</Text>
            <Button className='hp-btn hp-btn--plain hp-btn--small' data-testid='admin-link-audit' onClick={() => openRoute(ROUTES.adminAudit)}>
              安全审计
            </Button>
          </View>
          <View className='adm-search'>
            <Input
              className='hp-field__input adm-input'
              data-testid='admin-search'
              placeholder='姓名、openid 或医生人员编号'
              value={input}
              confirmType='search'
              onInput={(e) => setInput(e.detail.value)}
              onConfirm={() => setQ(input.trim())}
            />
            <Button className='hp-btn adm-search__btn' data-testid='admin-search-submit' onClick={() => setQ(input.trim())}>
              搜索
            </Button>
          </View>
          <View className='hp-chips adm-filters'>
            {[undefined, ...STAFF_ROLES].map((r) => (
              <View
                role='button'
                aria-pressed={role === r ? 'true' : 'false'}
                key={r ?? 'all'}
                className={`hp-chip ${role === r ? 'hp-chip--active' : ''}`}
                data-testid={`admin-filter-${r ?? 'all'}`}
                onClick={() => setRole(r)}
              >
                {r ? ROLE_LABELS[r] : q ? '全部' : '全部人员'}
              </View>
            ))}
          </View>
          <Text className='adm-hint'>{q ? `“${q}”的搜索结果` : '未搜索时列出所有拥有工作人员角色的账号'}</Text>
          <StatusView loading={list.loading && !list.data} error={list.error} onRetry={() => void list.reload()} empty={!items.length} emptyText={q ? '没有找到匹配的用户' : '还没有工作人员账号'}>
            <UserList users={items} selectedId={selected?.id ?? null} onSelect={setSelected} />
          </StatusView>
        </View>
        <View className='adm-main'>
          {selected ? (
            <>
              <Button className='hp-btn hp-btn--plain hp-btn--small adm-back' data-testid='admin-back' onClick={() => setSelected(null)}>
                ‹ 返回列表
              </Button>
              <UserDetail key={selected.id} user={selected} selfId={user?.id ?? null} onChanged={changed} />
            </>
          ) : (
            <View className='adm-placeholder' data-testid='admin-placeholder'>
              <Text>在左侧选择一位用户，查看和调整其角色</Text>
            </View>
          )}
        </View>
      </View>
    </PageShell>
  );
}
