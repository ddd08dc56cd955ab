import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { AuditEntryView } from '@healthpocket/shared-types';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { useSession } from '../../../services/session';
import { ROLE_LABELS, adminApi, shortTime, type AuditFilters } from '../../api';
import { AUDIT_ACTION_LABELS, AUDIT_QUICK_FILTERS, chainSummary } from '../../audit-labels';
import '../../admin.scss';
import '../../audit.scss';

const FIELDS: Array<{ key: keyof AuditFilters; label: string; placeholder: string }> = [
  { key: 'action', label: '操作', placeholder: '如 role.grant 或 payment.*' },
  { key: 'actor', label: '操作人', placeholder: '用户 ID' },
  { key: 'subject', label: '对象', placeholder: '对象 ID（用户、成员、订单…）' },
  { key: 'from', label: '开始日期', placeholder: 'YYYY-MM-DD' },
  { key: 'to', label: '结束日期', placeholder: 'YYYY-MM-DD' },
];

/**
 * 安全审计 (admins): the audit trail newest first, filtered by action, actor, subject and dates,
 * with the hash chain's status on top. Desktop-first (an auditor's screen); works on a phone too.
 */
export default function AuditPageView() {
  const { user } = useSession();
  const isAdmin = !!user?.roles.includes('admin');
  const [input, setInput] = useState<AuditFilters>({});
  const [filters, setFilters] = useState<AuditFilters>({});
  const [more, setMore] = useState<{ items: AuditEntryView[]; cursor: string | null; loading: boolean; error?: unknown }>({ items: [], cursor: null, loading: false });
  const chain = useRequest(() => (isAdmin ? adminApi.auditChain() : Promise.resolve(undefined)), [isAdmin]);
  const page = useRequest(async () => {
    if (!isAdmin) return undefined;
    const r = await adminApi.audit(filters);
    setMore({ items: [], cursor: r.nextCursor, loading: false });
    return r;
  }, [filters, isAdmin]);

  if (!isAdmin) {
    return (
      <PageShell testId='audit-home'>
        <View className='hp-alert hp-alert--warn adm-gap'>此页面仅供系统管理员使用。</View>
      </PageShell>
    );
  }

  const search = (next: AuditFilters) => {
    const trimmed = Object.fromEntries(
      Object.entries(next)
        .map(([k, v]) => [k, (v ?? '').trim()])
        .filter(([, v]) => v),
    ) as AuditFilters;
    setInput(next);
    setFilters(trimmed);
  };
  const loadMore = async () => {
    if (!more.cursor) return;
    setMore((m) => ({ ...m, loading: true, error: undefined }));
    try {
      const r = await adminApi.audit(filters, more.cursor);
      setMore((m) => ({ items: [...m.items, ...r.items], cursor: r.nextCursor, loading: false }));
    } catch (e) {
      setMore((m) => ({ ...m, loading: false, error: e }));
    }
  };
  const rows = [...(page.data?.items ?? []), ...more.items];

  return (
    <PageShell className='adm aud' testId='audit-home'>
      <View className='aud-wrap'>
        <Text className='adm-title'>安全审计</Text>
        <View className={`aud-chain ${chain.data && !chain.data.ok ? 'aud-chain--broken' : ''}`} data-testid='audit-chain'>
          <Text className='aud-chain__text' data-testid='audit-chain-text'>
            {chain.loading ? '正在校验审计链…' : chain.error ? `无法校验审计链：${messageOf(chain.error)}` : chain.data ? chainSummary(chain.data) : ''}
          </Text>
          {chain.data && <Text className='aud-chain__meta'>校验于 {shortTime(chain.data.checkedAt)}</Text>}
          {/* Taro's H5 button keeps disabled="false" (greyed out): the state is a class and a guard. */}
          <Button
            className={`hp-btn hp-btn--plain hp-btn--small aud-chain__check ${chain.loading ? 'hp-btn--disabled' : ''}`}
            data-testid='audit-chain-check'
            onClick={() => !chain.loading && void chain.reload()}
          >
            重新校验
          </Button>
        </View>

        <View className='aud-filters'>
          {FIELDS.map((f) => (
            <View key={f.key} className='aud-filter'>
              <Text className='adm-field__label'>{f.label}</Text>
              <Input
                className='hp-field__input'
                data-testid={`audit-filter-${f.key}`}
                placeholder={f.placeholder}
                value={input[f.key] ?? ''}
                onInput={(e) => setInput((i) => ({ ...i, [f.key]: e.detail.value }))}
                onConfirm={() => search(input)}
              />
            </View>
          ))}
          <View className='aud-filter aud-filter--actions'>
            <Button className='hp-btn' data-testid='audit-search' onClick={() => search(input)}>
              查询
            </Button>
            <Button className='hp-btn hp-btn--plain' data-testid='audit-reset' onClick={() => search({})}>
              清空
            </Button>
          </View>
        </View>
        <View className='hp-chips aud-quick'>
          {AUDIT_QUICK_FILTERS.map((q) => (
            <View
              role='button'
              key={q.action}
              className={`hp-chip ${filters.action === q.action ? 'hp-chip--active' : ''}`}
              data-testid={`audit-quick-${q.action}`}
              onClick={() => search({ ...input, action: q.action })}
            >
              {q.label}
            </View>
          ))}
        </View>

        <StatusView loading={page.loading && !page.data} error={page.error} onRetry={() => void page.reload()} empty={!rows.length} emptyText='没有符合条件的审计记录'>
          <View className='aud-table' data-testid='audit-rows'>
            <View className='aud-row aud-row--head'>
              <Text>序号</Text>
              <Text>时间</Text>
              <Text>操作</Text>
              <Text>操作人</Text>
              <Text>对象</Text>
              <Text>详情</Text>
            </View>
            {rows.map((r) => (
              <View key={r.id} className='aud-row' data-testid={`audit-row-${r.seq}`}>
                <Text className='aud-row__seq'>{r.seq}</Text>
                <Text>{shortTime(r.at)}</Text>
                <Text className='aud-row__action'>
                  {AUDIT_ACTION_LABELS[r.action] ?? r.action}
                  <Text className='aud-row__code'>{r.action}</Text>
                </Text>
                <Text className='aud-row__id'>
                  {ROLE_LABELS[r.actorRole] ?? r.actorRole}
                  <Text className='aud-row__code'>{r.actorUserId ?? '系统'}</Text>
                </Text>
                <Text className='aud-row__id'>
                  {r.subjectType}
                  <Text className='aud-row__code'>{r.subjectId}</Text>
                </Text>
                <Text className='aud-row__detail'>{r.detail ? JSON.stringify(r.detail) : '—'}</Text>
              </View>
            ))}
          </View>
          {more.error ? <View className='hp-alert hp-alert--warn adm-gap'>{messageOf(more.error)}</View> : null}
          {more.cursor && (
            <Button className={`hp-btn hp-btn--ghost aud-more ${more.loading ? 'hp-btn--disabled' : ''}`} data-testid='audit-more' onClick={() => !more.loading && void loadMore()}>
              {more.loading ? '正在加载…' : '加载更早的记录'}
            </Button>
          )}
        </StatusView>
      </View>
    </PageShell>
  );
}
