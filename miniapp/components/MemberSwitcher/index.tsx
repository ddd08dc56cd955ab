import { ScrollView, Text, View } from '@tarojs/components';
import { useEffect } from 'react';
import { api } from '../../services/api';
import { ROUTES } from '../../services/routes';
import type { MemberView } from '../../services/shared';
import { StatusView } from '../StatusView';
import { NoMemberYet } from '../NextStep';
import { useRequest } from '../useRequest';
import { navigateTo } from '../../services/navigate';
import './index.scss';

export interface MemberSwitcherProps {
  /** The chosen member's id; undefined picks the first member (本人 once real-name is done). */
  value?: string;
  onChange: (member: MemberView) => void;
  /** Supply the list when the page already has it; otherwise the switcher loads it. */
  members?: MemberView[];
  /** Show a "+ 添加" chip that opens the member form. */
  allowAdd?: boolean;
  /** Called once the list is known to be empty (an account without verification has no 本人 yet). */
  onNone?: () => void;
}

/** Choose whose records/bookings/vaccines a page shows: 本人 or a family member. */
export function MemberSwitcher({ value, onChange, members, allowAdd = true, onNone }: MemberSwitcherProps) {
  const req = useRequest(() => (members ? Promise.resolve({ items: members, max: 5 }) : api.members()), [members]);
  const items = req.data?.items ?? [];
  const selected = value ?? items[0]?.id;

  useEffect(() => {
    if (value === undefined && items[0]) onChange(items[0]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, items[0]?.id]);
  const none = !!req.data && items.length === 0;
  useEffect(() => {
    if (none) onNone?.();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [none]);
  if (none) return <NoMemberYet />;

  return (
    <View className='hp-switcher' data-testid='member-switcher'>
      <StatusView loading={req.loading && !req.data} error={req.error} onRetry={() => void req.reload()}>
        <ScrollView scrollX className='hp-switcher__scroll' enhanced showScrollbar={false}>
          <View className='hp-switcher__row'>
            {items.map((m) => (
              <View
                role='button'
                key={m.id}
                className={`hp-switcher__chip ${m.id === selected ? 'hp-switcher__chip--active' : ''}`}
                data-testid={`member-switch-${m.id}`}
                aria-pressed={m.id === selected ? 'true' : 'false'}
                onClick={() => onChange(m)}
              >
                <Text className='hp-switcher__name'>{m.name}</Text>
                <Text className='hp-switcher__rel'>{m.relationLabel}</Text>
              </View>
            ))}
            {allowAdd && (
              <View role='button' className='hp-switcher__chip hp-switcher__chip--add' data-testid='member-switch-add' onClick={() => navigateTo({ url: ROUTES.memberEdit })}>
                <Text className='hp-switcher__name'>＋ 添加</Text>
              </View>
            )}
          </View>
        </ScrollView>
      </StatusView>
    </View>
  );
}
