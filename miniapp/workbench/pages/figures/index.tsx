import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { doctorApi } from '../../../services/doctor-api';
import { useDeskType } from '../../desk';
import { COLUMNS, PERIOD_LABELS, minutes, percent, periodProblem, presetPeriod, rowsOf, sortRows, toCsv, type PeriodKey, type SortKey } from '../../figures';
import '../../styles.scss';
import './index.scss';

/** How each figure is counted, and where its definition comes from (shown on the page). */
const DEFINITIONS: Array<[string, string]> = [
  ['首次响应时间', '居民在线咨询后，到团队任一成员第一条回复的时长；每次等待计一次，取中位数和第90百分位数（P90，最近秩法）。成员行按回复者计。本项是本系统的服务过程指标，国家文件未规定统一口径。'],
  ['日均咨询', '统计期内有居民来信的“会话·日”数除以统计天数；成员行为其回复过的会话·日。'],
  [
    '随访完成率',
    '期内到期的随访（上次随访约定的下次随访日期落在期内）中，期末前已完成同一疾病下一次随访的比例，高血压、2型糖尿病分开统计，计入约定该日期的医生。依据《国家基本公共卫生服务规范（第三版）》高血压、2型糖尿病患者健康管理服务规范：每年至少4次面对面随访；规范的考核指标“规范管理率”= 按规范要求进行健康管理的人数 / 年内已管理的患者人数 × 100%，本项是其按次的过程指标。',
  ],
  ['告警确认时间', '紧急血压/血糖预警产生到团队成员确认处理（填写处理结果）的时长，取中位数和P90；未确认数为期末仍未确认的预警。'],
  ['可见范围', '团队负责人可看每位成员的指标；其他成员看本人和团队合计（由服务端决定）。'],
];

