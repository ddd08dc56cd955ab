import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useMemo, useRef, useState } from 'react';
import type { BillView } from '@healthpocket/shared-types';
import { ActionButton } from '../../../components/ActionButton';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { MemberSwitcher } from '../../../components/MemberSwitcher';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { newIdempotencyKey, payApi, payOrder, yuan } from '../../../services/pay';
import { ROUTES, withQuery } from '../../../services/routes';
import type { MemberView } from '../../../services/shared';
import { BillCard } from '../../components/BillCard';
import { asyncHandler, showToast } from '../../../services/ui';
import { navigateTo } from '../../../services/navigate';
import './index.scss';

type Tab = 'unpaid' | 'paid';

/**
 * 门诊缴费: a member's bills from the hospital. Choose one or several unpaid bills of one hospital,
 * confirm, pay; bills already being paid offer 继续支付; 已缴费 shows the e-invoices.
 */
export default function PayIndexPage() {
  // An account without 本人 yet (not verified): the switcher says what to do; nothing waits for a member.
  const [noMember, setNoMember] = useState(false);
  const [member, setMember] = useState<MemberView | null>(null);
  const [tab, setTab] = useState<Tab>('unpaid');
  const [chosen, setChosen] = useState<string[]>([]);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One key per intended payment (the same selection retried keeps it).
  const key = useRef({ selection: '', value: newIdempotencyKey() });

  const bills = useRequest(() => (member ? payApi.bills(member.id, tab) : Promise.resolve(null)), [member?.id, tab]);
  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else void bills.reload();
  });

  const items = useMemo(() => bills.data?.items ?? [], [bills.data]);
  const selected = items.filter((b) => chosen.includes(b.billNo));
  const total = selected.reduce((n, b) => n + b.totalFen, 0);
  const hospital = selected[0]?.hospitalId;

  const toggle = (b: BillView) => {
    setError(null);
    if (chosen.includes(b.billNo)) return setChosen(chosen.filter((x) => x !== b.billNo));
    if (hospital && b.hospitalId !== hospital) {
      setError('一次只能缴纳同一家医院的账单，请分开缴费');
      return;
    }
    setChosen([...chosen, b.billNo]);
  };

  const switchMember = (m: MemberView) => {
    setMember(m);
    setChosen([]);
    setError(null);
  };

  const groups = useMemo(() => {
    const payable = items.filter((b) => b.status === 'unpaid');
    const inProgress = items.filter((b) => b.status === 'paying' || b.status === 'confirming');
    return { payable, inProgress, done: items.filter((b) => b.status === 'paid' || b.status === 'refunded') };
  }, [items]);

  const finish = async (orderId: string) => {
    const result = await payOrder(orderId, { onError: setError });
    if (result === 'paid') {
      setChosen([]);
      navigateTo({ url: withQuery(ROUTES.payOrder, { id: orderId, paid: 1 }) });
    } else if (result === 'cancelled') {
      showToast({ title: '已取消支付，可稍后继续支付', icon: 'none' });
    }
  };

  const pay = async () => {
    if (!member || !selected.length) return;
    const selection = [...chosen].sort().join(',');
    if (key.current.selection !== selection) key.current = { selection, value: newIdempotencyKey() };
    setBusy(true);
    setError(null);
    try {
      const { order } = await payApi.payBills(member.id, chosen, key.current.value);
      setAsking(false);
      await finish(order.id);
      key.current = { selection: '', value: newIdempotencyKey() };
    } catch (e) {
      setAsking(false);
      setError(messageOf(e));
    } finally {
      setBusy(false);
      void bills.reload();
    }
  };

  const resume = async (orderId: string) => {
    setBusy(true);
    setError(null);
    try {
      await finish(orderId);
    } finally {
      setBusy(false);
      void bills.reload();
    }
  };

  return (
    <PageShell
      className='pay-index'
      testId='pay-index'
      footer={
        tab === 'unpaid' && groups.payable.length > 0 ? (
          <View className='pay-index__bar'>
            <View className='pay-index__sum'>
              <Text className='pay-index__sum-label'>合计（{selected.length}张）</Text>
              <Text className='pay-index__sum-amount' data-testid='pay-total'>
                {yuan(total)}
              </Text>
            </View>
            <ActionButton
              className={`hp-btn pay-index__go ${selected.length ? '' : 'hp-btn--disabled'}`}
              data-testid='pay-submit'
              disabled={!selected.length || busy || undefined}
              loading={busy}
              onClick={() => setAsking(true)}
            >
              去缴费
            </ActionButton>
          </View>
        ) : undefined
      }
    >
      <MemberSwitcher value={member?.id} onChange={switchMember} allowAdd={false} onNone={() => setNoMember(true)} />
      {!noMember && (
        <>
          <View className='pay-index__tabs'>
            {/* The two tabs alone make the tablist; the links beside them are not tabs. */}
            <View role='tablist' aria-label='缴费单' style={{ display: 'contents' }}>
              {(['unpaid', 'paid'] as const).map((t) => (
                <View
                  key={t}
                  className={`pay-index__tab ${tab === t ? 'pay-index__tab--on' : ''}`}
                  role='tab'
                  aria-selected={tab === t ? 'true' : 'false'}
                  data-testid={`pay-tab-${t}`}
                  onClick={() => {
                    setTab(t);
                    setChosen([]);
                  }}
                >
                  {t === 'unpaid' ? '待缴费' : '已缴费'}
                </View>
              ))}
            </View>
            <View role='button' className='pay-index__history' data-testid='pay-history-link' onClick={() => navigateTo({ url: ROUTES.payOrders })}>
              缴费记录 ›
            </View>
            <View role='button' className='pay-index__inpatient' data-testid='pay-inpatient-link' onClick={() => navigateTo({ url: ROUTES.payInpatient })}>
              住院服务 ›
            </View>
          </View>

          {error && (
            <View className='hp-alert hp-alert--error pay-index__error' data-testid='pay-error'>
              <Text>{error}</Text>
            </View>
          )}

          <StatusView
            loading={!member || (bills.loading && !bills.data)}
            error={bills.error}
            onRetry={() => void bills.reload()}
            empty={!!bills.data && items.length === 0}
            emptyText={tab === 'unpaid' ? `${bills.data?.memberName ?? ''}暂无待缴费账单` : '暂无已缴费账单'}
          >
            {groups.inProgress.length > 0 && (
              <View>
                <Text className='hp-section-title'>支付中</Text>
                {groups.inProgress.map((b) => (
                  <View key={b.billNo}>
                    <BillCard bill={b} />
                    {b.status === 'paying' && b.orderId && (
                      <View className='pay-index__resume'>
                        <ActionButton
                          className='hp-btn hp-btn--plain hp-btn--small'
                          data-testid={`bill-resume-${b.billNo}`}
                          disabled={busy || undefined}
                          onClick={asyncHandler(() => resume(b.orderId!))}
                        >
                          继续支付
                        </ActionButton>
                        <ActionButton className='hp-btn hp-btn--ghost hp-btn--small' onClick={() => navigateTo({ url: withQuery(ROUTES.payOrder, { id: b.orderId! }) })}>
                          查看订单
                        </ActionButton>
                      </View>
                    )}
                  </View>
                ))}
              </View>
            )}
            {groups.payable.length > 0 && <Text className='hp-section-title'>请选择要缴纳的账单</Text>}
            {groups.payable.map((b) => (
              <BillCard key={b.billNo} bill={b} selectable selected={chosen.includes(b.billNo)} onToggle={() => toggle(b)} />
            ))}
            {groups.done.map((b) => (
              <BillCard key={b.billNo} bill={b} />
            ))}
            <Text className='pay-index__note'>缴费成功后，医院确认并开具电子票据，可在“已缴费”中查看。</Text>
          </StatusView>
        </>
      )}

      <ConfirmDialog
        open={asking}
        title='确认缴费'
        content={`为${bills.data?.memberName ?? ''}缴纳${selected[0]?.hospitalName ?? ''}的${selected.length}张账单，合计${yuan(total)}。支付后不能在线撤销，如需退费请联系医院。`}
        confirmText={`支付 ${yuan(total)}`}
        busy={busy}
        onConfirm={asyncHandler(pay)}
        onCancel={() => setAsking(false)}
      />
    </PageShell>
  );
}
