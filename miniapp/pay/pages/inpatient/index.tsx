import { Input, Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { Tag } from '@nutui/nutui-react-taro';
import { asyncHandler, showToast } from '../../../services/ui';
import { navigateTo } from '../../../services/navigate';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AdmissionView, DepositView } from '@healthpocket/shared-types';
import { DEPOSIT_AMOUNT_CHIPS_FEN } from '@healthpocket/shared-types/src/inpatient-constants';
import { ActionButton } from '../../../components/ActionButton';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { MemberSwitcher } from '../../../components/MemberSwitcher';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { api, messageOf } from '../../../services/api';
import { newIdempotencyKey, payApi, payOrder, yuan } from '../../../services/pay';
import { ROUTES } from '../../../services/routes';
import type { MemberView } from '../../../services/shared';
import { shortTime } from '../../format';
import './index.scss';

type Tab = 'topup' | 'history' | 'daily';
const TABS: Array<[Tab, string]> = [
  ['topup', '缴纳押金'],
  ['history', '缴纳记录'],
  ['daily', '每日清单'],
];

const DEPOSIT_TONE: Record<DepositView['status'], 'success' | 'warning' | 'primary' | 'default'> = {
  credited: 'success',
  crediting: 'warning',
  paying: 'primary',
  refunding: 'warning',
  refunded: 'default',
};

/** `1000` or `1000.5` (yuan) → fen; null when it is not an amount. */
export function fenOf(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(t)) return null;
  return Math.round(Number(t) * 100);
}

/** `2026-12-01` → `12月1日` */
const dayLabel = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/**
 * 住院服务: for a member in hospital, the deposit balance (预交金余额), a top-up through WeChat Pay
 * (amount chips or any amount within the hospital's rule, confirmed before money moves), the
 * deposits paid, and the daily itemised list (住院日清单) by date.
 */
