import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { H5Header } from '../H5Header';
import { PrivacyGuide } from '../PrivacyGuide';
import { SandboxCashier } from '../SandboxCashier';
import { LARGE_FONT_CLASS, useLargeFont } from '../LargeFont';
import './index.scss';

export interface PageShellProps {
  children?: ReactNode;
  /** A bar fixed at the bottom (the page's main action). */
  footer?: ReactNode;
  className?: string;
  testId?: string;
  /** Show the privacy guide on the first page of a launch when it was not agreed to. */
  privacyPrompt?: boolean;
}

/** The frame of every page: the H5 header, background, safe-area padding, the privacy guide, a footer bar. */
export function PageShell({ children, footer, className, testId, privacyPrompt = true }: PageShellProps) {
  const [largeFont] = useLargeFont();
  return (
    <View className={`hp-page ${footer ? 'hp-page--with-footer' : ''} ${largeFont ? LARGE_FONT_CLASS : ''} ${className ?? ''}`} data-testid={testId}>
      {/* H5 only: title and 返回 (the weapp has its native navigation bar). */}
      <H5Header />
      {children}
      {footer && <View className='hp-page__footer'>{footer}</View>}
      <PrivacyGuide autoPrompt={privacyPrompt} />
      {/* payOrder()'s sheets (H5 cashier, 支付结果确认中), available on every page. */}
      <SandboxCashier />
    </View>
  );
}
