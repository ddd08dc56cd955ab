import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { StaffDirectoryEntry } from '@healthpocket/shared-types';
import { StatusView } from '../../components/StatusView';
import { useRequest } from '../../components/useRequest';
import { adminApi } from '../api';

/**
 * Picks a doctor from the platform's staff directory (卫生人员目录): the doctorId is never typed,
 * only chosen. Staff who left are shown but cannot be picked.
 */
export function DirectoryPicker({ value, onPick }: { value: StaffDirectoryEntry | null; onPick: (e: StaffDirectoryEntry) => void }) {
  const [q, setQ] = useState('');
  const list = useRequest(() => adminApi.directory(q.trim()), [q]);
  const items = list.data?.items ?? [];
  return (
    <View className='adm-dir' data-testid='admin-directory'>
      <Input className='hp-field__input adm-input' data-testid='admin-directory-search' placeholder='按姓名或人员编号查找' value={q} onInput={(e) => setQ(e.detail.value)} />
      <StatusView loading={list.loading && !list.data} error={list.error} onRetry={() => void list.reload()} empty={!items.length} emptyText='卫生人员目录中没有找到此人'>
        <View className='adm-dir__list'>
          {items.map((e) => (
            <View
              role='button'
              key={e.id}
              className={`adm-dir__item ${value?.id === e.id ? 'adm-dir__item--active' : ''} ${e.active ? '' : 'adm-dir__item--inactive'}`}
              data-testid={`admin-directory-${e.id}`}
              onClick={() => e.active && onPick(e)}
            >
              <Text className='adm-dir__name'>{e.name}</Text>
              <Text className='adm-dir__meta'>
                {e.id} · {e.role} · {e.title} · {e.hospitalName}
                {e.active ? '' : ' · 已停用'}
              </Text>
            </View>
          ))}
        </View>
      </StatusView>
    </View>
  );
}
