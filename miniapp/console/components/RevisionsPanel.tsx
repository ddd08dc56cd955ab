import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { ArticleView, RevisionDiff } from '@healthpocket/shared-types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { StatusView } from '../../components/StatusView';
import { useRequest } from '../../components/useRequest';
import { messageOf } from '../../services/api';
import { REVISION_STATUS_LABELS, chinaTime, consoleApi } from '../api';
import { DiffView } from './DiffView';
import { asyncHandler, showToast } from '../../services/ui';

/** 版本记录: every version with its review, a diff against the one before, and rollback to an approved one. */
export function RevisionsPanel({ article, onChanged }: { article: ArticleView; onChanged: (a: ArticleView) => void }) {
  const list = useRequest(() => consoleApi.revisions(article.id), [article.id, article.version]);
  const [diff, setDiff] = useState<RevisionDiff | null>(null);
  const [rollback, setRollback] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  const showDiff = async (n: number) => {
    try {
      setDiff(diff?.to === n ? null : await consoleApi.diff(article.id, n));
    } catch (e) {
      showToast({ title: messageOf(e), icon: 'none' });
    }
  };
  const doRollback = async () => {
    if (rollback === null) return;
    setBusy(true);
    try {
      onChanged(await consoleApi.rollback(article.id, rollback));
      showToast({ title: `已回滚到第${rollback}版`, icon: 'none' });
    } catch (e) {
      showToast({ title: messageOf(e), icon: 'none' });
    } finally {
      setBusy(false);
      setRollback(null);
    }
  };

  const items = list.data?.items ?? [];
  return (
    <View className='cs-versions' data-testid='revisions'>
      <Text className='hp-section-title'>版本记录</Text>
      <StatusView loading={list.loading && !list.data} error={list.error} onRetry={() => void list.reload()} empty={!items.length} emptyText='保存后会在这里看到版本'>
        {items.map((r) => (
          <View key={r.number} data-testid={`revision-${r.number}`}>
            <View className='cs-version'>
              <Text className='cs-version__n'>第{r.number}版</Text>
              <Text className={`cs-status cs-status--${r.status}`}>{REVISION_STATUS_LABELS[r.status]}</Text>
              {r.live && <Text className='cs-status cs-status--published'>线上版本</Text>}
              <Text className='cs-version__meta'>
                {chinaTime(r.updatedAt)}
                {r.restoredFrom ? ` · 回滚自第${r.restoredFrom}版` : ''}
                {r.reviewNote ? ` · 审核意见：${r.reviewNote}` : ''}
              </Text>
              <Button className='hp-btn hp-btn--ghost hp-btn--small' data-testid={`revision-diff-${r.number}`} onClick={asyncHandler(() => showDiff(r.number))}>
                {diff?.to === r.number ? '收起对比' : '对比上一版'}
              </Button>
              {r.status === 'approved' && !r.live && (
                <Button className='hp-btn hp-btn--plain hp-btn--small' data-testid={`revision-rollback-${r.number}`} onClick={() => setRollback(r.number)}>
                  回滚到此版
                </Button>
              )}
            </View>
            {diff?.to === r.number && <DiffView diff={diff} />}
          </View>
        ))}
      </StatusView>
      <ConfirmDialog
        open={rollback !== null}
        title={`回滚到第${rollback ?? ''}版`}
        content={article.status === 'published' ? '该版本已通过审核，回滚后居民立即看到该版本的内容。' : '将以该版本的内容生成一个新版本（沿用其审核结论）。'}
        confirmText='回滚'
        busy={busy}
        onConfirm={asyncHandler(doRollback)}
        onCancel={() => setRollback(null)}
      />
    </View>
  );
}
