import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { doctorApi, type AgreementSignatureInput } from '../../../services/doctor-api';
import { AgreementSign } from '../../components/AgreementSign';
import { navigateBack } from '../../../services/navigate';
import { asyncHandler, showToast } from '../../../services/ui';
import '../../styles.scss';
import '../teams/index.scss';

const price = (fen: number) => (fen === 0 ? '免费' : `${(fen / 100).toFixed(0)}元/年`);

/**
 * 续约: the same team for another year, in the last 30 days of the contract year. The packages
 * start as this year's; when the 签约服务协议书 changed since it was signed, it is signed again.
 */
export default function RenewPage() {
  const memberId = Taro.getCurrentInstance().router?.params.memberId ?? '';
  const req = useRequest(() => doctorApi.contract(memberId), [memberId]);
  const resign = !!req.data?.renewal?.resignRequired;
  const agreement = useRequest(() => (resign ? doctorApi.agreement() : Promise.resolve(undefined)), [resign]);
  const [extra, setExtra] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const c = req.data?.contract;
  const r = req.data?.renewal;

  useEffect(() => {
    if (c) setExtra(c.packages.find((p) => p.id !== 'PKG-BASIC')?.id ?? null);
  }, [c]);

  const submit = async (signature?: AgreementSignatureInput) => {
    setBusy(true);
    setError(null);
    try {
      await doctorApi.renew(memberId, { packageIds: ['PKG-BASIC', ...(extra ? [extra] : [])], agreement: signature });
      showToast({ title: '续约申请已提交', icon: 'success' });
      setTimeout(() => navigateBack(), 800);
    } catch (e) {
      setError(messageOf(e));
      void req.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell className='teams' testId='doctor-renew'>
      <StatusView loading={req.loading && !req.data} error={req.error} onRetry={() => void req.reload()}>
        {c && r && (
          <View className='dr-card' data-testid='renew-summary'>
            <Text className='dr-card__title'>{c.teamName}</Text>
            <Text className='dr-card__line'>
              本期签约 {c.validFrom} 至 {c.validTo}，{r.daysLeft >= 0 ? `还有 ${r.daysLeft} 天到期` : '已到期'}
            </Text>
            {!r.open && <Text className='dr-card__line'>{r.opensOn} 起可以续约。</Text>}
            <View className='teams__packages'>
              <Text className='hp-field__label'>下一年的服务包：基础服务包必选，可另选一个个性化服务包</Text>
              {c.team.packages.map((p) => {
                const basic = p.id === 'PKG-BASIC';
                const on = basic || extra === p.id;
                return (
                  <View
                    key={p.id}
                    className={`teams__pkg ${on ? 'teams__pkg--on' : ''}`}
                    role={basic ? undefined : 'radio'}
                    aria-checked={on ? 'true' : 'false'}
                    data-testid={`renew-package-${p.id}`}
                    onClick={() => !basic && setExtra(on ? null : p.id)}
                  >
                    <Text className='teams__pkg-name'>
                      {basic ? '☑' : on ? '◉' : '○'} {p.name}（{price(p.priceFen)}）
                    </Text>
                    <Text className='teams__pkg-items'>{p.items.join('；')}</Text>
                  </View>
                );
              })}
            </View>
          </View>
        )}
        {error && !(r?.open && resign) && (
          <View className='hp-alert hp-alert--error' role='alert' data-testid='renew-error'>
            {error}
          </View>
        )}
        {r?.open && resign && (
          <>
            <View className='hp-alert hp-alert--info' data-testid='renew-resign'>
              {req.data?.signedAgreement ? `签约服务协议书已由 ${req.data.signedAgreement.version} 版更新为 ${r.currentVersion} 版，` : '本次续约需在线签署签约服务协议书，'}请阅读后重新签署。
            </View>
            <StatusView loading={agreement.loading && !agreement.data} error={agreement.error} onRetry={() => void agreement.reload()}>
              {agreement.data && <AgreementSign agreement={agreement.data} busy={busy} error={error} submitText='签署并申请续约' onSign={asyncHandler(submit)} />}
            </StatusView>
          </>
        )}
        {r?.open && !resign && (
          <>
            <Text className='dr-card__line' data-testid='renew-same-version'>
              签约服务协议书仍为您已签署的 {r.currentVersion} 版，续约无需重新签署。
            </Text>
            <Button className={`hp-btn hp-btn--block ${busy ? 'hp-btn--busy' : ''}`} data-testid='renew-submit' onClick={() => !busy && void submit()}>
              确认续约
            </Button>
          </>
        )}
      </StatusView>
    </PageShell>
  );
}
