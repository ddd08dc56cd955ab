import { Button, Input, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import type { ApplicationView } from '@healthpocket/shared-types';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { chatSocket, type SocketState } from '../../../services/chat-socket';
import { doctorApi, shortTime } from '../../../services/doctor-api';
import { ROUTES, withQuery } from '../../../services/routes';
import { getUser } from '../../../services/session';
import { ConversationPanes } from '../../components/ConversationPanes';
import { useDeskLayout, useDeskType } from '../../desk';
import { useInbox } from '../../use-inbox';
import { AlertAck } from '../../components/AlertAck';
import { AlertBanner } from '../../components/AlertBanner';
import { ChatSearch } from '../../components/ChatSearch';
import { showToast } from '../../../services/ui';
import { navigateTo } from '../../../services/navigate';
import '../../styles.scss';
import './index.scss';

type Tab = 'inbox' | 'alerts' | 'applications';

function waited(iso: string | null): string {
  if (!iso) return '';
  const min = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60000));
  return min < 60 ? `已等待 ${min} 分钟` : `已等待 ${Math.floor(min / 60)} 小时 ${min % 60} 分`;
}

/**
 * 医生工作台: inbox (open alerts first, then longest waiting), urgent-reading alerts and contract
 * applications, live. On a desktop window: three panes, inbox | conversation | resident summary.
 */
