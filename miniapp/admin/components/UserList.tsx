import { Text, View } from '@tarojs/components';
import type { StaffUser } from '@healthpocket/shared-types';
import { ROLE_LABELS } from '../api';

/** The search results: masked name, openid and role tags; the selected one is highlighted. */
export function UserList({ users, selectedId, onSelect }: { users: StaffUser[]; selectedId: string | null; onSelect: (u: StaffUser) => void }) {
  return (
    <View className='adm-users' data-testid='admin-users'>
      {users.map((u) => (
        <View role='button' key={u.id} className={`adm-user ${u.id === selectedId ? 'adm-user--active' : ''}`} data-testid={`admin-user-${u.id}`} onClick={() => onSelect(u)}>
          <View className='adm-user__main'>
            <Text className='adm-user__name'>{u.nameMasked ?? '未实名用户'}</Text>
            <Text className='adm-user__openid'>{u.openid}</Text>
          </View>
          <View className='adm-tags'>
            {u.roles
              .filter((r) => r !== 'resident')
              .map((r) => (
                <Text key={r} className={`adm-tag adm-tag--${r}`}>
                  {ROLE_LABELS[r]}
                </Text>
              ))}
            {u.roles.every((r) => r === 'resident') && <Text className='adm-tag'>居民</Text>}
          </View>
        </View>
      ))}
    </View>
  );
}