export default function InpatientPage() {
  // Opened from an order (…?memberId=): that member first (the first member if it is gone).
  const askedMember = useRouter().params.memberId;
  const askedList = useRequest(() => (askedMember ? api.members() : Promise.resolve(null)), [askedMember]);
  const [noMember, setNoMember] = useState(false);
  const [member, setMember] = useState<MemberView | null>(null);
  const [chosenNo, setChosenNo] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('topup');
  const [chip, setChip] = useState<number | null>(null);
  const [custom, setCustom] = useState('');
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The amount just paid in this visit (the notice follows it until the hospital has credited it).
  const [paidFen, setPaidFen] = useState<number | null>(null);
  const [date, setDate] = useState<string | undefined>(undefined);
  // One key per intended top-up (the same admission and amount retried keeps it).
  const key = useRef({ intent: '', value: newIdempotencyKey() });

  const list = useRequest(() => (member ? payApi.admissions(member.id) : Promise.resolve(null)), [member?.id]);
  const admissions = list.data?.items ?? [];
  const current: AdmissionView | undefined = admissions.find((a) => a.admissionNo === chosenNo) ?? admissions.find((a) => a.status === 'in_hospital') ?? admissions[0];
  const detail = useRequest(() => (member && current ? payApi.admission(member.id, current.admissionNo) : Promise.resolve(null)), [member?.id, current?.admissionNo]);
  const daily = useRequest(() => (member && current && tab === 'daily' ? payApi.daily(member.id, current.admissionNo, date) : Promise.resolve(null)), [member?.id, current?.admissionNo, tab, date]);

  useEffect(() => {
    const items = askedList.data?.items;
    if (member || !items?.length) return;
    setMember(items.find((m) => m.id === askedMember) ?? items[0]);
  }, [askedList.data, askedMember, member]);

  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else void detail.reload();
  });

  // Paid here, not yet in the hospital's account: look again until the hospital has credited it.
  const creditingFen = detail.data?.admission.creditingFen ?? 0;
  const polls = useRef(0);
  const reloadDetail = detail.reload;
  useEffect(() => {
    if (!creditingFen) {
      polls.current = 0;
      return undefined;
    }
    if (polls.current >= 20) return undefined;
    const t = setTimeout(() => {
      polls.current += 1;
      void reloadDetail();
    }, 1500);
    return () => clearTimeout(t);
  }, [creditingFen, detail.data, reloadDetail]);

  const account = detail.data?.admission ?? current;
  const rule = account?.depositRule;
  const chips = useMemo(() => DEPOSIT_AMOUNT_CHIPS_FEN.filter((f) => !rule || (f >= rule.minFen && f <= rule.maxFen)), [rule]);
  const typed = custom ? fenOf(custom) : null;
  const amountFen = custom ? typed : chip;
  const amountError = !custom
    ? null
    : typed === null
      ? '请输入正确的金额，最多两位小数'
      : rule && (typed < rule.minFen || typed > rule.maxFen)
        ? `单笔可缴纳${rule.minFen / 100}元至${rule.maxFen / 100}元`
        : null;
  const canPay = !!account?.canTopUp && !!amountFen && !amountError;

  const switchMember = (m: MemberView) => {
    setMember(m);
    setChosenNo(null);
    setDate(undefined);
    setError(null);
    setPaidFen(null);
  };

  const pay = async () => {
    if (!member || !account || !amountFen) return;
    const intent = `${account.admissionNo}:${amountFen}`;
    if (key.current.intent !== intent) key.current = { intent, value: newIdempotencyKey() };
    setBusy(true);
    setError(null);
    setPaidFen(null);
    try {
      const { order } = await payApi.topUp(member.id, account.admissionNo, amountFen, key.current.value);
      setAsking(false);
      const result = await payOrder(order.id, { onError: setError });
      if (result === 'paid') {
        key.current = { intent: '', value: newIdempotencyKey() };
        setChip(null);
        setCustom('');
        setPaidFen(amountFen);
        setTab('history');
      } else if (result === 'cancelled') {
        showToast({ title: '已取消支付，可稍后继续支付', icon: 'none' });
      }
    } catch (e) {
      setAsking(false);
      setError(messageOf(e));
    } finally {
      setBusy(false);
      void detail.reload();
    }
  };

  const resume = async (orderId: string) => {
    setBusy(true);
    setError(null);
    try {
      const d = detail.data?.deposits.find((x) => x.orderId === orderId);
      if ((await payOrder(orderId, { onError: setError })) === 'paid' && d) setPaidFen(d.amountFen);
    } finally {
      setBusy(false);
      void detail.reload();
    }
  };

  return (
    <PageShell
      className='inpatient'
      testId='inpatient'
      footer={
        tab === 'topup' && account?.canTopUp ? (
          <View className='inpatient__bar'>
            <View className='inpatient__sum'>
              <Text className='inpatient__sum-label'>缴纳金额</Text>
              <Text className='inpatient__sum-amount' data-testid='inpatient-amount'>
                {amountFen && !amountError ? yuan(amountFen) : '—'}
              </Text>
            </View>
            <ActionButton
              className={`hp-btn inpatient__go ${canPay ? '' : 'hp-btn--disabled'}`}
              data-testid='inpatient-submit'
              disabled={!canPay || busy || undefined}
              loading={busy}
              onClick={() => setAsking(true)}
            >
              确认缴纳
            </ActionButton>
          </View>
        ) : undefined
      }
    >
      <MemberSwitcher value={member?.id ?? askedMember} members={askedMember ? askedList.data?.items : undefined} onChange={switchMember} allowAdd={false} onNone={() => setNoMember(true)} />
      {!noMember && (
        <StatusView
          loading={!member || (list.loading && !list.data)}
          error={list.error}
          onRetry={() => void list.reload()}
          empty={!!list.data && admissions.length === 0}
          emptyText={`${list.data?.memberName ?? ''}当前没有住院记录。办理入院后，住院号会出现在这里。`}
          emptyAction={
            <ActionButton className='hp-btn hp-btn--ghost' data-testid='inpatient-to-bills' onClick={() => navigateTo({ url: ROUTES.pay })}>
              去门诊缴费
            </ActionButton>
          }
        >
          {admissions.length > 1 && (
            <View className='hp-chips inpatient__stays' role='radiogroup'>
              {admissions.map((a) => (
                <View
                  key={a.admissionNo}
                  className={`hp-chip ${a.admissionNo === current?.admissionNo ? 'hp-chip--active' : ''}`}
                  role='radio'
                  aria-checked={a.admissionNo === current?.admissionNo ? 'true' : 'false'}
                  data-testid={`inpatient-stay-${a.admissionNo}`}
                  onClick={() => {
                    setChosenNo(a.admissionNo);
                    setDate(undefined);
                  }}
                >
                  {a.admittedAt.slice(0, 10)} {a.statusLabel}
                </View>
              ))}
            </View>
          )}

          {account && (
            <View className='inpatient__card' data-testid='inpatient-account'>
              <View className='inpatient__row'>
                <Text className='inpatient__hospital'>{account.hospitalName}</Text>
                <Tag type={account.status === 'in_hospital' ? 'success' : 'default'}>{account.statusLabel}</Tag>
              </View>
              <Text className='inpatient__meta'>
                {account.departmentName} · {account.wardName} {account.bedNo}
              </Text>
              <Text className='inpatient__meta'>
                住院号 {account.admissionNo} · {account.admittedAt.slice(0, 10)}入院 · 第{account.days}天
              </Text>
              <Text className='inpatient__label'>预交金余额</Text>
              <Text className={`inpatient__balance ${account.balanceFen < 0 ? 'inpatient__balance--owing' : ''}`} data-testid='inpatient-balance'>
                {account.balanceFen < 0 ? `欠费 ${yuan(-account.balanceFen)}` : yuan(account.balanceFen)}
              </Text>
              <View className='inpatient__sums'>
                <Text>预交金合计 {yuan(account.depositFen)}</Text>
                <Text>已发生费用 {yuan(account.costFen)}</Text>
              </View>
              {account.creditingFen > 0 && (
                <Text className='inpatient__crediting' data-testid='inpatient-crediting'>
                  另有 {yuan(account.creditingFen)} 已支付，医院入账中
                </Text>
              )}
            </View>
          )}
          {account?.lowBalance && (
            <View className='hp-alert hp-alert--warn' data-testid='inpatient-low'>
              <Text>预交金余额不足，请及时补缴，以免影响治疗用药。</Text>
            </View>
          )}
          {paidFen !== null && (
            <View className='hp-alert hp-alert--info' data-testid='inpatient-notice'>
              <Text>{creditingFen > 0 ? `已缴纳${yuan(paidFen)}，医院入账中，入账后计入余额` : `已缴纳${yuan(paidFen)}，医院已入账，已计入预交金余额`}</Text>
            </View>
          )}
          {error && (
            <View className='hp-alert hp-alert--error' data-testid='inpatient-error'>
              <Text>{error}</Text>
            </View>
          )}

          <View className='inpatient__tabs' role='tablist'>
            {TABS.map(([t, label]) => (
              <View
                key={t}
                className={`inpatient__tab ${tab === t ? 'inpatient__tab--on' : ''}`}
                role='tab'
                aria-selected={tab === t ? 'true' : 'false'}
                data-testid={`inpatient-tab-${t}`}
                onClick={() => setTab(t)}
              >
                {label}
              </View>
            ))}
          </View>

          {tab === 'topup' && account && !account.canTopUp && (
            <View className='hp-alert hp-alert--info' data-testid='inpatient-closed'>
              <Text>已出院，不能在线缴纳押金。出院结算多退少补，请到住院处办理。</Text>
            </View>
          )}
          {tab === 'topup' && account?.canTopUp && rule && (
            <View className='hp-form inpatient__topup'>
              <View className='hp-field'>
                <Text className='hp-field__label'>选择金额</Text>
                <View className='hp-chips' role='radiogroup'>
                  {chips.map((f) => (
                    <View
                      key={f}
                      className={`hp-chip ${!custom && chip === f ? 'hp-chip--active' : ''}`}
                      role='radio'
                      aria-checked={!custom && chip === f ? 'true' : 'false'}
                      data-testid={`inpatient-chip-${f}`}
                      onClick={() => {
                        setChip(f);
                        setCustom('');
                      }}
                    >
                      {yuan(f).replace('.00', '')}
                    </View>
                  ))}
                </View>
              </View>
              <View className='hp-field'>
                <Text className='hp-field__label'>其他金额（元）</Text>
                <Input
                  className={`hp-field__input ${amountError ? 'hp-field__input--error' : ''}`}
                  type='digit'
                  value={custom}
                  placeholder={`${rule.minFen / 100}–${rule.maxFen / 100}元`}
                  maxlength={9}
                  data-testid='inpatient-custom'
                  onInput={(e) => setCustom(e.detail.value)}
                />
                {amountError ? (
                  <Text className='hp-field__error' data-testid='inpatient-amount-error'>
                    {amountError}
                  </Text>
                ) : (
                  <Text className='hp-field__hint'>
                    单笔可缴纳{rule.minFen / 100}元至{rule.maxFen / 100}元，出院结算时多退少补。
                  </Text>
                )}
              </View>
            </View>
          )}

          {tab === 'history' && (
            <StatusView
              loading={detail.loading && !detail.data}
              error={detail.error}
              onRetry={() => void detail.reload()}
              empty={!!detail.data && detail.data.deposits.length === 0}
              emptyText='暂无预交金记录'
            >
              {detail.data?.deposits.map((d, i) => (
                <View key={`${d.receiptNo ?? d.orderId ?? ''}-${i}`} className='inpatient__deposit' data-testid='inpatient-deposit'>
                  <View className='inpatient__row'>
                    <Text className='inpatient__deposit-amount'>{yuan(d.amountFen)}</Text>
                    <Tag type={DEPOSIT_TONE[d.status]}>{d.statusLabel}</Tag>
                  </View>
                  <Text className='inpatient__meta'>
                    {d.channelLabel} · {shortTime(d.paidAt ?? d.createdAt)}
                    {d.receiptNo ? ` · 收据号 ${d.receiptNo}` : ''}
                  </Text>
                  {d.status === 'paying' && d.orderId && (
                    <View className='inpatient__resume'>
                      <ActionButton className='hp-btn hp-btn--plain hp-btn--small' data-testid='inpatient-resume' disabled={busy || undefined} onClick={asyncHandler(() => resume(d.orderId!))}>
                        继续支付
                      </ActionButton>
                    </View>
                  )}
                </View>
              ))}
            </StatusView>
          )}

          {tab === 'daily' && (
            <StatusView
              loading={daily.loading && !daily.data}
              error={daily.error}
              onRetry={() => void daily.reload()}
              empty={!!daily.data && daily.data.days.length === 0}
              emptyText='暂无费用明细'
              keepChildren
            >
              {daily.data && (
                <View>
                  <View className='hp-chips inpatient__days' role='radiogroup'>
                    {daily.data.days.map((d) => (
                      <View
                        key={d.date}
                        className={`hp-chip inpatient__day ${d.date === daily.data!.date ? 'hp-chip--active' : ''}`}
                        role='radio'
                        aria-checked={d.date === daily.data!.date ? 'true' : 'false'}
                        data-testid={`inpatient-day-${d.date}`}
                        onClick={() => setDate(d.date)}
                      >
                        <Text>{dayLabel(d.date)}</Text>
                        <Text className='inpatient__day-total'>{yuan(d.totalFen)}</Text>
                      </View>
                    ))}
                  </View>
                  <View className='inpatient__card' data-testid='inpatient-daily'>
                    <View className='inpatient__row'>
                      <Text className='inpatient__hospital'>{daily.data.date ? `${dayLabel(daily.data.date)}费用` : '费用'}</Text>
                      <Text className='inpatient__deposit-amount' data-testid='inpatient-daily-total'>
                        {yuan(daily.data.totalFen)}
                      </Text>
                    </View>
                    {daily.data.items.length === 0 && <Text className='inpatient__meta'>当日没有费用</Text>}
                    {daily.data.categories.map((c) => (
                      <View key={c.category} className='inpatient__group'>
                        <View className='inpatient__row inpatient__group-head'>
                          <Text>{c.category}</Text>
                          <Text>{yuan(c.amountFen)}</Text>
                        </View>
                        {daily
                          .data!.items.filter((i) => i.category === c.category)
                          .map((i, k) => (
                            <View key={`${i.name}-${k}`} className='inpatient__row inpatient__item'>
                              <Text className='inpatient__item-name'>
                                {i.name}
                                {i.spec ? `（${i.spec}）` : ''} ×{i.quantity}
                                {i.unit}
                              </Text>
                              <Text>{yuan(i.amountFen)}</Text>
                            </View>
                          ))}
                      </View>
                    ))}
                  </View>
                  <Text className='inpatient__note'>日清单为医院当日记账明细，以出院结算为准；如有疑问请咨询病区护士站。</Text>
                </View>
              )}
            </StatusView>
          )}
        </StatusView>
      )}

      <ConfirmDialog
        open={asking}
        title='确认缴纳住院押金'
        content={`为${list.data?.memberName ?? ''}向${account?.hospitalName ?? ''}缴纳住院预交金${amountFen ? yuan(amountFen) : ''}（住院号${account?.admissionNo ?? ''}）。支付后不能在线撤销，出院结算时多退少补。`}
        confirmText={`支付 ${amountFen ? yuan(amountFen) : ''}`}
        busy={busy}
        onConfirm={asyncHandler(pay)}
        onCancel={() => setAsking(false)}
      />
    </PageShell>
  );
}
