import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import type { PaymentOrderView } from '@healthpocket/shared-types';
import { ActionButton } from '../../../components/ActionButton';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { usePollWhile } from '../../../components/usePollWhile';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { payApi, yuan } from '../../../services/pay';
import { ROUTES, withQuery } from '../../../services/routes';
import { STATE_TONE, shortTime } from '../../format';
import { asyncHandler } from '../../../services/ui';
import { navigateTo } from '../../../services/navigate';
import '../../components/BillCard.scss';
import './index.scss';

/** 缴费记录: every payment of the family (bills, registration fees, vaccines), with refund status. */
export default function PayOrdersPage() {
  const first = useRequest(() => payApi.orders(), []);
  const [more, setMore] = useState<PaymentOrderView[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else {
      setMore([]);
      setCursor(undefined);
      void first.reload();
    }
  });

  const items = [...(first.data?.items ?? []), ...more];
  // 退款处理中 on the first page turns into 已退款 when WeChat Pay reports it.
  usePollWhile(!!first.data?.items.some((o) => o.refunds.some((r) => r.state === 'PROCESSING')), first.reload);
  const next = cursor === undefined ? first.data?.nextCursor : cursor;

  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await payApi.orders({ cursor: next });
      setMore([...more, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setMoreError(messageOf(e));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <PageShell className='pay-orders' testId='pay-orders'>
      <StatusView loading={first.loading && !first.data} error={first.error} onRetry={() => void first.reload()} empty={!!first.data && items.length === 0} emptyText='暂无缴费记录'>
        {items.map((o) => (
          <View role='button' key={o.id} className='pay-orders__item' data-testid={`order-${o.id}`} onClick={() => navigateTo({ url: withQuery(ROUTES.payOrder, { id: o.id }) })}>
            <View className='pay-orders__row'>
              <Text className='pay-orders__purpose'>{o.purposeLabel}</Text>
              <Text className={`pay-tag pay-tag--${STATE_TONE[o.state]}`} data-testid={`order-state-${o.id}`}>
                {o.state === 'CREATED' && !o.payable ? '已超时' : o.stateLabel}
              </Text>
            </View>
            <Text className='pay-orders__desc'>{o.description}</Text>
            <View className='pay-orders__row'>
              <Text className='pay-orders__meta'>
                {o.memberName ?? ''} · {shortTime(o.paidAt ?? o.createdAt)}
              </Text>
              <Text className='pay-orders__amount'>{yuan(o.amountFen)}</Text>
            </View>
            {o.refundedFen > 0 && (
              <Text className='pay-orders__refund' data-testid={`order-refund-${o.id}`}>
                已退款 {yuan(o.refundedFen)}
              </Text>
            )}
            {o.refunds.some((r) => r.state === 'PROCESSING') && <Text className='pay-orders__refund'>退款处理中，预计1–3个工作日原路退回</Text>}
          </View>
        ))}
        {next && (
          <View className='pay-orders__more'>
            {moreError && <Text className='hp-alert hp-alert--error'>{moreError}</Text>}
            <ActionButton className='hp-btn hp-btn--ghost hp-btn--block' loading={loadingMore} disabled={loadingMore || undefined} onClick={asyncHandler(loadMore)} data-testid='orders-more'>
              加载更多
            </ActionButton>
          </View>
        )}
      </StatusView>
    </PageShell>
  );
}
