import { Button, ScrollView, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import type { ArticleCard, ContentTopic } from '@healthpocket/shared-types';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { ROUTES, withQuery } from '../../../services/routes';
import { isLoggedIn, loadClientConfig } from '../../../services/session';
import { CONTENT_TOPICS, TOPIC_LABELS, contentApi } from '../../api';
import { ArticleItem } from '../../components';
import { asyncHandler, showToast } from '../../../services/ui';
import { navigateTo } from '../../../services/navigate';
import '../../components.scss';
import './index.scss';

const open = (id: string) => navigateTo({ url: withQuery(ROUTES.contentArticle, { id }) });

type SubscriptionInfo = Awaited<ReturnType<typeof contentApi.subscription>>;

/**
 * Asks WeChat (weapp) or the sandbox (H5) for one more 健康资讯 reminder, and tells the BFF. The
 * template id was loaded with the page: WeChat only shows its dialog when requestSubscribeMessage
 * is called in the tap itself, not after a network call.
 */
async function subscribe(info: SubscriptionInfo): Promise<boolean> {
  let accepted = false;
  if (process.env.TARO_ENV === 'weapp') {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: [info.templateId] } as never)) as unknown as Record<string, string>;
    accepted = res[info.templateId] === 'accept';
  } else {
    const cfg = await loadClientConfig();
    if (!cfg.sandboxUrl || !info.sandboxOpenid) throw new Error('H5 无法订阅微信消息');
    const res = await contentApi.sandboxSubscribe(cfg.sandboxUrl, info.sandboxOpenid, [info.templateId]);
    accepted = res[info.templateId] === 'accept';
  }
  if (accepted) await contentApi.recordAccepted([info.templateId]);
  return accepted;
}

export default function ContentFeedPage() {
  const [topic, setTopic] = useState<ContentTopic | undefined>(undefined);
  const [more, setMore] = useState<ArticleCard[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [editingTopics, setEditingTopics] = useState(false);
  const [chosen, setChosen] = useState<ContentTopic[]>([]);
  const loggedIn = isLoggedIn();
  // Loaded with the page, so 订阅 can ask WeChat in the tap itself.
  const subscription = useRequest(() => (loggedIn ? contentApi.subscription() : Promise.resolve(undefined)), [loggedIn]);

  const feed = useRequest(async () => {
    const f = await contentApi.feed({ topic, limit: 10 });
    setMore([]);
    setCursor(f.nextCursor);
    setChosen(f.topics);
    return f;
  }, [topic]);

  usePullDownRefresh(() => {
    void feed.reload().finally(() => Taro.stopPullDownRefresh());
  });

  const loadMore = async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const f = await contentApi.feed({ topic, cursor, limit: 10 });
      setMore((m) => [...m, ...f.items]);
      setCursor(f.nextCursor);
    } catch (e) {
      showToast({ title: messageOf(e), icon: 'none' });
    } finally {
      setLoadingMore(false);
    }
  };

  const saveTopics = async () => {
    try {
      await contentApi.setPreferences(chosen);
      setEditingTopics(false);
      showToast({ title: '已保存关注主题', icon: 'none' });
      void feed.reload();
    } catch (e) {
      showToast({ title: messageOf(e), icon: 'none' });
    }
  };

  const doSubscribe = async () => {
    try {
      const info = subscription.data ?? (await subscription.reload());
      if (!info) throw new Error(subscription.error?.message ?? '暂时无法订阅，请稍后再试');
      const ok = await subscribe(info);
      showToast({ title: ok ? '订阅成功，有新文章时提醒您' : '您未同意订阅', icon: 'none' });
    } catch (e) {
      showToast({ title: e instanceof Error && e.message.startsWith('H5') ? e.message : messageOf(e), icon: 'none' });
    }
  };

  const forYou = feed.data?.forYou ?? [];
  // What is already under 为您推荐 is not repeated right below it.
  const shown = new Set(forYou.map((a) => a.id));
  const items = [...(feed.data?.items ?? []).filter((a) => !shown.has(a.id)), ...more];

  return (
    <PageShell className='ct-feed' testId='content-feed'>
      <ScrollView scrollX className='ct-feed__topics' data-testid='content-topics'>
        <View className='ct-feed__topics-row'>
          <View role='button' aria-pressed={!topic ? 'true' : 'false'} className={`hp-chip ${!topic ? 'hp-chip--active' : ''}`} data-testid='topic-all' onClick={() => setTopic(undefined)}>
            全部
          </View>
          {CONTENT_TOPICS.map((t) => (
            <View
              role='button'
              aria-pressed={topic === t ? 'true' : 'false'}
              key={t}
              className={`hp-chip ${topic === t ? 'hp-chip--active' : ''}`}
              data-testid={`topic-${t}`}
              onClick={() => setTopic(t)}
            >
              {TOPIC_LABELS[t]}
            </View>
          ))}
        </View>
      </ScrollView>

      {loggedIn && (
        <View className='ct-feed__actions'>
          <Button className='hp-btn hp-btn--plain hp-btn--small' data-testid='content-subscribe' onClick={asyncHandler(doSubscribe)}>
            订阅更新提醒
          </Button>
          <Button className='hp-btn hp-btn--ghost hp-btn--small' data-testid='content-edit-topics' onClick={() => setEditingTopics((v) => !v)}>
            关注主题
          </Button>
          <Button className='hp-btn hp-btn--ghost hp-btn--small' data-testid='content-favourites' onClick={() => navigateTo({ url: ROUTES.contentFavourites })}>
            我的收藏
          </Button>
        </View>
      )}

      {editingTopics && (
        <View className='hp-form ct-feed__prefs' data-testid='content-prefs'>
          <Text className='hp-field__label'>选择您关注的主题，相关文章会优先推荐</Text>
          <View className='hp-chips'>
            {CONTENT_TOPICS.map((t) => (
              <View
                role='button'
                key={t}
                className={`hp-chip ${chosen.includes(t) ? 'hp-chip--active' : ''}`}
                data-testid={`pref-${t}`}
                onClick={() => setChosen((c) => (c.includes(t) ? c.filter((x) => x !== t) : [...c, t]))}
              >
                {TOPIC_LABELS[t]}
              </View>
            ))}
          </View>
          <Button className='hp-btn hp-btn--block ct-feed__save' data-testid='content-save-topics' onClick={asyncHandler(saveTopics)}>
            保存
          </Button>
        </View>
      )}

      <StatusView loading={feed.loading} error={feed.error} onRetry={() => void feed.reload()} empty={!items.length && !forYou.length} emptyText='暂时还没有文章，过几天再来看看'>
        {forYou.length > 0 && (
          <View data-testid='content-for-you'>
            <Text className='hp-section-title'>为您推荐</Text>
            {forYou.map((a) => (
              <ArticleItem key={`fy-${a.id}`} a={a} onOpen={open} testId={`foryou-${a.id}`} />
            ))}
          </View>
        )}
        {items.length > 0 && <Text className='hp-section-title'>{topic ? TOPIC_LABELS[topic] : '最新文章'}</Text>}
        <View data-testid='content-list'>
          {items.map((a) => (
            <ArticleItem key={a.id} a={a} onOpen={open} />
          ))}
        </View>
        {cursor && (
          <View className='hp-footer'>
            <Button className='hp-btn hp-btn--ghost hp-btn--block' data-testid='content-more' loading={loadingMore} onClick={asyncHandler(loadMore)}>
              加载更多
            </Button>
          </View>
        )}
      </StatusView>
    </PageShell>
  );
}
