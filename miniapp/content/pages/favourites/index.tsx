import { View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { ROUTES, withQuery } from '../../../services/routes';
import { contentApi } from '../../api';
import { ArticleItem } from '../../components';
import { navigateTo } from '../../../services/navigate';
import '../../components.scss';

export default function FavouritesPage() {
  const favs = useRequest(() => contentApi.favourites(), [], { manual: true });
  // Back from an article whose favourite was removed: show the list as it is now.
  useDidShow(() => void favs.reload());
  const items = favs.data?.items ?? [];
  return (
    <PageShell testId='content-favourites-page'>
      <View style={{ height: '24px' }} />
      <StatusView loading={favs.loading && !favs.data} error={favs.error} onRetry={() => void favs.reload()} empty={!items.length} emptyText='还没有收藏的文章'>
        {items.map((a) => (
          <ArticleItem key={a.id} a={a} onOpen={(id) => navigateTo({ url: withQuery(ROUTES.contentArticle, { id }) })} />
        ))}
      </StatusView>
    </PageShell>
  );
}
