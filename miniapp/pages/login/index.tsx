import { Text, View } from '@tarojs/components';
import { ActionButton } from '../../components/ActionButton';
import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { PageShell } from '../../components/PageShell';
import { StatusView } from '../../components/StatusView';
import { useRequest } from '../../components/useRequest';
import { messageOf } from '../../services/api';
import { returnAfterLogin } from '../../services/navigate';
import { PRIVACY_GUIDE, openPrivacyGuide, privacyAgreedLocally, withPrivacyAgreement } from '../../services/privacy';
import { loadClientConfig, loginWithSandbox, loginWithWechat, randomOpenid } from '../../services/session';
import type { UserView } from '../../services/shared';
import './index.scss';

const ROLE_LABELS: Record<string, string> = { resident: '居民', doctor: '医生', operator: '运营', reviewer: '医学审核', admin: '管理员' };

export default function LoginPage() {
  const weapp = process.env.TARO_ENV === 'weapp';
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [agreed, setAgreed] = useState(privacyAgreedLocally());
  // ?redirect=: the page a lapsed session came from (only app pages are followed).
  const redirect = useRouter().params?.redirect;

  const config = useRequest(() => (weapp ? Promise.resolve(null) : loadClientConfig()), []);

  const run = (key: string, login: () => Promise<UserView>) => {
    if (busy) return;
    // Every failure ends up in setError, so the attempt's promise cannot reject.
    const attempt = async () => {
      setAgreed(true);
      setBusy(key);
      setError(null);
      try {
        await login();
        returnAfterLogin(redirect);
      } catch (e) {
        setError(messageOf(e));
      } finally {
        setBusy(null);
      }
    };
    withPrivacyAgreement(() => void attempt());
  };

  const sandboxUrl = config.data?.sandboxUrl;
  const personas = config.data?.personas ?? [];

  return (
    <PageShell className='login' testId='login-page'>
      <View className='login__brand'>
        <View className='login__logo'>
          <Text>健</Text>
        </View>
        <Text className='login__title'>健康口袋</Text>
        <Text className='login__sub'>您和家人的智慧健康服务</Text>
      </View>

      {error && (
        <View className='hp-alert hp-alert--error' data-testid='login-error'>
          <Text>{error}</Text>
        </View>
      )}

      {weapp ? (
        <View className='login__actions'>
          <ActionButton className='hp-btn hp-btn--block' data-testid='login-wechat' loading={busy === 'wechat'} onClick={() => run('wechat', loginWithWechat)}>
            微信一键登录
          </ActionButton>
        </View>
      ) : (
        <StatusView loading={config.loading} error={config.error} onRetry={() => void config.reload()}>
          {sandboxUrl ? (
            <View className='login__actions'>
              <Text className='login__hint'>体验环境：选择一个身份登录（代替微信授权）</Text>
              {personas.map((p) => (
                <ActionButton
                  key={p.openid}
                  className='hp-btn hp-btn--ghost hp-btn--block login__persona'
                  data-testid={`login-persona-${p.openid}`}
                  loading={busy === p.openid}
                  onClick={() => run(p.openid, () => loginWithSandbox(sandboxUrl, p.openid))}
                >
                  <Text className='login__persona-label'>{p.label}</Text>
                  <Text className='login__persona-role'>{ROLE_LABELS[p.role] ?? p.role}</Text>
                </ActionButton>
              ))}
              <ActionButton
                className='hp-btn hp-btn--block login__new'
                data-testid='login-new-user'
                loading={busy === 'new'}
                onClick={() => run('new', () => loginWithSandbox(sandboxUrl, randomOpenid()))}
              >
                新用户
              </ActionButton>
            </View>
          ) : (
            <View className='hp-alert hp-alert--info' data-testid='login-unavailable'>
              <Text>请在微信中搜索「健康口袋」小程序登录使用。</Text>
            </View>
          )}
        </StatusView>
      )}

      <View role='button' className='login__agreement' data-testid='login-privacy-link' onClick={() => openPrivacyGuide(() => setAgreed(true))}>
        <Text className={`login__check ${agreed ? 'login__check--on' : ''}`}>{agreed ? '✓' : ''}</Text>
        <Text>
          {agreed ? '已阅读并同意' : '登录前请阅读并同意'}
          <Text className='login__link'>《{PRIVACY_GUIDE.title}》</Text>
        </Text>
      </View>
    </PageShell>
  );
}
