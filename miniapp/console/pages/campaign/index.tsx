import { Button, Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import type { CampaignView, Segment, SegmentPreview } from '@healthpocket/shared-types';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { chinaTime, consoleApi, newKey } from '../../api';
import { asyncHandler, showToast } from '../../../services/ui';
import '../../console.scss';

type Kind = Segment['kind'];
const KINDS: Array<{ kind: Kind; label: string }> = [
  { kind: 'all', label: '全部居民' },
  { kind: 'age_band', label: '按年龄段' },
  { kind: 'children_under_6', label: '有6岁以下儿童的家庭' },
  { kind: 'chronic', label: '高血压/糖尿病居民' },
  { kind: 'vaccine_due', label: '14天内有疫苗待接种' },
];

function CampaignCard({ c, onResume, busy }: { c: CampaignView; onResume: () => void; busy: boolean }) {
  const total = Math.max(c.audienceCount, 1);
  const finished = c.counts.sent + c.counts.failed + c.counts.skipped;
  return (
    <View className='cs-campaign' data-testid={`campaign-${c.id}`}>
      <View className='cs-campaign__head'>
        <Text className='cs-campaign__title'>{c.segmentDescription}</Text>
        <Text className={`cs-status cs-status--${c.status === 'preparing' ? 'preparing' : c.outcome}`} data-testid='campaign-status'>
          {c.status === 'preparing' ? '正在统计人群' : c.outcomeLabel}
        </Text>
      </View>
      <Text className='cs-campaign__meta'>
        {chinaTime(c.createdAt)} · 目标 {c.audienceCount} 人
      </Text>
      <View className='cs-progress'>
        <View className='cs-progress__bar' style={{ width: `${Math.round((finished / total) * 100)}%` }} />
      </View>
      <View className='cs-counts' data-testid='campaign-counts'>
        <Text>已发送 {c.counts.sent}</Text>
        <Text>失败 {c.counts.failed}</Text>
        <Text>跳过 {c.counts.skipped}</Text>
        {c.counts.pending + c.counts.sending > 0 && <Text>待发送 {c.counts.pending + c.counts.sending}</Text>}
      </View>
      {c.waitingQuietHours && (
        <View className='hp-alert hp-alert--warn' data-testid='campaign-quiet'>
          现在是免打扰时段，推送将在时段结束后自动开始发送。
        </View>
      )}
      <View className='cs-counts' data-testid='campaign-figures'>
        <Text>送达 {c.figures.delivered}</Text>
        <Text>打开 {c.figures.opened}</Text>
        <Text>读完 {c.figures.readToEnd}</Text>
        <Text>链接点击 {c.figures.linkClicks}</Text>
      </View>
      {c.reasons.length > 0 && (
        <View className='cs-reasons' data-testid='campaign-reasons'>
          {c.reasons.map((r) => (
            <Text key={`${r.status}-${r.reason}`} className='cs-reasons__item'>
              {r.status === 'failed' ? '失败' : '跳过'}：{r.label} × {r.count}
            </Text>
          ))}
        </View>
      )}
      {c.retryable > 0 && c.status !== 'sending' && (
        <Button className='hp-btn hp-btn--ghost hp-btn--small' data-testid='campaign-resume' loading={busy} onClick={onResume}>
          重试失败的 {c.retryable} 条
        </Button>
      )}
    </View>
  );
}

/** Choose a segment, see its size, push; watch progress; the report and the article's numbers. */
export default function ConsoleCampaign() {
  const { params } = useRouter();
  const articleId = params.articleId ?? '';
  const [kind, setKind] = useState<Kind>('all');
  const [minAge, setMinAge] = useState('60');
  const [maxAge, setMaxAge] = useState('120');
  const [conditions, setConditions] = useState<Array<'I10' | 'E11'>>(['I10', 'E11']);
  const [size, setSize] = useState<SegmentPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const key = useRef(newKey());

  const article = useRequest(() => consoleApi.article(articleId), [articleId]);
  const campaigns = useRequest(() => consoleApi.campaigns(articleId), [articleId]);
  const stats = useRequest(() => consoleApi.stats(articleId), [articleId]);

  // Progress: poll while a campaign is still working.
  const running = (campaigns.data?.items ?? []).some((c) => c.status === 'preparing' || c.status === 'sending');
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => {
      void campaigns.reload();
      void stats.reload();
    }, 1500);
    return () => clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [running]);

  const segment = (): Segment => {
    if (kind === 'age_band') return { kind, minAge: Number(minAge) || 0, maxAge: Number(maxAge) || 0 };
    if (kind === 'chronic') return { kind, conditions };
    if (kind === 'vaccine_due') return { kind, withinDays: 14 };
    return { kind } as Segment;
  };

  // A new choice needs a new count before sending.
  useEffect(() => setSize(null), [kind, minAge, maxAge, conditions]);

  const count = async () => {
    setBusy('count');
    setError(null);
    try {
      setSize(await consoleApi.segmentPreview(segment(), articleId));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const send = async () => {
    setBusy('send');
    setError(null);
    try {
      await consoleApi.createCampaign(articleId, segment(), key.current);
      key.current = newKey();
      setConfirming(false);
      setSize(null);
      showToast({ title: '已开始推送', icon: 'none' });
      await campaigns.reload();
    } catch (e) {
      setError(messageOf(e));
      setConfirming(false);
    } finally {
      setBusy(null);
    }
  };

  const resume = async (id: string) => {
    setBusy(`resume-${id}`);
    try {
      await consoleApi.resume(id);
      await campaigns.reload();
    } catch (e) {
      showToast({ title: messageOf(e), icon: 'none' });
    } finally {
      setBusy(null);
    }
  };

  const s = stats.data;
  return (
    <PageShell className='cs' testId='console-campaign'>
      <StatusView loading={article.loading} error={article.error} onRetry={() => void article.reload()}>
        <View className='cs-wrap'>
          <View className='cs-head'>
            <Text className='cs-head__title'>{article.data?.title}</Text>
          </View>
          {s && (
            <View className='cs-stats' data-testid='article-stats'>
              <View className='cs-stat'>
                <Text className='cs-stat__n'>{s.reads}</Text>
                <Text>阅读</Text>
              </View>
              <View className='cs-stat'>
                <Text className='cs-stat__n'>{s.uniqueReaders}</Text>
                <Text>阅读人数</Text>
              </View>
              <View className='cs-stat'>
                <Text className='cs-stat__n'>{s.pushOpens}</Text>
                <Text>推送打开</Text>
              </View>
              <View className='cs-stat'>
                <Text className='cs-stat__n'>{s.favourites}</Text>
                <Text>收藏</Text>
              </View>
            </View>
          )}

          <View className='hp-form cs-segment'>
            <Text className='hp-field__label'>推送给谁</Text>
            <View className='hp-chips'>
              {KINDS.map((k) => (
                <View
                  role='button'
                  aria-pressed={kind === k.kind ? 'true' : 'false'}
                  key={k.kind}
                  className={`hp-chip ${kind === k.kind ? 'hp-chip--active' : ''}`}
                  data-testid={`segment-${k.kind}`}
                  onClick={() => setKind(k.kind)}
                >
                  {k.label}
                </View>
              ))}
            </View>
            {kind === 'age_band' && (
              <View className='hp-field__row cs-gap'>
                <Input className='hp-field__input cs-age' type='number' data-testid='segment-min-age' value={minAge} onInput={(e) => setMinAge(e.detail.value)} />
                <Text>至</Text>
                <Input className='hp-field__input cs-age' type='number' data-testid='segment-max-age' value={maxAge} onInput={(e) => setMaxAge(e.detail.value)} />
                <Text>岁</Text>
              </View>
            )}
            {kind === 'chronic' && (
              <View className='hp-chips cs-gap'>
                {(['I10', 'E11'] as const).map((c) => (
                  <View
                    role='button'
                    key={c}
                    className={`hp-chip ${conditions.includes(c) ? 'hp-chip--active' : ''}`}
                    data-testid={`segment-${c}`}
                    onClick={() => setConditions((x) => (x.includes(c) ? x.filter((y) => y !== c) : [...x, c]))}
                  >
                    {c === 'I10' ? '高血压 I10' : '2型糖尿病 E11'}
                  </View>
                ))}
              </View>
            )}
            {kind === 'chronic' && <Text className='hp-field__hint'>仅包括已单独同意健康信息授权的居民；按本人或家庭成员的健康档案匹配。</Text>}
            {error && (
              <View className='hp-alert hp-alert--error cs-gap' data-testid='campaign-error'>
                {error}
              </View>
            )}
            {size && (
              <View className='hp-alert hp-alert--info cs-gap' data-testid='segment-size'>
                <Text className='cs-block'>
                  {size.description}：将推送给 {size.count} 位居民，其中约 {size.reachable} 位已订阅提醒、能实际收到（以微信为准）。
                </Text>
                {(size.excludedStaff > 0 || size.excludedAlreadyReceived > 0 || size.excludedWeeklyCap > 0 || size.excludedWithoutConsent > 0) && (
                  <Text className='cs-block' data-testid='segment-excluded'>
                    不在其中：
                    {[
                      size.excludedStaff > 0 && `工作人员 ${size.excludedStaff} 人`,
                      size.excludedAlreadyReceived > 0 && `已收到过本文 ${size.excludedAlreadyReceived} 人`,
                      size.excludedWeeklyCap > 0 && `本周已收到 ${size.weeklyCap} 条推送 ${size.excludedWeeklyCap} 人`,
                      size.excludedWithoutConsent > 0 && `未授权健康信息 ${size.excludedWithoutConsent} 人`,
                    ]
                      .filter(Boolean)
                      .join('，')}
                  </Text>
                )}
                {size.quietHours.start && (
                  <Text className='cs-block' data-testid='segment-quiet'>
                    免打扰时段 {size.quietHours.start}–{size.quietHours.end}（北京时间）{size.quietHours.now ? '：现在发起的推送将在时段结束后发送' : '内不发送'}。
                  </Text>
                )}
              </View>
            )}
            <View className='cs-actions'>
              <Button className='hp-btn hp-btn--ghost' data-testid='segment-count' loading={busy === 'count'} onClick={asyncHandler(count)}>
                统计人数
              </Button>
              <Button className={`hp-btn ${!size || size.count === 0 ? 'hp-btn--disabled' : ''}`} data-testid='campaign-send' disabled={!size || size.count === 0} onClick={() => setConfirming(true)}>
                推送{size ? `给 ${size.count} 人` : ''}
              </Button>
            </View>
          </View>

          <Text className='hp-section-title'>推送记录</Text>
          <StatusView
            loading={campaigns.loading && !campaigns.data}
            error={campaigns.error}
            onRetry={() => void campaigns.reload()}
            empty={!campaigns.data?.items.length}
            emptyText='这篇文章还没有推送过'
          >
            {(campaigns.data?.items ?? []).map((c) => (
              <CampaignCard key={c.id} c={c} busy={busy === `resume-${c.id}`} onResume={asyncHandler(() => resume(c.id))} />
            ))}
          </StatusView>
        </View>
      </StatusView>
      <ConfirmDialog
        open={confirming}
        title='确认推送'
        content={size ? `将通过微信订阅消息把《${article.data?.title ?? ''}》推送给${size.description}，共 ${size.count} 人。每位居民最多收到一次。` : ''}
        confirmText='开始推送'
        busy={busy === 'send'}
        onConfirm={asyncHandler(send)}
        onCancel={() => setConfirming(false)}
      />
    </PageShell>
  );
}