export default function WorkbenchHome() {
  const [tab, setTab] = useState<Tab>('inbox');
  useDeskType();
  const desk = useDeskLayout();
  const [selected, setSelected] = useState<string | null>(null);
  // A search hit opens its conversation at the message.
  const [focusSeq, setFocusSeq] = useState<number | undefined>(undefined);
  const [searching, setSearching] = useState(false);
  const inbox = useInbox();
  const alerts = useRequest(() => doctorApi.alerts(), []);
  const apps = useRequest(() => doctorApi.applications(), []);
  const [socket, setSocket] = useState<SocketState>(chatSocket.current);
  const [declining, setDeclining] = useState<ApplicationView | null>(null);
  const [approving, setApproving] = useState<ApplicationView | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const firstShow = useRef(true);
  const me = getUser()?.doctorId ?? null;

  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else void Promise.all([inbox.reload(), alerts.reload(), apps.reload()]);
  });

  useEffect(
    () =>
      chatSocket.subscribe((f) => {
        if (f.type === 'message' || f.type === 'inbox') void inbox.reload();
        if (f.type === 'alert') {
          void alerts.reload();
          void inbox.reload();
        }
        if (f.type === 'application') void apps.reload();
      }, setSocket),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  // Without a socket, refresh the lists now and then.
  useEffect(() => {
    if (socket === 'open') return;
    const t = setInterval(() => void inbox.reload(), 10_000);
    return () => clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [socket]);

  const act = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      showToast({ title: done, icon: 'success' });
      await Promise.all([apps.reload(), alerts.reload(), inbox.reload()]);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
      setDeclining(null);
      setReason('');
    }
  };

  const openAlerts = alerts.data?.items.length ?? 0;
  const pendingApps = apps.data?.items.length ?? 0;
  const unread = inbox.data?.items.reduce((n, i) => n + i.unread, 0) ?? 0;
  // A desktop window opens the top of the inbox (the most urgent case) until the doctor picks one.
  const top = inbox.data?.items[0]?.conversationId;
  useEffect(() => {
    if (desk && !selected && top) setSelected(top);
  }, [desk, selected, top]);
  const openConversation = (id: string, seq?: number) => {
    if (!desk) return navigateTo({ url: withQuery(ROUTES.workbenchChat, seq ? { id, seq: String(seq) } : { id }) });
    setSelected(id);
    setFocusSeq(seq);
  };
  const TABS: Array<[Tab, string, number]> = [
    ['inbox', '咨询', unread],
    ['alerts', '预警', openAlerts],
    ['applications', '签约申请', pendingApps],
  ];

  return (
    <PageShell className={`wb ${desk ? 'wb-desk-page' : ''}`} testId='workbench-home'>
      <View className={desk ? 'wb-desk' : ''}>
        <View className={desk ? 'wb-desk__pane wb-desk__inbox' : ''} data-testid='wb-inbox-pane'>
          <View className='wb__bar'>
            <View className='hp-chips'>
              {TABS.map(([key, label, n]) => (
                <View
                  role='button'
                  aria-pressed={tab === key ? 'true' : 'false'}
                  key={key}
                  className={`hp-chip ${tab === key ? 'hp-chip--active' : ''}`}
                  data-testid={`wb-tab-${key}`}
                  onClick={() => setTab(key)}
                >
                  {label}
                  {n > 0 && <Text className='wb__count'>{n}</Text>}
                </View>
              ))}
            </View>
            <View className='wb__bar-right'>
              <Text className={`wb__socket wb__socket--${socket}`}>{socket === 'open' ? '● 实时' : '○ 重连中'}</Text>
              <Button className='hp-btn hp-btn--plain hp-btn--small' data-testid='wb-panel' onClick={() => navigateTo({ url: ROUTES.workbenchPanel })}>
                签约居民与随访
              </Button>
              <Button className='hp-btn hp-btn--plain hp-btn--small' data-testid='wb-figures' onClick={() => navigateTo({ url: ROUTES.workbenchFigures })}>
                考核指标
              </Button>
              <Button className='hp-btn hp-btn--plain hp-btn--small' data-testid='wb-rota' onClick={() => navigateTo({ url: ROUTES.workbenchRota })}>
                值班表
              </Button>
              <Button className='hp-btn hp-btn--plain hp-btn--small' data-testid='wb-settings' onClick={() => navigateTo({ url: ROUTES.workbenchSettings })}>
                设置
              </Button>
            </View>
          </View>
          <AlertBanner alerts={alerts.data?.items ?? []} onOpen={(a) => (a.conversationId ? openConversation(a.conversationId) : setTab('alerts'))} />
          {error && (
            <View className='hp-alert hp-alert--error' role='alert'>
              {error}
            </View>
          )}

          {tab === 'inbox' && (
            <View className='wb__search'>
              <ChatSearch onOpen={(h) => openConversation(h.conversationId, h.seq)} onActive={setSearching} />
            </View>
          )}

          {tab === 'inbox' && !searching && (
            <StatusView loading={inbox.loading && !inbox.data} error={inbox.error} onRetry={() => void inbox.reload()} empty={inbox.data?.items.length === 0} emptyText='暂无居民咨询'>
              <View className='wb__list'>
                {inbox.data?.items.map((i) => (
                  <View
                    role='button'
                    key={i.conversationId}
                    className={`wb-item ${i.openAlerts > 0 ? 'wb-item--alert' : ''} ${selected === i.conversationId ? 'wb-item--selected' : ''}`}
                    data-testid='wb-inbox-item'
                    onClick={() => openConversation(i.conversationId)}
                  >
                    <View className='wb-item__line'>
                      <Text className='wb-item__name'>
                        {i.memberName}
                        <Text className='wb-item__sub'>
                          {' '}
                          {i.memberSex ?? ''} {i.memberAge !== null ? `${i.memberAge}岁` : ''}
                        </Text>
                      </Text>
                      <View className='wb-item__badges'>
                        {i.openAlerts > 0 && <Text className='dr-badge dr-badge--urgent'>预警 {i.openAlerts}</Text>}
                        {i.unread > 0 && (
                          <Text className='wb__count' data-testid='wb-unread'>
                            {i.unread}
                          </Text>
                        )}
                        {i.status === 'resolved' && <Text className='dr-badge dr-badge--normal'>已解决</Text>}
                      </View>
                    </View>
                    <Text className='wb-item__last'>{i.lastMessage ?? '（暂无消息）'}</Text>
                    {i.handover && (
                      <Text className={`wb-item__handover ${i.assignedStaffId === me ? 'wb-item__handover--mine' : ''}`} data-testid='wb-inbox-handover'>
                        {`${i.assignedStaffId === me ? '转交给我' : `已转交 ${i.handover.toName}`} · ${i.handover.fromName}：${i.handover.note}`}
                      </Text>
                    )}
                    <Text className='wb-item__meta'>
                      {i.waitingSince ? <Text className='wb-item__waiting'>{waited(i.waitingSince)}</Text> : '已回复'}
                      {i.lastMessageAt ? ` · ${shortTime(i.lastMessageAt)}` : ''}
                    </Text>
                  </View>
                ))}
              </View>
              {inbox.nextCursor && (
                <Button className={`hp-btn hp-btn--ghost wb__more ${inbox.loadingMore ? 'hp-btn--busy' : ''}`} data-testid='wb-inbox-more' onClick={() => void inbox.loadMore()}>
                  {inbox.loadingMore ? '加载中…' : '加载更多'}
                </Button>
              )}
            </StatusView>
          )}

          {tab === 'alerts' && (
            <StatusView loading={alerts.loading && !alerts.data} error={alerts.error} onRetry={() => void alerts.reload()} empty={openAlerts === 0} emptyText='暂无待处理的预警'>
              <View className='wb__list'>
                {alerts.data?.items.map((a) => (
                  <View key={a.id} className='wb-item wb-item--alert' data-testid='wb-alert'>
                    <Text className='wb-item__name'>{a.memberName}</Text>
                    <Text className='wb-item__last'>{a.reason}</Text>
                    <Text className='wb-item__meta'>测量于 {shortTime(a.measuredAt)}</Text>
                    <View className='wb-item__actions'>
                      {a.conversationId && (
                        <Button className='hp-btn hp-btn--small' onClick={() => openConversation(a.conversationId!)}>
                          联系居民
                        </Button>
                      )}
                      <AlertAck
                        alert={a}
                        onDone={() => {
                          // The server confirmed it: off the list and the banner at once, whatever the reload meets.
                          if (alerts.data) alerts.setData({ ...alerts.data, items: alerts.data.items.filter((x) => x.id !== a.id) });
                          void Promise.all([alerts.reload(), inbox.reload()]);
                        }}
                      />
                    </View>
                  </View>
                ))}
              </View>
            </StatusView>
          )}

          {tab === 'applications' && (
            <StatusView loading={apps.loading && !apps.data} error={apps.error} onRetry={() => void apps.reload()} empty={pendingApps === 0} emptyText='暂无待审核的签约申请'>
              <View className='wb__list'>
                {apps.data?.items.map((a) => (
                  <View key={a.id} className='wb-item' data-testid='wb-application'>
                    <Text className='wb-item__name'>
                      {a.memberName}
                      {a.applicant && (
                        <Text className='wb-item__sub'>
                          {' '}
                          {a.applicant.sex} {a.applicant.age}岁 · {a.applicant.community}
                        </Text>
                      )}
                      {a.applicant?.outsideCommunity && <Text className='wb-item__flag'>非本团队服务社区的居民，请核实居住地后再审核</Text>}
                    </Text>
                    {a.applicant && (
                      <Text className='wb-item__last'>
                        慢病：{a.applicant.conditions.join('、') || '无'} · 电话 {a.applicant.phoneMasked ?? '—'}
                      </Text>
                    )}
                    <Text className='wb-item__last' data-testid='wb-application-packages'>
                      {a.kind === 'renewal' ? '续约' : '新签约'}：{a.teamName} · 服务包 {a.packages.map((p) => p.name).join('、') || `${a.packageIds.length} 项`}
                      {a.note ? ` · 备注：${a.note}` : ''}
                    </Text>
                    <Text className='wb-item__last' data-testid='wb-application-agreement'>
                      {a.agreement ? `已签署协议书 ${a.agreement.version} 版（${a.agreement.signerName}，${shortTime(a.agreement.signedAt)}）` : '沿用已签署的协议书（版本未变）'}
                    </Text>
                    <Text className='wb-item__meta'>提交于 {shortTime(a.appliedAt)}</Text>
                    {declining?.id === a.id ? (
                      <View className='wb-item__decline'>
                        <Input
                          className='hp-field__input'
                          data-testid='wb-decline-reason'
                          maxlength={100}
                          placeholder='不通过的原因（居民会看到）'
                          value={reason}
                          onInput={(e) => setReason(e.detail.value)}
                        />
                        <View className='wb-item__actions'>
                          <Button
                            className={`hp-btn hp-btn--danger hp-btn--small ${busy ? 'hp-btn--busy' : ''}`}
                            data-testid='wb-decline-confirm'
                            onClick={() => (reason.trim() ? void act(() => doctorApi.decline(a.id, reason.trim()), '已处理') : setError('请填写不通过的原因'))}
                          >
                            确认不通过
                          </Button>
                          <Button className='hp-btn hp-btn--ghost hp-btn--small' onClick={() => setDeclining(null)}>
                            取消
                          </Button>
                        </View>
                      </View>
                    ) : (
                      <View className='wb-item__actions'>
                        <Button className='hp-btn hp-btn--small' data-testid='wb-approve' onClick={() => setApproving(a)}>
                          同意签约
                        </Button>
                        <Button className='hp-btn hp-btn--danger hp-btn--small' data-testid='wb-decline' onClick={() => setDeclining(a)}>
                          不通过
                        </Button>
                      </View>
                    )}
                  </View>
                ))}
              </View>
            </StatusView>
          )}
        </View>
        {desk &&
          (selected ? (
            <ConversationPanes key={`${selected}:${focusSeq ?? ''}`} id={selected} desk focusSeq={focusSeq} onChanged={() => void Promise.all([inbox.reload(), alerts.reload()])} />
          ) : (
            <>
              <View className='wb-desk__pane wb-desk__conv wb-desk__empty' data-testid='wbc-conversation'>
                <Text>从左侧选择一位居民的咨询</Text>
              </View>
              <View className='wb-desk__pane wb-desk__summary wb-desk__empty' data-testid='wbc-record'>
                <Text>居民的健康档案摘要会显示在这里</Text>
              </View>
            </>
          ))}
      </View>

      <ConfirmDialog
        open={!!approving}
        title='同意签约'
        content={`同意 ${approving?.memberName ?? ''} 与本团队签约？平台将生成为期一年的签约。`}
        confirmText='同意'
        busy={busy}
        onConfirm={() => void act(() => doctorApi.approve(approving!.id), '已签约').then(() => setApproving(null))}
        onCancel={() => setApproving(null)}
      />
    </PageShell>
  );
}
