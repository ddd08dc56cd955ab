import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { ElderlyOffer } from '../../components/LargeFont/ElderlyOffer';
import { PageShell } from '../../components/PageShell';
import { openRoute, navigateTo } from '../../services/navigate';
import { ROUTES } from '../../services/routes';
import { isLoggedIn, reloadUser, useSession } from '../../services/session';
import { badgeText, useUnreadCount } from '../../services/unread';
import './index.scss';

const ENTRIES = [
  { key: 'records', label: '健康档案', desc: '报告 · 随访', glyph: '档', tone: 'teal', route: ROUTES.records },
  { key: 'booking', label: '预约挂号', desc: '医院 · 号源', glyph: '约', tone: 'blue', route: ROUTES.booking },
  { key: 'doctor', label: '家庭医生', desc: '签约 · 咨询', glyph: '医', tone: 'green', route: ROUTES.doctor },
  { key: 'vaccines', label: '疫苗接种', desc: '预约 · 记录', glyph: '苗', tone: 'purple', route: ROUTES.vaccines },
  { key: 'pay', label: '缴费', desc: '门诊 · 账单', glyph: '费', tone: 'orange', route: ROUTES.pay },
  { key: 'content', label: '健康资讯', desc: '科普 · 政策', glyph: '讯', tone: 'red', route: ROUTES.content },
] as const;

export default function HomePage() {
  const { user, loggedIn } = useSession();
  const unread = useUnreadCount();

  useDidShow(() => {
    if (isLoggedIn()) reloadUser().catch(() => undefined);
  });

  return (
    <PageShell className='home' testId='home-page'>
      <View className='home__header'>
        {loggedIn && (
          <View role='button' className='home__bell' data-testid='home-messages' aria-label={unread > 0 ? `消息${badgeText(unread)}条未读` : '消息'} onClick={() => openRoute(ROUTES.messages)}>
            <Text className='home__bell-text'>消息</Text>
            {unread > 0 && (
              <Text className='home__bell-badge' data-testid='home-messages-badge'>
                {badgeText(unread)}
              </Text>
            )}
          </View>
        )}
        {loggedIn && user ? (
          <View className='home__hello'>
            <View className='home__hello-line'>
              <Text className='home__greet'>您好，</Text>
              <Text className='home__name' data-testid='home-user-name'>
                {user.name ?? '居民用户'}
              </Text>
            </View>
            {!user.realNameVerified && (
              <View role='button' className='home__notice' data-testid='home-realname-prompt' onClick={() => openRoute(ROUTES.realName)}>
                <Text>完成身份认证（手机号或刷脸），即可查看健康档案、使用全部服务 ›</Text>
              </View>
            )}
          </View>
        ) : (
          <View role='button' className='home__hello' onClick={() => navigateTo({ url: ROUTES.login })} data-testid='home-login-prompt'>
            <Text className='home__name'>登录 / 注册</Text>
            <Text className='home__sub'>登录后查看您和家人的健康服务 ›</Text>
          </View>
        )}
        <Text className='home__slogan'>家庭健康，一手掌握</Text>
      </View>

      <View className='home__grid' data-testid='home-grid'>
        {ENTRIES.map((e) => (
          <View role='button' key={e.key} className='home__entry' data-testid={`home-entry-${e.key}`} onClick={() => openRoute(e.route)}>
            <View className={`home__icon home__icon--${e.tone}`}>
              <Text>{e.glyph}</Text>
            </View>
            <Text className='home__label'>{e.label}</Text>
            <Text className='home__desc'>{e.desc}</Text>
          </View>
        ))}
      </View>

      {loggedIn && user && <ElderlyOffer birthDate={user.birthDate} />}

      <View role='button' className='home__card' onClick={() => openRoute(ROUTES.members)} data-testid='home-family-card'>
        <View className='home__card-main'>
          <Text className='home__card-title'>家庭成员 / 就诊人</Text>
          <Text className='home__card-desc'>为父母、孩子预约挂号、查看报告和接种记录</Text>
        </View>
        <Text className='home__card-arrow'>›</Text>
      </View>

      <View className='home__tips'>
        <Text className='home__tips-title'>温馨提示</Text>
        <Text className='home__tips-text'>如遇胸痛、呼吸困难等紧急情况，请立即拨打 120 急救电话。</Text>
      </View>
    </PageShell>
  );
}
