import { ScrollView, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import type { VaccineSessionView } from '@healthpocket/shared-types';
import { ActionButton } from '../../../components/ActionButton';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { ApiError, messageOf } from '../../../services/api';
import { withQuery } from '../../../services/routes';
import { ConsentGate } from '../../components/ConsentGate';
import { VACCINE_PAGES, dateLabel, hhmm, newIdempotencyKey, vaccinesApi, yuan } from '../../api';
import { payVaccine, prefetchReminderTemplates, requestReminders } from '../../pay';
import { StockAlertCard } from '../../components/StockAlertCard';
import { asyncHandler, showToast } from '../../../services/ui';
import { redirectTo } from '../../../services/navigate';
import '../../vaccines.scss';
import './index.scss';

/** Choose a clinic and a session for one vaccine, confirm, book (and pay a self-paid dose). */
export default function BookPage() {
  const { memberId = '', code = '', clinicId: askedClinic } = useRouter().params as { memberId?: string; code?: string; clinicId?: string };
  // The BFF lists only the clinics serving this member's age (no adult clinic for a toddler).
  const clinics = useRequest(() => vaccinesApi.clinics(code, memberId), [code, memberId]);
  const [clinicId, setClinicId] = useState<string | undefined>(askedClinic);
  const sessions = useRequest(() => (clinicId ? vaccinesApi.sessions(clinicId, code, memberId) : Promise.resolve(undefined)), [clinicId, code, memberId]);
  const [chosen, setChosen] = useState<VaccineSessionView | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const attemptKey = useRef<string | null>(null);

  useEffect(() => {
    // None chosen yet, or the one asked for (a link, a stock alert) does not serve this member: the first listed.
    const items = clinics.data?.items;
    if (items?.[0] && !items.some((c) => c.id === clinicId)) setClinicId(items[0].id);
  }, [clinics.data, clinicId]);
  useEffect(() => {
    setChosen(null);
  }, [clinicId]);
  useEffect(() => void prefetchReminderTemplates(), []);

  const clinic = clinics.data?.items.find((c) => c.id === clinicId);
  const list = sessions.data;
  const name = list?.vaccineName ?? code;
  const price = chosen?.priceFen ?? 0;
  // Self-paid and no dose left at this clinic (none released, or all booked): 到苗提醒.
  const outOfStock = !!list && list.items.length > 0 && list.items.every((s) => s.stock && s.stock.remaining === 0);

  const submit = async () => {
    if (!chosen || !clinic) return;
    setBusy(true);
    setError(null);
    // A retry of this attempt (network failure) reuses the key, so it can never book twice.
    attemptKey.current ??= newIdempotencyKey();
    try {
      await requestReminders();
      const a = await vaccinesApi.book({ memberId, clinicId: clinic.id, sessionId: chosen.id, vaccineCode: code }, attemptKey.current);
      attemptKey.current = null;
      setConfirming(false);
      if (a.status === 'pending_payment' && a.orderId) {
        const paid = await payVaccine(a.orderId);
        if (!paid) showToast({ title: '未完成支付，可在我的预约中继续支付', icon: 'none', duration: 3000 });
      } else {
        showToast({ title: '预约成功', icon: 'success' });
      }
      redirectTo({ url: withQuery(VACCINE_PAGES.appointments, { highlight: a.id }) });
    } catch (e) {
      // A refusal is final for this attempt; only a network failure keeps the key for a retry.
      if (e instanceof ApiError && e.status > 0) attemptKey.current = null;
      setConfirming(false);
      setError(messageOf(e));
      void sessions.reload();
    } finally {
      setBusy(false);
    }
  };

  const sessionRow = (s: VaccineSessionView) => {
    const active = chosen?.id === s.id;
    return (
      <View
        role='button'
        key={s.id}
        className={`vx-card vx-session ${s.bookable ? '' : 'vx-session--off'} ${active ? 'vx-session--active' : ''}`}
        data-testid={`vaccine-session-${s.id}`}
        data-bookable={s.bookable ? 'true' : 'false'}
        onClick={() => s.bookable && setChosen(s)}
      >
        <View className='vx-row'>
          <Text className='vx-name'>
            {dateLabel(s.date)} {s.periodLabel}
          </Text>
          <Text className={`vx-tag ${s.bookable ? 'vx-tag--due' : ''}`}>{s.bookable ? `余 ${s.remaining}` : '不可约'}</Text>
        </View>
        <Text className='vx-meta'>
          {hhmm(s.start)}–{hhmm(s.end)} · {yuan(s.priceFen)}
          {s.stock ? ` · 疫苗余量 ${s.stock.remaining}` : ''}
        </Text>
        {s.reason && <Text className='vx-reason'>{s.reason}</Text>}
      </View>
    );
  };

  return (
    <PageShell
      className='vx-book'
      testId='vaccines-book'
      footer={
        <ActionButton
          className={`hp-btn hp-btn--block ${chosen ? '' : 'hp-btn--disabled'}`}
          data-testid='vaccine-book-submit'
          disabled={!chosen || undefined}
          onClick={() => chosen && setConfirming(true)}
        >
          {chosen ? `预约 ${dateLabel(chosen.date)} ${chosen.periodLabel}` : '请选择接种时间'}
        </ActionButton>
      }
    >
      <View className='vx-card vx-book__vaccine'>
        <Text className='vx-title' data-testid='vaccine-book-name'>
          {name}
        </Text>
        <Text className='vx-meta'>{price > 0 || (list?.items[0]?.priceFen ?? 0) > 0 ? `自费疫苗 ${yuan(list?.items[0]?.priceFen ?? price)}/剂，预约后需在线支付` : '国家免疫规划疫苗，免费接种'}</Text>
      </View>
      {error && (
        <View className='hp-alert hp-alert--error' data-testid='vaccine-book-error' role='alert'>
          <Text>{error}</Text>
        </View>
      )}
      <StatusView
        loading={clinics.loading && !clinics.data}
        error={clinics.error}
        onRetry={() => void clinics.reload()}
        empty={clinics.data?.items.length === 0}
        emptyText={memberId ? '暂无为该成员年龄段提供这种疫苗的接种门诊' : '暂无提供该疫苗的接种门诊'}
      >
        <Text className='hp-section-title'>接种门诊</Text>
        <ScrollView scrollX className='vx-book__clinics' enhanced showScrollbar={false}>
          <View className='vx-book__clinic-row'>
            {clinics.data?.items.map((c) => (
              <View
                role='button'
                key={c.id}
                className={`vx-book__clinic ${c.id === clinicId ? 'vx-book__clinic--active' : ''}`}
                data-testid={`vaccine-clinic-${c.id}`}
                onClick={() => setClinicId(c.id)}
              >
                <Text>{c.name}</Text>
              </View>
            ))}
          </View>
        </ScrollView>
        {clinic && (
          <View className='vx-card'>
            <Text className='vx-meta' data-testid='vaccine-clinic-serves'>
              服务对象：{clinic.serves.label}
            </Text>
            <Text className='vx-meta'>地址：{clinic.address}</Text>
            <Text className='vx-meta'>门诊时间：{clinic.hours}</Text>
            <Text className='vx-meta'>电话：{clinic.phone}</Text>
          </View>
        )}
        <Text className='hp-section-title'>选择接种时间</Text>
        <ConsentGate
          loading={sessions.loading && !list}
          error={sessions.error}
          onRetry={() => void sessions.reload()}
          onConsented={() => void sessions.reload()}
          empty={list?.items.length === 0}
          emptyText='近14天没有可预约的场次'
        >
          {outOfStock && clinic && memberId && <StockAlertCard memberId={memberId} clinicId={clinic.id} vaccineCode={code} vaccineName={name} />}
          <View data-testid='vaccine-sessions'>{list?.items.map(sessionRow)}</View>
        </ConsentGate>
      </StatusView>

      <ConfirmDialog
        open={confirming}
        title='确认预约'
        content={
          chosen && clinic
            ? `${name}\n${dateLabel(chosen.date)} ${chosen.periodLabel} ${hhmm(chosen.start)}–${hhmm(chosen.end)}\n${clinic.name}\n${chosen.priceFen > 0 ? `需支付 ${yuan(chosen.priceFen)}，${'请在15分钟内完成支付'}` : '免费接种'}\n请携带预防接种证按时到达；如需取消，请在接种时段开始前操作。`
            : ''
        }
        confirmText={chosen && chosen.priceFen > 0 ? `确认并支付 ${yuan(chosen.priceFen)}` : '确认预约'}
        busy={busy}
        onConfirm={asyncHandler(submit)}
        onCancel={() => setConfirming(false)}
      />
    </PageShell>
  );
}
