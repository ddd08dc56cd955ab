import { Button, Text, Textarea, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import type { RevisionDiff } from '@healthpocket/shared-types';
import { PageShell } from '../../../components/PageShell';
import { RichBody } from '../../../components/RichBody';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { useSession } from '../../../services/session';
import { chinaTime, consoleApi } from '../../api';
import { DiffView } from '../../components/DiffView';
import { asyncHandler, showToast } from '../../../services/ui';
import '../../console.scss';

type Item = NonNullable<ReturnType<typeof useQueue>['data']>['items'][number];
const useQueue = () => useRequest(() => consoleApi.reviews(), []);

/** One version waiting for review: what changed, how it reads, approve or send back with a note. */
function ReviewItem({ item, onDone }: { item: Item; onDone: () => void }) {
  const r = item.revision;
  const [diff, setDiff] = useState<RevisionDiff | null>(null);
  const [preview, setPreview] = useState<Awaited<ReturnType<typeof consoleApi.preview>> | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const open = async () => {
    try {
      const [d, p] = await Promise.all([consoleApi.diff(item.articleId, r.number, item.liveRevision ?? undefined), consoleApi.preview(r.bodyMd)]);
      setDiff(d);
      setPreview(p);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const decide = async (decision: 'approve' | 'reject') => {
    if (decision === 'reject' && note.trim().length < 2) {
      setError('退回时请写明修改意见');
      return;
    }
    setBusy(decision);
    setError(null);
    try {
      await consoleApi.review(item.articleId, r.number, decision, note.trim());
      showToast({ title: decision === 'approve' ? '已通过审核' : '已退回修改', icon: 'none' });
      onDone();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className='cs-review' data-testid={`review-${item.articleId}`}>
      <View className='cs-review__head'>
        <Text className='cs-row__title'>{item.title}</Text>
        <Text>第{r.number}版</Text>
        <Text className='cs-version__meta'>
          {item.liveRevision ? `修改已发布的文章（线上第${item.liveRevision}版）` : '新文章'} · 提交于 {chinaTime(r.submittedAt)}
        </Text>
        {!diff && (
          <Button className='hp-btn hp-btn--ghost hp-btn--small' data-testid='review-open' onClick={asyncHandler(open)}>
            查看内容与修改
          </Button>
        )}
      </View>
      {error && <View className='hp-alert hp-alert--error cs-gap'>{error}</View>}
      {diff && (
        <View className='cs-editor'>
          <View className='cs-editor__form'>
            <DiffView diff={diff} />
          </View>
          <View className='cs-editor__preview'>
            <Text className='hp-field__label'>居民看到的效果</Text>
            <View className='cs-phone' data-testid='review-preview'>
              <Text className='cs-phone__title'>{r.title}</Text>
              <RichBody nodes={preview?.nodes ?? []} />
            </View>
          </View>
        </View>
      )}
      {diff && r.canReview && (
        <View className='hp-form'>
          <Text className='hp-field__label'>审核意见（退回时必填，最多500字）</Text>
          <Textarea className='hp-field__input cs-textarea cs-textarea--short' data-testid='review-note' maxlength={500} value={note} onInput={(e) => setNote(e.detail.value)} />
          <View className='cs-actions'>
            <Button className='hp-btn' data-testid='review-approve' loading={busy === 'approve'} onClick={asyncHandler(() => decide('approve'))}>
              审核通过
            </Button>
            <Button className='hp-btn hp-btn--danger' data-testid='review-reject' loading={busy === 'reject'} onClick={asyncHandler(() => decide('reject'))}>
              退回修改
            </Button>
          </View>
        </View>
      )}
      {diff && !r.canReview && <Text className='cs-review__note'>这是您编写或修改的版本，需由其他审核人员审核。</Text>}
    </View>
  );
}

/** 医学审核: the versions waiting for a reviewer, oldest first. */
export default function ConsoleReview() {
  const { user } = useSession();
  const queue = useQueue();
  useDidShow(() => void queue.reload());
  const isReviewer = !!user?.roles.some((x) => x === 'reviewer' || x === 'admin');
  if (!isReviewer) {
    return (
      <PageShell testId='console-review'>
        <View className='hp-alert hp-alert--warn cs-gap'>此页面仅供医学审核人员使用。</View>
      </PageShell>
    );
  }
  const items = queue.data?.items ?? [];
  return (
    <PageShell className='cs' testId='console-review'>
      <View className='cs-wrap'>
        <View className='cs-head'>
          <Text className='cs-head__title'>医学审核</Text>
          <Text>待审核 {items.length} 篇</Text>
        </View>
        <StatusView loading={queue.loading && !queue.data} error={queue.error} onRetry={() => void queue.reload()} empty={!items.length} emptyText='没有待审核的文章'>
          {items.map((it) => (
            <ReviewItem key={`${it.articleId}-${it.revision.number}`} item={it} onDone={() => void queue.reload()} />
          ))}
        </StatusView>
      </View>
    </PageShell>
  );
}