/** 考核 figures for a period: per team and per member, a sortable table and CSV export (desktop first). */
export default function WorkbenchFigures() {
  useDeskType();
  const [period, setPeriod] = useState<PeriodKey>('month');
  const [custom, setCustom] = useState(() => presetPeriod('month', new Date()));
  const [applied, setApplied] = useState(() => presetPeriod('month', new Date()));
  const [teamId, setTeamId] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' }>({ key: 'frMedian', dir: 'asc' });
  const req = useRequest(() => doctorApi.workload({ teamId, ...applied }), [teamId, applied.from, applied.to]);

  const choose = (k: PeriodKey) => {
    setPeriod(k);
    setProblem(null);
    if (k !== 'custom') setApplied(presetPeriod(k, new Date()));
  };
  const applyCustom = () => {
    const p = periodProblem(custom.from, custom.to, new Date());
    setProblem(p);
    if (!p) setApplied({ ...custom });
  };
  const rows = useMemo(() => (req.data ? sortRows(rowsOf(req.data), sort.key, sort.dir) : []), [req.data, sort]);
  const toggleSort = (key: SortKey) => setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }));

  const exportCsv = () => {
    if (!req.data) return;
    const csv = toCsv(req.data, rows);
    const name = `考核指标-${req.data.teamName}-${req.data.from}至${req.data.to}.csv`;
    if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined' && typeof URL.createObjectURL === 'function') {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      a.download = name;
      a.click();
      URL.revokeObjectURL(a.href);
    } else {
      // The mini-program cannot save a file for a desktop: the CSV goes to the clipboard.
      void Taro.setClipboardData({ data: csv }).then(() => Taro.showToast({ title: 'CSV 已复制，可粘贴到表格', icon: 'none' }));
    }
  };

  const v = req.data;
  return (
    <PageShell className='wbf' testId='wb-figures'>
      <View className='wbf__bar'>
        <View className='wbf__periods' role='radiogroup'>
          {(Object.keys(PERIOD_LABELS) as PeriodKey[]).map((k) => (
            <Button
              key={k}
              className={`hp-btn hp-btn--small ${period === k ? '' : 'hp-btn--plain'}`}
              aria-pressed={period === k ? 'true' : 'false'}
              data-testid={`wbf-period-${k}`}
              onClick={() => choose(k)}
            >
              {PERIOD_LABELS[k]}
            </Button>
          ))}
        </View>
        {period === 'custom' && (
          <View className='wbf__custom'>
            <Input
              className='hp-field__input wbf__date'
              data-testid='wbf-from'
              value={custom.from}
              maxlength={10}
              placeholder='开始 2026-11-01'
              onInput={(e) => setCustom((c) => ({ ...c, from: e.detail.value }))}
            />
            <Text>至</Text>
            <Input
              className='hp-field__input wbf__date'
              data-testid='wbf-to'
              value={custom.to}
              maxlength={10}
              placeholder='结束 2026-11-30'
              onInput={(e) => setCustom((c) => ({ ...c, to: e.detail.value }))}
            />
            <Button className='hp-btn hp-btn--small' data-testid='wbf-apply' onClick={applyCustom}>
              查询
            </Button>
          </View>
        )}
        {v && v.teams.length > 1 && (
          <View className='wbf__teams'>
            {v.teams.map((t) => (
              <Button key={t.id} className={`hp-btn hp-btn--small ${t.id === v.teamId ? '' : 'hp-btn--plain'}`} onClick={() => setTeamId(t.id)}>
                {t.name}
              </Button>
            ))}
          </View>
        )}
        <Button className={`hp-btn hp-btn--ghost hp-btn--small wbf__export ${v ? '' : 'hp-btn--disabled'}`} data-testid='wbf-export' onClick={exportCsv}>
          导出 CSV
        </Button>
      </View>
      {problem && (
        <View className='hp-alert hp-alert--error' role='alert' data-testid='wbf-problem'>
          {problem}
        </View>
      )}
      <StatusView loading={req.loading && !req.data} error={req.error} onRetry={() => void req.reload()}>
        {v && (
          <>
            <Text className='wbf__title' data-testid='wbf-title'>
              {v.teamName} · {v.from} 至 {v.to}（{v.days} 天）{v.viewer.isLead ? ' · 团队负责人：可看每位成员' : ' · 本人与团队合计'}
            </Text>
            {!v.followUpAvailable && <View className='hp-alert hp-alert--info'>随访模块未启用，随访完成率暂为 0。</View>}
            <View className='wbf__table' role='table' data-testid='wbf-table'>
              <View className='wbf__row wbf__row--head' role='row'>
                {COLUMNS.map((c) => (
                  <View
                    key={c.key}
                    className='wbf__cell wbf__cell--head'
                    role='columnheader'
                    aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                    data-testid={`wbf-sort-${c.key}`}
                    onClick={() => toggleSort(c.key)}
                  >
                    {c.label}
                    {sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </View>
                ))}
              </View>
              {rows.map((r) => (
                <View key={r.key} className={`wbf__row ${r.total ? 'wbf__row--total' : ''}`} role='row' data-testid={`wbf-row-${r.key}`}>
                  <View className='wbf__cell' role='cell'>
                    <Text className='wbf__name'>{r.name}</Text>
                    <Text className='wbf__role'>{r.role}</Text>
                  </View>
                  <View className='wbf__cell' role='cell'>
                    {minutes(r.firstResponse.medianMinutes)}
                  </View>
                  <View className='wbf__cell' role='cell'>
                    {minutes(r.firstResponse.p90Minutes)}
                  </View>
                  <View className='wbf__cell' role='cell'>
                    {r.consultations.perDay}（共 {r.consultations.total}）
                  </View>
                  <View className='wbf__cell' role='cell'>
                    {percent(r.followUp.hypertension)}
                  </View>
                  <View className='wbf__cell' role='cell'>
                    {percent(r.followUp.diabetes)}
                  </View>
                  <View className='wbf__cell' role='cell'>
                    {minutes(r.alertAck.medianMinutes)}
                  </View>
                  <View className='wbf__cell' role='cell'>
                    {minutes(r.alertAck.p90Minutes)}
                    {r.total && r.alertAck.open > 0 ? `（${r.alertAck.open} 条未确认）` : ''}
                  </View>
                </View>
              ))}
            </View>
            <View className='wbf__defs' data-testid='wbf-definitions'>
              <Text className='wbf__defs-title'>指标口径</Text>
              {DEFINITIONS.map(([term, text]) => (
                <Text key={term} className='wbf__def'>
                  <Text className='wbf__term'>{term}：</Text>
                  {text}
                </Text>
              ))}
            </View>
          </>
        )}
      </StatusView>
    </PageShell>
  );
}
