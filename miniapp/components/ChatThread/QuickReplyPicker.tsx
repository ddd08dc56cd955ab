import { Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';

export interface PickerReply {
  id: string;
  title: string;
  text: string;
}

export interface QuickReplyPickerProps {
  items: PickerReply[];
  /** What follows the "/" in the input: narrows the list by title or text. */
  query: string;
  /** The reply's text with its variables filled (the doctor can still edit it before sending). */
  fill: (text: string) => string;
  onPick: (filled: string) => void;
  onClose: () => void;
  testId: string;
}

/**
 * The team's quick replies above the input. Keys while it is open (H5): ↑ ↓ choose, Enter inserts,
 * Esc closes. They are taken in the capture phase so the input does not send on that Enter.
 */
export function QuickReplyPicker({ items, query, fill, onPick, onClose, testId }: QuickReplyPickerProps) {
  const q = query.trim().toLowerCase();
  const shown = q ? items.filter((r) => r.title.toLowerCase().includes(q) || r.text.toLowerCase().includes(q)) : items;
  const [active, setActive] = useState(0);
  const state = useRef({ shown, active });
  state.current = { shown, active: Math.min(active, Math.max(0, shown.length - 1)) };

  useEffect(() => setActive(0), [q]);
  useEffect(() => {
    if (typeof window === 'undefined' || !window.addEventListener) return;
    const onKey = (e: KeyboardEvent) => {
      const { shown: list, active: at } = state.current;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (list.length === 0) return;
        setActive((at + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length);
      } else if (e.key === 'Enter') {
        if (list[at]) onPick(fill(list[at].text));
      } else if (e.key === 'Escape') {
        onClose();
      } else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [fill, onPick, onClose]);

  const at = state.current.active;
  return (
    <View className='chat__picker' data-testid={`${testId}-picker`} role='listbox'>
      <View className='chat__picker-head'>
        <Text>团队快捷回复{q ? `：“${query.trim()}”` : ''}</Text>
        <Text className='chat__picker-keys'>↑↓ 选择 · Enter 插入 · Esc 关闭</Text>
      </View>
      {shown.length === 0 && <Text className='chat__picker-empty'>{items.length === 0 ? '团队还没有快捷回复，可在“设置”中添加' : '没有匹配的快捷回复'}</Text>}
      {shown.map((r, i) => (
        <View
          key={r.id}
          className={`chat__picker-item ${i === at ? 'chat__picker-item--active' : ''}`}
          role='option'
          aria-selected={i === at ? 'true' : 'false'}
          data-testid={`${testId}-picker-item`}
          onClick={() => onPick(fill(r.text))}
        >
          <Text className='chat__picker-title'>{r.title}</Text>
          <Text className='chat__picker-text'>{fill(r.text)}</Text>
        </View>
      ))}
    </View>
  );
}
