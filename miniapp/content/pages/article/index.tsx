import { Button, Image, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { ReadToEnd } from '../../ReadToEnd';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { RichBody } from '../../../components/RichBody';
import { useLargeFont } from '../../../components/LargeFont';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { ROUTES } from '../../../services/routes';
import { isLoggedIn } from '../../../services/session';
import { TOPIC_LABELS, assetUrl, contentApi, shortDate } from '../../api';
import { ArticleLinks } from '../../ArticleLinks';
import { asyncHandler, showToast } from '../../../services/ui';
import { navigateTo } from '../../../services/navigate';
import './index.scss';

/** The article; opened from the feed, a favourite, or a subscribe message (`campaign` = the push). */
export default function ArticlePage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const campaign = params.campaign || undefined;
  const [favourite, setFavourite] = useState(false);
  const [reads, setReads] = useState<number | null>(null);
  const [large, setLarge] = useLargeFont();
  const counted = useRef(false);

  const article = useRequest(async () => {
    const a = await contentApi.article(id);
    setFavourite(a.favourite);
    return a;
  }, [id]);

  useEffect(() => {
    if (!article.data || counted.current) return;
    counted.current = true;
    // Counting is best effort: a failure must not disturb reading.
    contentApi
      .read(id, campaign)
      .then((r) => setReads(r.readCount))
      .catch(() => undefined);
  }, [article.data, id, campaign]);

  const toggleFavourite = async () => {
    if (!isLoggedIn()) {
      navigateTo({ url: ROUTES.login });
      return;
    }
    const next = !favourite;
    setFavourite(next);
    try {
      await contentApi.favourite(id, next);
      showToast({ title: next ? '已收藏' : '已取消收藏', icon: 'none' });
    } catch (e) {
      setFavourite(!next);
      showToast({ title: messageOf(e), icon: 'none' });
    }
  };

  const a = article.data;
  const cover = a ? assetUrl(a.coverUrl) : null;
  return (
    <PageShell
      className='ct-article'
      testId='content-article'
      footer={
        a && (
          <View className='ct-article__bar'>
            <Button className={`hp-btn ${favourite ? 'hp-btn--plain' : 'hp-btn--ghost'} ct-article__fav`} data-testid='article-favourite' onClick={asyncHandler(toggleFavourite)}>
              {favourite ? '★ 已收藏' : '☆ 收藏'}
            </Button>
            <Button className='hp-btn hp-btn--ghost ct-article__font' data-testid='article-large-font' onClick={() => setLarge(!large)}>
              {large ? '标准字号' : '长辈模式'}
            </Button>
          </View>
        )
      }
    >
      <StatusView loading={article.loading} error={article.error} onRetry={() => void article.reload()}>
        {a && (
          <View className='ct-article__card'>
            <Text className='ct-article__title' data-testid='article-title'>
              {a.title}
            </Text>
            <View className='ct-article__meta'>
              {a.topics.map((t) => (
                <Text key={t} className='ct-article__topic'>
                  {TOPIC_LABELS[t]}
                </Text>
              ))}
              <Text>{shortDate(a.publishedAt)}</Text>
              <Text data-testid='article-reads'>{reads ?? a.readCount} 阅读</Text>
            </View>
            {cover && <Image className='ct-article__cover' src={cover} mode='widthFix' />}
            <RichBody nodes={a.body.nodes} testId='article-body' />
            <ArticleLinks articleId={id} nodes={a.body.nodes} webViewDomains={a.webViewDomains} onOpen={(href) => void contentApi.event(id, { kind: 'link', href }, campaign).catch(() => undefined)} />
            <Text className='ct-article__note'>本文为健康科普，不能代替医生的诊断和治疗。如有不适，请及时就医。</Text>
            <ReadToEnd onEnd={() => void contentApi.event(id, { kind: 'end' }, campaign).catch(() => undefined)} />
          </View>
        )}
      </StatusView>
    </PageShell>
  );
}
