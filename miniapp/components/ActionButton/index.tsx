import { Button, View } from '@tarojs/components';
import type { ButtonProps } from '@tarojs/components';
import type { ReactNode } from 'react';

export interface ActionButtonProps extends Omit<ButtonProps, 'loading'> {
  loading?: boolean;
  children?: ReactNode;
  'data-testid'?: string;
}

/**
 * A Button whose busy state is our own spinner. Taro's `loading` prop makes the H5 button
 * (a Stencil element) insert its icon among React's children, which throws on the next update.
 */
export function ActionButton({ loading, children, className, ...rest }: ActionButtonProps) {
  return (
    <Button {...rest} className={`${className ?? ''} ${loading ? 'hp-btn--busy' : ''}`} aria-busy={loading || undefined}>
      {loading && <View className='hp-btn__spinner' />}
      {children}
    </Button>
  );
}
