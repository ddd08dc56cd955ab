import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { ChatThread } from '../../components/ChatThread';
import { StatusView } from '../../components/StatusView';
import { useRequest } from '../../components/useRequest';
import { messageOf } from '../../services/api';
import { chatSocket } from '../../services/chat-socket';
import { doctorApi, shortTime } from '../../services/doctor-api';
import { useConversation } from '../../services/use-conversation';
import { teamApi } from '../../services/team-api';
import { addressOf, fillQuickReply } from '@healthpocket/shared-types/src/team-work-constants';
import { AlertAck } from './AlertAck';
import { Handover, HandoverButton } from './Handover';
import { asyncHandler, showToast } from '../../services/ui';
import './ConversationPanes.scss';

const CATEGORY = { normal: '正常', uncontrolled: '未达标', urgent: '紧急' } as const;

export interface ConversationPanesProps {
  id: string;
  /** Desktop: the conversation and the summary are two panes of the workbench grid, each scrolling on its own. */
  desk?: boolean;
  /** After the doctor resolved the case or handled an alert (the inbox reloads). */
  onChanged?: () => void;
  /** Open scrolled to this message (a search hit). */
  focusSeq?: number;
}

/** A resident's conversation with the record summary beside it (below it on a phone). */
export function ConversationPanes({ id, desk = false, onChanged, focusSeq }: ConversationPanesProps) {
  const detail = useRequest(() => doctorApi.workbenchConversation(id), [id]);
  const settings = useRequest(() => doctorApi.settings(), []);
  const teamId = detail.data?.conversation.teamId;
  const teamReplies = useRequest(() => (teamId ? teamApi.quickReplies(teamId) : Promise.resolve(null)), [teamId]);
  const chat = useConversation(id, 'doctor');
  const [handingOver, setHandingOver] = useState(false);

  useEffect(
    () =>
      chatSocket.subscribe((f) => {
        if (f.type === 'alert' && f.alert.conversationId === id) void detail.reload();
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [id],
  );

  const resolve = async () => {
    try {
      await doctorApi.resolve(id);
      showToast({ title: '已标记为已解决', icon: 'success' });
      void detail.reload();
      onChanged?.();
    } catch (e) {
      showToast({ title: messageOf(e), icon: 'none' });
    }
  };

  const d = detail.data;
  const s = d?.summary;
  const lastHandover = d?.handovers[d.handovers.length - 1];
  // {姓名} 张伟, {称呼} 张先生, {医生} the contracted doctor, {团队} the team: filled before the text goes in the input.
  const fillReply = (text: string) =>
    d
      ? fillQuickReply(text, {
          姓名: d.member.name,
          称呼: addressOf(d.member.name, d.member.sex === '男' || d.member.sex === '女' ? d.member.sex : null, d.member.age),
          医生: d.conversation.doctorName,
          团队: d.conversation.teamName,
        })
      : text;
  const panes = d && (
    <>
      <View className={`wbc__main ${desk ? 'wb-desk__pane wb-desk__conv' : ''}`} data-testid='wbc-conversation'>
        <View className='wbc__head'>
          <Text className='wbc__title' data-testid='wbc-title'>
            {d.member.name} {d.member.sex ?? ''} {d.member.age !== null ? `${d.member.age}岁` : ''}
          </Text>
          <View className='wbc__actions'>
            <Text className={`wbc__holder ${d.assignedTo ? 'wbc__holder--assigned' : ''}`} data-testid='wbc-holder'>
              {d.assignedTo ? `由 ${d.assignedTo.name} 处理` : '团队共同处理'}
            </Text>
            {!handingOver && <HandoverButton onClick={() => setHandingOver(true)} />}
            {d.conversation.status === 'open' ? (
              <Button className='hp-btn hp-btn--ghost hp-btn--small' data-testid='wbc-resolve' onClick={asyncHandler(resolve)}>
                标记已解决
              </Button>
            ) : (
              <Text className='dr-badge dr-badge--normal'>已解决</Text>
            )}
          </View>
        </View>
        {handingOver && (
          <Handover
            conversationId={id}
            teamId={d.conversation.teamId}
            holderId={d.assignedTo?.staffId ?? null}
            onCancel={() => setHandingOver(false)}
            onDone={() => {
              setHandingOver(false);
              showToast({ title: '已转交', icon: 'success' });
              void detail.reload();
              onChanged?.();
            }}
          />
        )}
        {lastHandover && (
          <View className='wbc__handover' data-testid='wbc-handover-last'>
            <Text className='wbc__handover-who'>{`${lastHandover.fromName} 转交给 ${lastHandover.toName} · ${shortTime(lastHandover.at)}`}</Text>
            <Text className='wbc__handover-note'>{lastHandover.note}</Text>
          </View>
        )}
        <ChatThread
          chat={chat}
          mySide='doctor'
          notice={d.conversation.notice}
          quickReplies={settings.data?.quickReplies}
          teamReplies={teamReplies.data?.items}
          fillReply={fillReply}
          focusSeq={focusSeq}
          testId='wbchat'
        />
      </View>
      <View className={`wbc__side ${desk ? 'wb-desk__pane wb-desk__summary' : ''}`} data-testid='wbc-record'>
        <Text className='hp-section-title'>健康档案摘要</Text>
        <View className='wb-item'>
          <Text>档案号：{d.member.recordNumber ?? '未匹配'}</Text>
          <Text>慢病：{d.member.conditions.join('、') || '无'}</Text>
          <Text>过敏：{d.member.allergies.join('、') || '无'}</Text>
          {d.member.contract && (
            <Text>
              签约：{d.member.contract.packages.join('、')}（至 {d.member.contract.validTo}）
            </Text>
          )}
          {s?.latestBp && (
            <Text>
              最近血压：{s.latestBp.sbp}/{s.latestBp.dbp} mmHg（{s.latestBp.sourceLabel ?? ''} {shortTime(s.latestBp.at)}）
            </Text>
          )}
          {s?.latestGlucose && (
            <Text>
              最近血糖：{s.latestGlucose.value} mmol/L（{s.latestGlucose.sourceLabel ?? ''} {shortTime(s.latestGlucose.at)}）
            </Text>
          )}
        </View>
        {d.alerts.filter((a) => a.status === 'open').length > 0 && (
          <>
            <Text className='hp-section-title'>未处理预警</Text>
            {d.alerts
              .filter((a) => a.status === 'open')
              .map((a) => (
                <View key={a.id} className='wb-item wb-item--alert'>
                  <Text>{a.reason}</Text>
                  <Text className='wb-item__meta'>{shortTime(a.measuredAt)}</Text>
                  <AlertAck
                    alert={a}
                    onDone={() => {
                      void detail.reload();
                      onChanged?.();
                    }}
                  />
                </View>
              ))}
          </>
        )}
        <Text className='hp-section-title'>家庭自测记录</Text>
        <View className='wb-item'>
          {d.readings.length === 0 && <Text className='wb-item__meta'>暂无</Text>}
          {d.readings.slice(0, 8).map((r) => (
            <View key={r.id} className='wbc__reading'>
              <Text>
                {r.kind === 'bp' ? `${(r.values as { systolic: number }).systolic}/${(r.values as { diastolic: number }).diastolic} mmHg` : `血糖 ${(r.values as { mmol: number }).mmol} mmol/L`}
              </Text>
              <Text className={`dr-badge dr-badge--${r.category}`}>{CATEGORY[r.category]}</Text>
              <Text className='wb-item__meta'>{shortTime(r.measuredAt)}</Text>
            </View>
          ))}
        </View>
      </View>
    </>
  );
  const status = (
    <StatusView loading={detail.loading && !d} error={detail.error} onRetry={() => void detail.reload()}>
      {panes}
    </StatusView>
  );
  // On a phone the two go one under the other; on a desktop they are grid cells of the workbench.
  return desk ? d ? status : <View className='wb-desk__pane wb-desk__conv'>{status}</View> : <View className='wbc__layout'>{status}</View>;
}
