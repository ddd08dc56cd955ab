import { Button, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { ApiError, messageOf } from '../../services/api';
import { NextStep, nextStepOf } from '../NextStep';
import './index.scss';

export interface StatusViewProps {
  loading?: boolean;
  error?: unknown;
  /** Shown instead of children when true and there is no error. */
  empty?: boolean;
  emptyText?: string;
  emptyAction?: ReactNode;
  onRetry?: () => void;
  children?: ReactNode;
  /** Keeps children on screen while reloading (no spinner flash after the first load). */
  keepChildren?: boolean;
}

/** Loading / error (with 重试) / empty states, or the content. */
export function StatusView(props: StatusViewProps) {
  const { loading, error, empty, emptyText = '暂无内容', emptyAction, onRetry, children, keepChildren } = props;
  // A refusal the resident can act on (verify, ask a relative) leads there instead of 重试.
  if (error && nextStepOf(error)) return <NextStep error={error as ApiError} />;
  if (error) {
    return (
      <View className='hp-status hp-status--error' data-testid='status-error'>
        <Text className='hp-status__icon'>!</Text>
        <Text className='hp-status__text'>{messageOf(error)}</Text>
        {onRetry && (
          <Button className='hp-btn hp-btn--ghost hp-status__action' data-testid='status-retry' onClick={onRetry}>
            重试
          </Button>
        )}
      </View>
    );
  }
  if (loading && !keepChildren) {
    return (
      <View className='hp-status' data-testid='status-loading'>
        <View className='hp-status__spinner' />
        <Text className='hp-status__text'>加载中…</Text>
      </View>
    );
  }
  if (empty) {
    return (
      <View className='hp-status' data-testid='status-empty'>
        <Text className='hp-status__text'>{emptyText}</Text>
        {emptyAction}
      </View>
    );
  }
  return <>{children}</>;
}
