import { Button, Text, View } from '@tarojs/components';
import { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { useBackCloses } from '../useBackCloses';
import { paySheetState, subscribePaySheet, type PaySheetState } from './store';
import './index.scss';

const formatFen = (fen: number) => (fen / 100).toFixed(2);

/**
 * The sandbox cashier (H5 only: WeChat's payment sheet does not exist there) and the
 * "支付结果确认中" overlay shown while the app waits for the BFF to see the payment.
 */
export function SandboxCashier() {
  const [s, setS] = useState<PaySheetState>(paySheetState());
  // Every page's shell mounts one; only the page on top shows the sheet (hidden pages stay mounted).
  const [onTop, setOnTop] = useState(true);
  useDidShow(() => setOnTop(true));
  useDidHide(() => setOnTop(false));
  useEffect(() => subscribePaySheet(setS), []);

  // Back (or leaving the page) answers the cashier 取消: the sheet never reaches another page.
  const cashierOpen = onTop && !!s.cashier;
  useBackCloses(cashierOpen, () => s.cashier?.resolve('cancel'));
  // While the payment is being confirmed back waits (请勿重复支付); the overlay ends by itself.
  useBackCloses(onTop && !s.cashier && s.confirming, () => false);
  // The page unloads (its shell unmounts) with the sheet open: cancel it too.
  const open = useRef<PaySheetState['cashier']>(null);
  open.current = cashierOpen ? s.cashier : null;
  useEffect(() => () => open.current?.resolve('cancel'), []);

  if (!onTop) return null;

  if (s.cashier) {
    const c = s.cashier;
    return (
      <View className='hp-cashier' data-testid='sandbox-cashier' data-order-id={c.orderId} catchMove>
        <View className='hp-cashier__mask' />
        <View className='hp-cashier__sheet' role='dialog' aria-modal='true' aria-label='微信支付（沙箱）'>
          <Text className='hp-cashier__brand'>微信支付 · 沙箱收银台</Text>
          <Text className='hp-cashier__desc' data-testid='cashier-description'>
            {c.description}
          </Text>
          <Text className='hp-cashier__amount' data-testid='cashier-amount'>
            ¥{formatFen(c.amountFen)}
          </Text>
          <Text className='hp-cashier__note'>演示环境：不会产生真实扣款</Text>
          <View className='hp-cashier__actions'>
            <Button className='hp-btn hp-btn--ghost hp-cashier__btn' data-testid='cashier-cancel' onClick={() => c.resolve('cancel')}>
              取消
            </Button>
            <Button className='hp-btn hp-cashier__btn' data-testid='cashier-pay' onClick={() => c.resolve('success')}>
              确认支付
            </Button>
          </View>
        </View>
      </View>
    );
  }
  if (s.confirming) {
    return (
      <View className='hp-cashier' data-testid='pay-confirming' catchMove>
        <View className='hp-cashier__mask' />
        <View className='hp-cashier__toast' role='status' aria-live='polite'>
          <View className='hp-cashier__spinner' />
          <Text className='hp-cashier__toast-text'>支付结果确认中…</Text>
          <Text className='hp-cashier__toast-sub'>请勿重复支付</Text>
        </View>
      </View>
    );
  }
  return null;
}
