import { Button, Text, View } from '@tarojs/components';
import { ActionButton } from '../ActionButton';
import { useBackCloses } from '../useBackCloses';
import './index.scss';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  content?: string;
  confirmText?: string;
  cancelText?: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal confirmation (Taro.showModal cannot carry test ids and is styled by each platform). */
export function ConfirmDialog(p: ConfirmDialogProps) {
  // Back is 取消 (and waits while the action is busy).
  useBackCloses(p.open, () => (p.busy ? false : p.onCancel()));
  if (!p.open) return null;
  return (
    <View className='hp-dialog' data-testid='confirm-dialog' catchMove>
      <View className='hp-dialog__mask' onClick={p.busy ? undefined : p.onCancel} />
      <View className='hp-dialog__box' role='dialog' aria-modal='true' aria-label={p.title}>
        <Text className='hp-dialog__title'>{p.title}</Text>
        {p.content && <Text className='hp-dialog__content'>{p.content}</Text>}
        <View className='hp-dialog__actions'>
          <Button className='hp-btn hp-btn--ghost hp-dialog__btn' data-testid='confirm-cancel' disabled={p.busy || undefined} onClick={p.onCancel}>
            {p.cancelText ?? '取消'}
          </Button>
          <ActionButton className={`hp-btn hp-dialog__btn ${p.danger ? 'hp-dialog__btn--danger' : ''}`} data-testid='confirm-ok' loading={p.busy} disabled={p.busy || undefined} onClick={p.onConfirm}>
            {p.confirmText ?? '确定'}
          </ActionButton>
        </View>
      </View>
    </View>
  );
}
