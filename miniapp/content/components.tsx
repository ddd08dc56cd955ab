import { Image, Text, View } from '@tarojs/components';
import type { ArticleCard } from '@healthpocket/shared-types';
import { TOPIC_LABELS, assetUrl, shortDate } from './api';

/** One article in a list: cover, title, summary, topic, date and reads. */
export function ArticleItem({ a, onOpen, testId }: { a: ArticleCard; onOpen: (id: string) => void; testId?: string }) {
  const cover = assetUrl(a.coverUrl);
  return (
    <View role='button' className='ct-item' data-testid={testId ?? `article-${a.id}`} onClick={() => onOpen(a.id)}>
      <View className='ct-item__main'>
        <Text className='ct-item__title'>{a.title}</Text>
        {a.summary && <Text className='ct-item__summary'>{a.summary}</Text>}
        <View className='ct-item__meta'>
          <Text className='ct-item__topic'>{TOPIC_LABELS[a.topics[0]] ?? '健康资讯'}</Text>
          <Text>{shortDate(a.publishedAt)}</Text>
          <Text>{a.readCount} 阅读</Text>
        </View>
      </View>
      {cover && <Image className='ct-item__cover' src={cover} mode='aspectFill' lazyLoad />}
    </View>
  );
}
