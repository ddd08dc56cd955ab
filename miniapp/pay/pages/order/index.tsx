import { Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { ActionButton } from '../../../components/ActionButton';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { usePollWhile } from '../../../components/usePollWhile';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { payApi, payOrder, yuan } from '../../../services/pay';
import { ROUTES, withQuery } from '../../../services/routes';
import { BillCard } from '../../components/BillCard';
import { STATE_TONE, fullTime } from '../../format';
import { asyncHandler, showToast } from '../../../services/ui';
import { navigateTo } from '../../../services/navigate';
import './index.scss';

const HEADLINE: Record<string, string> = {
  CREATED: '待支付',
  PAID: '支付成功',
  REFUNDING: '退款处理中',
  REFUNDED: '已全额退款',
  PARTIALLY_REFUNDED: '已部分退款',
  CLOSED: '订单已关闭',
};

/** One payment: status, amounts, refunds; for outpatient bills, the bills and their e-invoices. */
export default function PayOrderPage() {
  const { id = '', paid } = useRouter().params as { id?: string; paid?: string };
  const order = useRequest(() => payApi.order(id), [id]);
  const o = order.data;
  const bills = useRequest(() => (o?.purpose === 'bill' ? payApi.orderBills(id) : Promise.resolve(null)), [id, o?.purpose, o?.state]);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else void order.reload();
  });

  // Just paid: the hospital confirms (and issues the e-invoice) shortly after; look again a few times.
  const waitingForHospital = o?.purpose === 'bill' && !!bills.data?.items.some((b) => b.status === 'confirming');
  usePollWhile(waitingForHospital, bills.reload);
  // A refund in progress: 已退款 appears when WeChat Pay reports it, without reloading the page.
  usePollWhile(!!o && (o.state === 'REFUNDING' || o.refunds.some((r) => r.state === 'PROCESSING')), order.reload);

  const pay = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await payOrder(id, { onError: setError });
      if (r === 'cancelled') showToast({ title: '已取消支付，可稍后继续支付', icon: 'none' });
    } finally {
      setBusy(false);
      void order.reload();
    }
  };

  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      order.setData(await payApi.cancel(id));
      showToast({ title: '订单已取消', icon: 'success' });
    } catch (e) {
      setError(messageOf(e));
      void order.reload();
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };

  return (
    <PageShell
      className='pay-order'
      testId='pay-order'
      footer={
        o?.payable ? (
          <View className='pay-order__bar'>
            <ActionButton className='hp-btn hp-btn--ghost pay-order__btn' data-testid='order-cancel' disabled={busy || undefined} onClick={() => setAsking(true)}>
              取消订单
            </ActionButton>
            <ActionButton className='hp-btn pay-order__btn' data-testid='order-pay' loading={busy} disabled={busy || undefined} onClick={asyncHandler(pay)}>
              继续支付 {yuan(o.amountFen)}
            </ActionButton>
          </View>
        ) : undefined
      }
    >
      <StatusView loading={order.loading && !o} error={order.error} onRetry={() => void order.reload()}>
        {o && (
          <View>
            <View className={`pay-order__head pay-order__head--${STATE_TONE[o.state]}`}>
              <Text className='pay-order__status' data-testid='order-status'>
                {o.state === 'CREATED' && !o.payable ? '支付已超时' : HEADLINE[o.state]}
              </Text>
              <Text className='pay-order__amount' data-testid='order-amount'>
                {yuan(o.amountFen)}
              </Text>
              {paid && o.state === 'PAID' && o.purpose === 'bill' && <Text className='pay-order__hint'>缴费成功，医院确认后将开具电子票据</Text>}
              {o.state === 'CREATED' && o.payable && <Text className='pay-order__hint'>请在 {fullTime(o.expiresAt).slice(11, 16)} 前完成支付，超时订单将自动关闭</Text>}
            </View>

            {error && (
              <View className='hp-alert hp-alert--error pay-order__error' data-testid='order-error'>
                <Text>{error}</Text>
              </View>
            )}

            <View className='pay-order__card'>
              <Row label='缴费项目' value={`${o.purposeLabel} · ${o.description}`} />
              <Row label='就诊人' value={o.memberName ?? ''} />
              <Row label='订单号' value={o.outTradeNo} testId='order-no' />
              {o.transactionId && <Row label='微信支付单号' value={o.transactionId} />}
              <Row label='下单时间' value={fullTime(o.createdAt)} />
              {o.paidAt && <Row label='支付时间' value={fullTime(o.paidAt)} />}
              {o.closedAt && <Row label='关闭时间' value={fullTime(o.closedAt)} />}
              {o.refundedFen > 0 && <Row label='已退款' value={yuan(o.refundedFen)} testId='order-refunded' />}
            </View>

            {o.refunds.length > 0 && (
              <View>
                <Text className='hp-section-title'>退款记录</Text>
                <View className='pay-order__card'>
                  {o.refunds.map((r) => (
                    <View key={r.id} className='pay-order__refund' data-testid={`refund-${r.id}`}>
                      <View className='pay-order__refund-row'>
                        <Text>{r.reason}</Text>
                        <Text className='pay-order__refund-amount'>{yuan(r.amountFen)}</Text>
                      </View>
                      <Text className={`pay-tag pay-tag--${r.state === 'SUCCESS' ? 'ok' : r.state === 'PROCESSING' ? 'info' : 'danger'}`}>{r.stateLabel}</Text>
                      <Text className='pay-order__refund-time'>{r.succeededAt ? `退回时间 ${fullTime(r.succeededAt)}` : `申请时间 ${fullTime(r.createdAt)}`}</Text>
                    </View>
                  ))}
                  <Text className='pay-order__refund-note'>退款原路退回微信零钱或银行卡，一般1–3个工作日到账。</Text>
                </View>
              </View>
            )}

            {o.purpose === 'bill' && (
              <View>
                <Text className='hp-section-title'>缴费账单</Text>
                <StatusView loading={bills.loading && !bills.data} error={bills.error} onRetry={() => void bills.reload()}>
                  {bills.data?.items.map((b) => (
                    <BillCard key={b.billNo} bill={b} />
                  ))}
                </StatusView>
                {waitingForHospital && <Text className='pay-order__hint pay-order__hint--block'>医院正在确认缴费，确认后可查看电子票据</Text>}
              </View>
            )}
            {o.purpose === 'inpatient' && (
              <View className='hp-footer'>
                <ActionButton className='hp-btn hp-btn--ghost' data-testid='order-inpatient-link' onClick={() => navigateTo({ url: withQuery(ROUTES.payInpatient, { memberId: o.memberId }) })}>
                  查看住院预交金余额
                </ActionButton>
              </View>
            )}
          </View>
        )}
      </StatusView>

      <ConfirmDialog
        open={asking}
        title='取消订单'
        content='取消后需要重新下单才能缴费，确定取消吗？'
        confirmText='取消订单'
        cancelText='再想想'
        danger
        busy={busy}
        onConfirm={asyncHandler(cancel)}
        onCancel={() => setAsking(false)}
      />
    </PageShell>
  );
}

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <View className='pay-order__row'>
      <Text className='pay-order__label'>{label}</Text>
      <Text className='pay-order__value' data-testid={testId} selectable>
        {value}
      </Text>
    </View>
  );
}
