import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { ApiError, messageOf } from '../../../services/api';
import { chinaToday } from '../../../services/shared';
import { teamApi } from '../../../services/team-api';
import { useDeskLayout, useDeskType } from '../../desk';
import { RotaEditor, type RotaDraft } from './RotaEditor';
import { WeekGrid } from './WeekGrid';
import { weekOf } from './week-grid';
import { showToast } from '../../../services/ui';
import '../../styles.scss';
import './index.scss';

/**
 * 值班表 (issue 13 §3, 下班不下线): the team's week, who is on duty now, and what a resident who
 * writes now is told. The team lead edits shifts, leave and holidays; the BFF decides who may
 * (`editable`), and a refusal is shown as it comes.
 */
export default function WorkbenchRota() {
  useDeskType();
  const desk = useDeskLayout();
  const teams = useRequest(() => teamApi.teams(), []);
  const team = teams.data?.items[0];
  const rota = useRequest(() => (team ? teamApi.rota(team.id) : Promise.resolve(null)), [team?.id]);
  const [draft, setDraft] = useState<RotaDraft | null>(null);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState(false);

  useEffect(() => {
    if (!rota.data) return;
    setDraft({ entries: rota.data.entries, leave: rota.data.leave, holidays: rota.data.holidays });
    setDirty(false);
  }, [rota.data]);

  const r = rota.data;
  const editable = !!r?.editable && !refused;
  const week = weekOf(new Date(), draft?.holidays ?? []);
  const todayIndex = week.findIndex((d) => d.date === chinaToday());
  const names = Object.fromEntries((r?.members ?? []).map((m) => [m.id, m.name]));

  const save = async () => {
    if (!r || !draft) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await teamApi.saveRota({ teamId: r.teamId, ...draft });
      rota.setData(saved);
      showToast({ title: '值班表已保存', icon: 'success' });
    } catch (e) {
      if (e instanceof ApiError && e.status === 403) setRefused(true);
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const overview = r && draft && (
    <View className={`rota__main ${desk ? 'rota__pane' : ''}`} data-testid='rota-main'>
      <View className='rota__top'>
        <View className='rota__title'>
          <Text className='rota__team'>{team?.name} · 值班表</Text>
          <Text className='rota__updated'>{r.updatedAt ? `更新于 ${r.updatedAt.slice(0, 16).replace('T', ' ')}` : '尚未排班'}</Text>
        </View>
        <View className='rota__now' data-testid='rota-now'>
          <Text className='rota__label'>现在值班</Text>
          {r.onDutyNow.length === 0 ? (
            <Text className='rota__none'>无人值班</Text>
          ) : (
            r.onDutyNow.map((d) => <Text key={d.staffId} className='dr-badge dr-badge--normal'>{`${d.name} 至 ${d.until}`}</Text>)
          )}
        </View>
        <View className='rota__preview' data-testid='rota-preview'>
          <Text className='rota__label'>居民现在留言，自动回复会说：</Text>
          <Text className='rota__preview-text'>{r.replyPreview ?? '（未排班：只发送各医生设置的自动回复）'}</Text>
          {dirty && <Text className='rota__hint'>保存后按新值班表生成</Text>}
        </View>
      </View>
      <WeekGrid week={week} entries={draft.entries} leave={draft.leave} holidays={draft.holidays} names={names} today={todayIndex} />
    </View>
  );

  const side = r && draft && (
    <View className={`rota__side ${desk ? 'rota__pane' : ''}`} data-testid='rota-side'>
      {error && (
        <View className='hp-alert hp-alert--error' role='alert' data-testid='rota-error'>
          {error}
        </View>
      )}
      {editable ? (
        <>
          <RotaEditor
            draft={draft}
            members={r.members}
            weekDates={week.map((d) => d.date)}
            onChange={(d) => {
              setDraft(d);
              setDirty(true);
            }}
          />
          <View className='rota__save'>
            <Button className={`hp-btn hp-btn--block ${busy ? 'hp-btn--busy' : ''}`} data-testid='rota-save' onClick={() => void save()}>
              保存值班表
            </Button>
          </View>
        </>
      ) : (
        <View className='wb-item' data-testid='rota-readonly'>
          <Text>值班表由团队长安排，如需调整请联系团队长。</Text>
          {draft.leave.map((l, i) => (
            <Text key={i} className='wb-item__meta'>{`${names[l.staffId] ?? l.staffId} 请假 ${l.from} 至 ${l.to}${l.note ? `（${l.note}）` : ''}`}</Text>
          ))}
          {draft.holidays.map((h) => (
            <Text key={h.date} className='wb-item__meta'>{`${h.date} ${h.name}：${h.cover.map((c) => `${names[c.staffId] ?? c.staffId} ${c.start}–${c.end}`).join('、') || '无人值班'}`}</Text>
          ))}
        </View>
      )}
    </View>
  );

  return (
    <PageShell className={`rota ${desk ? 'rota--desk' : ''}`} testId='workbench-rota'>
      <StatusView
        loading={(teams.loading && !teams.data) || (rota.loading && !rota.data)}
        error={teams.error ?? rota.error}
        onRetry={() => void (teams.error ? teams.reload() : rota.reload())}
        empty={!!teams.data && !team}
        emptyText='您还不在任何家庭医生团队中'
      >
        {overview}
        {side}
      </StatusView>
    </PageShell>
  );
}
