import { Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import type { VaccineAppointmentView } from '@healthpocket/shared-types';
import { ActionButton } from '../../../components/ActionButton';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { dateLabel, hhmm, vaccinesApi, yuan } from '../../api';
import { payVaccine } from '../../pay';
import { asyncHandler, showToast } from '../../../services/ui';
import '../../vaccines.scss';
import './index.scss';

const TONE: Record<string, string> = { confirmed: 'due', pending_payment: 'paid', completed: 'done', no_show: 'overdue' };

/** 我的接种预约: every family member's vaccination appointments, newest first; cancel, or pay a pending one. */
export default function AppointmentsPage() {
  const { highlight } = useRouter().params as { highlight?: string };
  const list = useRequest(() => vaccinesApi.appointments('all'), []);
  const [cancelling, setCancelling] = useState<VaccineAppointmentView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else void list.reload();
  });

  const replace = (a: VaccineAppointmentView) => list.setData({ items: (list.data?.items ?? []).map((x) => (x.id === a.id ? a : x)) });

  const confirmCancel = async () => {
    if (!cancelling) return;
    setBusy(cancelling.id);
    setError(null);
    try {
      replace(await vaccinesApi.cancel(cancelling.id));
      showToast({ title: cancelling.priceFen > 0 && cancelling.status === 'confirmed' ? '已取消，费用将原路退回' : '已取消', icon: 'none' });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
      setCancelling(null);
    }
  };

  const pay = async (a: VaccineAppointmentView) => {
    if (!a.orderId) return;
    setBusy(a.id);
    setError(null);
    try {
      if (await payVaccine(a.orderId)) replace(await vaccinesApi.appointment(a.id));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const items = list.data?.items ?? [];
  return (
    <PageShell className='vx-appts' testId='vaccines-appointments'>
      {error && (
        <View className='hp-alert hp-alert--error' data-testid='vaccine-appointments-error' role='alert'>
          <Text>{error}</Text>
        </View>
      )}
      <StatusView loading={list.loading && !list.data} error={list.error} onRetry={() => void list.reload()} empty={items.length === 0} emptyText='还没有疫苗接种预约'>
        <View className='vx-appts__list'>
          {items.map((a) => (
            <View key={a.id} className={`vx-card vx-appt ${a.id === highlight ? 'vx-appt--new' : ''}`} data-testid={`vaccine-appointment-${a.id}`} data-status={a.status}>
              <View className='vx-row'>
                <Text className='vx-name'>
                  {a.vaccineName} 第{a.dose}剂
                </Text>
                <Text className={`vx-tag vx-tag--${TONE[a.status] ?? 'done'}`} data-testid={`vaccine-appointment-status-${a.id}`}>
                  {a.statusLabel}
                </Text>
              </View>
              <Text className='vx-meta'>接种人：{a.memberName}</Text>
              <Text className='vx-meta'>
                时间：{dateLabel(a.sessionDate)} {a.periodLabel} {hhmm(a.start)}–{hhmm(a.end)}
              </Text>
              <Text className='vx-meta'>
                地点：{a.clinicName}（{a.clinicAddress}）
              </Text>
              <Text className='vx-meta'>
                费用：{yuan(a.priceFen)}
                {a.refundedFen > 0 ? `（已退 ${yuan(a.refundedFen)}）` : ''}
              </Text>
              {a.status === 'pending_payment' && a.payBy && <Text className='vx-reason'>请在 {hhmm(a.payBy)} 前完成支付，超时未支付将自动取消</Text>}
              {(a.cancellable || a.status === 'pending_payment') && (
                <View className='vx-actions'>
                  {a.cancellable && (
                    <ActionButton className='hp-btn hp-btn--danger hp-btn--small' data-testid={`vaccine-cancel-${a.id}`} disabled={!!busy || undefined} onClick={() => setCancelling(a)}>
                      取消预约
                    </ActionButton>
                  )}
                  {a.status === 'pending_payment' && (
                    <ActionButton className='hp-btn hp-btn--small' data-testid={`vaccine-pay-${a.id}`} loading={busy === a.id} disabled={!!busy || undefined} onClick={asyncHandler(() => pay(a))}>
                      去支付 {yuan(a.priceFen)}
                    </ActionButton>
                  )}
                </View>
              )}
            </View>
          ))}
        </View>
      </StatusView>
      <ConfirmDialog
        open={!!cancelling}
        title='取消预约'
        content={
          cancelling
            ? `确定取消「${cancelling.memberName} ${cancelling.vaccineName}」${dateLabel(cancelling.sessionDate)}${cancelling.periodLabel}的预约吗？${cancelling.status === 'confirmed' && cancelling.priceFen > 0 ? `已付的 ${yuan(cancelling.priceFen)} 将原路退回。` : ''}`
            : ''
        }
        confirmText='取消预约'
        cancelText='再想想'
        danger
        busy={!!busy}
        onConfirm={asyncHandler(confirmCancel)}
        onCancel={() => setCancelling(null)}
      />
    </PageShell>
  );
}
