import { Button, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import type { ArticleStatus } from '@healthpocket/shared-types';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { ROUTES, withQuery } from '../../../services/routes';
import { useSession } from '../../../services/session';
import { ARTICLE_STATUS_LABELS, REVISION_STATUS_LABELS, TOPIC_LABELS, chinaTime, consoleApi } from '../../api';
import { navigateTo } from '../../../services/navigate';
import '../../console.scss';

const FILTERS: Array<ArticleStatus | undefined> = [undefined, 'draft', 'scheduled', 'published', 'unpublished'];

/** The operator's article list: filter by state, write, edit, push, see numbers. */
export default function ConsoleHome() {
  const { user } = useSession();
  const [status, setStatus] = useState<ArticleStatus | undefined>(undefined);
  const list = useRequest(() => consoleApi.articles(status), [status]);
  useDidShow(() => void list.reload());
  const isOperator = !!user?.roles.some((r) => r === 'operator' || r === 'reviewer' || r === 'admin');
  const isReviewer = !!user?.roles.some((r) => r === 'reviewer' || r === 'admin');
  const items = list.data?.items ?? [];

  if (!isOperator) {
    return (
      <PageShell testId='console-home'>
        <View className='hp-alert hp-alert--warn cs-gap'>此页面仅供健康教育运营人员使用。</View>
      </PageShell>
    );
  }

  return (
    <PageShell className='cs' testId='console-home'>
      <View className='cs-wrap'>
        <View className='cs-head'>
          <Text className='cs-head__title'>健康资讯文章</Text>
          <View className='cs-actions'>
            {isReviewer && (
              <Button className='hp-btn hp-btn--ghost' data-testid='console-reviews' onClick={() => navigateTo({ url: ROUTES.consoleReview })}>
                医学审核
              </Button>
            )}
            <Button className='hp-btn cs-head__new' data-testid='console-new' onClick={() => navigateTo({ url: ROUTES.consoleEdit })}>
              ＋ 写文章
            </Button>
          </View>
        </View>
        <View className='hp-chips cs-filters'>
          {FILTERS.map((f) => (
            <View
              role='button'
              aria-pressed={status === f ? 'true' : 'false'}
              key={f ?? 'all'}
              className={`hp-chip ${status === f ? 'hp-chip--active' : ''}`}
              data-testid={`console-filter-${f ?? 'all'}`}
              onClick={() => setStatus(f)}
            >
              {f ? ARTICLE_STATUS_LABELS[f] : '全部'}
            </View>
          ))}
        </View>
        <StatusView loading={list.loading && !list.data} error={list.error} onRetry={() => void list.reload()} empty={!items.length} emptyText='还没有文章，点击「写文章」开始'>
          <View className='cs-table' data-testid='console-articles'>
            {items.map((a) => (
              <View key={a.id} className='cs-row' data-testid={`console-article-${a.id}`}>
                <View className='cs-row__main'>
                  <Text className='cs-row__title'>{a.title}</Text>
                  <View className='cs-row__meta'>
                    <Text className={`cs-status cs-status--${a.status}`}>{ARTICLE_STATUS_LABELS[a.status]}</Text>
                    {a.working && (
                      <Text className={`cs-status cs-status--${a.working.status}`}>
                        第{a.working.number}版{REVISION_STATUS_LABELS[a.working.status]}
                      </Text>
                    )}
                    <Text>{a.topics.map((t) => TOPIC_LABELS[t]).join('、')}</Text>
                    {a.status === 'scheduled' && <Text>定时 {chinaTime(a.publishAt)}</Text>}
                    {a.publishedAt && a.status === 'published' && <Text>发布于 {chinaTime(a.publishedAt)}</Text>}
                    <Text>{a.readCount} 阅读</Text>
                  </View>
                </View>
                <View className='cs-row__actions'>
                  <Button className='hp-btn hp-btn--ghost hp-btn--small' data-testid={`console-edit-${a.id}`} onClick={() => navigateTo({ url: withQuery(ROUTES.consoleEdit, { id: a.id }) })}>
                    编辑
                  </Button>
                  {a.status === 'published' && (
                    <Button
                      className='hp-btn hp-btn--plain hp-btn--small'
                      data-testid={`console-push-${a.id}`}
                      onClick={() => navigateTo({ url: withQuery(ROUTES.consoleCampaign, { articleId: a.id }) })}
                    >
                      推送与数据
                    </Button>
                  )}
                </View>
              </View>
            ))}
          </View>
        </StatusView>
      </View>
    </PageShell>
  );
}
