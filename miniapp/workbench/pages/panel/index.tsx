import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { FollowupKind, PanelFilter, PanelResident } from '@healthpocket/shared-types';
import { PANEL_FILTER_LABELS, PANEL_FILTERS } from '@healthpocket/shared-types/src/followup-constants';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { followupApi } from '../../../services/followup-api';
import { ROUTES } from '../../../services/routes';
import { useDeskLayout, useDeskType } from '../../desk';
import { FollowupFormPane } from './FollowupFormPane';
import { SelfReportCard } from './SelfReportCard';
import { asyncHandler, showToast } from '../../../services/ui';
import { navigateTo } from '../../../services/navigate';
import '../../styles.scss';
import './index.scss';

const KIND_LABEL: Record<FollowupKind, string> = { hypertension: '高血压随访', diabetes: '糖尿病随访' };

/** 签约居民 (the patient panel) and 随访: list | resident with the national form. */
export default function WorkbenchPanel() {
  useDeskType();
  const desk = useDeskLayout();
  const [tab, setTab] = useState<'panel' | 'due'>('panel');
  const [q, setQ] = useState('');
  const [applied, setApplied] = useState('');
  const [filters, setFilters] = useState<PanelFilter[]>([]);
  const [extra, setExtra] = useState<PanelResident[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [formKind, setFormKind] = useState<FollowupKind | null>(null);
  const list = useRequest(async () => {
    const p = await followupApi.panel({ q: applied || undefined, filters });
    setExtra([]);
    setCursor(p.nextCursor);
    return p;
  }, [applied, filters.join(',')]);
  const due = useRequest(() => followupApi.due('mine'), [tab === 'due']);
  const detail = useRequest(() => (selected ? followupApi.resident(selected) : Promise.resolve(null)), [selected]);

  const loadMore = async () => {
    if (!cursor) return;
    try {
      const p = await followupApi.panel({ q: applied || undefined, filters, cursor });
      setExtra((x) => [...x, ...p.items]);
      setCursor(p.nextCursor);
    } catch (e) {
      setMore(messageOf(e));
    }
  };
  const toggle = (f: PanelFilter) => setFilters((x) => (x.includes(f) ? x.filter((y) => y !== f) : [...x, f]));
  const open = (rn: string, kind: FollowupKind | null = null) => {
    setSelected(rn);
    setFormKind(kind);
  };
  const items = [...(list.data?.items ?? []), ...extra];

  const left = (
    <View className='wbp__list' data-testid='wbp-list'>
      <View className='hp-chips'>
        <View
          role='button'
          aria-pressed={tab === 'panel' ? 'true' : 'false'}
          className={`hp-chip ${tab === 'panel' ? 'hp-chip--active' : ''}`}
          data-testid='wbp-tab-panel'
          onClick={() => setTab('panel')}
        >
          签约居民{list.data ? ` ${list.data.total}` : ''}
        </View>
        <View role='button' aria-pressed={tab === 'due' ? 'true' : 'false'} className={`hp-chip ${tab === 'due' ? 'hp-chip--active' : ''}`} data-testid='wbp-tab-due' onClick={() => setTab('due')}>
          待随访
        </View>
      </View>
      {tab === 'panel' ? (
        <>
          <View className='hp-field hp-field__row wbp__search'>
            <Input
              className='hp-field__input'
              data-testid='wbp-search'
              value={q}
              maxlength={32}
              placeholder='姓名或档案号'
              onInput={(e) => setQ(e.detail.value)}
              onConfirm={() => setApplied(q.trim())}
            />
            <Button className='hp-btn hp-btn--small' data-testid='wbp-search-go' onClick={() => setApplied(q.trim())}>
              搜索
            </Button>
          </View>
          <View className='hp-chips'>
            {PANEL_FILTERS.map((f) => (
              <View
                role='button'
                aria-pressed={filters.includes(f) ? 'true' : 'false'}
                key={f}
                className={`hp-chip ${filters.includes(f) ? 'hp-chip--active' : ''}`}
                data-testid={`wbp-filter-${f}`}
                onClick={() => toggle(f)}
              >
                {PANEL_FILTER_LABELS[f]}
              </View>
            ))}
          </View>
          <StatusView loading={list.loading} error={list.error} onRetry={() => void list.reload()} empty={!list.loading && items.length === 0} emptyText='没有符合条件的签约居民，换个条件试试'>
            {items.map((p) => (
              <View
                role='button'
                key={p.recordNumber}
                className={`wb-item ${selected === p.recordNumber ? 'wbp__item--on' : ''}`}
                data-testid={`wbp-row-${p.recordNumber}`}
                onClick={() => open(p.recordNumber)}
              >
                <View className='wb-item__line'>
                  <Text className='wb-item__name'>
                    {p.name}{' '}
                    <Text className='wb-item__sub'>
                      {p.sex} · {p.age}岁 · {p.community}
                    </Text>
                  </Text>
                  {p.tags.includes('overdue') && <Text className='wbp__tag wbp__tag--danger'>随访逾期</Text>}
                </View>
                <Text className='wb-item__sub'>
                  {p.recordNumber}
                  {p.conditions.length ? ` · ${p.conditions.join('、')}` : ''}
                </Text>
                {p.uncontrolledReading && <Text className='wbp__tag wbp__tag--warn'>近7天 {p.uncontrolledReading.text}</Text>}
              </View>
            ))}
            {cursor && (
              <Button className='hp-btn hp-btn--plain' data-testid='wbp-more' onClick={asyncHandler(loadMore)}>
                加载更多
              </Button>
            )}
            {more && <View className='hp-alert hp-alert--error'>{more}</View>}
          </StatusView>
        </>
      ) : (
        <StatusView
          loading={due.loading}
          error={due.error}
          onRetry={() => void due.reload()}
          empty={!!due.data && due.data.overdue.length + due.data.due.length === 0}
          emptyText='近两周没有待随访的居民'
        >
          {due.data &&
            (
              [
                ['overdue', '已逾期'],
                ['due', '两周内到期'],
              ] as const
            ).map(([k, label]) => (
              <View key={k}>
                <Text className='hp-section-title'>
                  {label}（{due.data![k].length}）
                </Text>
                {due.data![k].map((d) => (
                  <View
                    role='button'
                    key={`${d.recordNumber}-${d.kind}`}
                    className={`wb-item ${k === 'overdue' ? 'wb-item--alert' : ''}`}
                    data-testid={`wbp-due-${d.recordNumber}-${d.kind}`}
                    onClick={() => open(d.recordNumber, d.kind)}
                  >
                    <View className='wb-item__line'>
                      <Text className='wb-item__name'>{d.name}</Text>
                      <Text className='wb-item__sub'>{KIND_LABEL[d.kind]}</Text>
                    </View>
                    <Text className='wb-item__sub'>{k === 'overdue' ? `应于 ${d.dueDate} 随访，已逾期 ${d.overdueDays} 天` : `${d.dueDate} 前随访`}</Text>
                  </View>
                ))}
              </View>
            ))}
        </StatusView>
      )}
    </View>
  );

  const right = (
    <View className='wbp__detail' data-testid='wbp-detail'>
      {!selected ? (
        <View className='hp-empty'>从左侧选择一位签约居民，查看随访情况并填写随访表</View>
      ) : (
        <StatusView loading={detail.loading} error={detail.error} onRetry={() => void detail.reload()}>
          {detail.data && (
            <>
              <Text className='hp-section-title'>
                {detail.data.resident.name}（{detail.data.resident.sex}，{detail.data.resident.age}岁）档案号 {detail.data.resident.recordNumber}
              </Text>
              <Text className='wb-item__sub'>签约医生 {detail.data.resident.doctorName}</Text>
              {detail.data.resident.followups.length === 0 && <View className='hp-empty'>该居民未纳入高血压或2型糖尿病患者健康管理，无需慢病随访</View>}
              {detail.data.resident.followups.map((f) => (
                <View key={f.kind} className='wb-item__line wbp__due'>
                  <Text>
                    {KIND_LABEL[f.kind]}：上次 {f.lastDate ?? '无记录'}，应于 {f.dueDate} 前{f.overdue ? '（已逾期）' : ''}
                  </Text>
                  <Button className='hp-btn hp-btn--small' data-testid={`wbp-start-${f.kind}`} onClick={() => setFormKind(f.kind)}>
                    填写随访
                  </Button>
                </View>
              ))}
              {!formKind && detail.data.selfReports.map((r) => <SelfReportCard key={r.id} report={r} onStart={() => setFormKind(r.kind)} />)}
              {formKind && (
                <FollowupFormPane
                  key={`${selected}-${formKind}`}
                  recordNumber={selected}
                  kind={formKind}
                  selfReport={detail.data.selfReports.find((r) => r.kind === formKind) ?? null}
                  onDone={() => {
                    showToast({ title: '随访已保存，正在回传平台', icon: 'none' });
                    setFormKind(null);
                    void detail.reload();
                    void list.reload();
                  }}
                />
              )}
              <Text className='hp-section-title'>本工作台记录的随访</Text>
              {detail.data.followups.length === 0 ? (
                <View className='hp-empty'>暂无</View>
              ) : (
                detail.data.followups.map((f) => (
                  <View key={f.id} className='wb-item' data-testid={`wbp-fu-${f.id}`}>
                    <Text>
                      {f.date} {KIND_LABEL[f.kind]} · 血压 {f.sbp}/{f.dbp} · {f.classification}
                    </Text>
                    <Text className='wb-item__sub' data-testid='wbp-writeback'>
                      {f.writeback === 'written' ? '已回传健康档案平台' : f.writeback === 'failed' ? '平台拒收，请联系信息科' : '正在回传平台…'}
                    </Text>
                  </View>
                ))
              )}
              <Button className='hp-btn hp-btn--plain' data-testid='wbp-open-record' onClick={() => navigateTo({ url: `${ROUTES.recordsFollowups}?member=${selected}` })}>
                在健康档案中查看随访记录
              </Button>
            </>
          )}
        </StatusView>
      )}
    </View>
  );

  return (
    <PageShell className={`wbp ${desk ? 'wbp--desk' : ''}`} testId='workbench-panel'>
      {desk || !selected ? left : null}
      {desk || selected ? right : null}
      {!desk && selected && (
        <Button className='hp-btn hp-btn--plain' onClick={() => setSelected(null)}>
          返回名单
        </Button>
      )}
    </PageShell>
  );
}
