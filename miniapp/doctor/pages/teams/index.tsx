import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { TeamView } from '@healthpocket/shared-types';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { doctorApi, type AgreementSignatureInput } from '../../../services/doctor-api';
import { AgreementSign } from '../../components/AgreementSign';
import { navigateBack } from '../../../services/navigate';
import { asyncHandler, showToast } from '../../../services/ui';
import '../../styles.scss';
import './index.scss';

const price = (fen: number) => (fen === 0 ? '免费' : `${(fen / 100).toFixed(0)}元/年`);

/**
 * Browse teams (those serving the member's community first), choose the 基础服务包 and at most one
 * 个性化服务包, then read the 签约服务协议书 in full and sign it (勾选 + typed name) to apply.
 */
export default function TeamsPage() {
  const memberId = Taro.getCurrentInstance().router?.params.memberId ?? '';
  const req = useRequest(() => doctorApi.teams(memberId || undefined), [memberId]);
  const [chosen, setChosen] = useState<TeamView | null>(null);
  const [extra, setExtra] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [signing, setSigning] = useState(false);
  const agreement = useRequest(() => (signing ? doctorApi.agreement() : Promise.resolve(undefined)), [signing]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const choose = (t: TeamView) => {
    setChosen(t);
    setExtra(null);
    setError(null);
  };

  const submit = async (signature: AgreementSignatureInput) => {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      await doctorApi.apply({ memberId, teamId: chosen.id, packageIds: ['PKG-BASIC', ...(extra ? [extra] : [])], note: note.trim() || undefined, agreement: signature });
      showToast({ title: '申请已提交', icon: 'success' });
      setTimeout(() => navigateBack(), 800);
    } catch (e) {
      setError(messageOf(e));
      // A new version came into force meanwhile: show it.
      void agreement.reload();
    } finally {
      setBusy(false);
    }
  };

  const paid = chosen?.packages.find((p) => p.id === extra) ?? null;
  if (signing && chosen) {
    return (
      <PageShell className='teams' testId='doctor-sign'>
        <View className='dr-card' data-testid='sign-summary'>
          <Text className='dr-card__title'>{chosen.name}</Text>
          <Text className='dr-card__line'>服务包：基础服务包（免费）{paid ? `、${paid.name}（${price(paid.priceFen)}）` : ''}</Text>
          {paid && <Text className='dr-card__line'>个性化服务包费用在审核通过后由社区卫生服务中心收取，本次不扣费。</Text>}
          <Button className='hp-btn hp-btn--plain hp-btn--small' data-testid='sign-back' onClick={() => setSigning(false)}>
            返回修改
          </Button>
        </View>
        <StatusView loading={agreement.loading && !agreement.data} error={agreement.error} onRetry={() => void agreement.reload()}>
          {agreement.data && <AgreementSign agreement={agreement.data} busy={busy} error={error} submitText='签署并提交申请' onSign={asyncHandler(submit)} />}
        </StatusView>
      </PageShell>
    );
  }
  return (
    <PageShell
      className='teams'
      testId='doctor-teams'
      footer={
        chosen && (
          <Button className='hp-btn hp-btn--block' data-testid='teams-apply' onClick={() => setSigning(true)}>
            阅读协议并签署，向「{chosen.name}」申请
          </Button>
        )
      }
    >
      {error && (
        <View className='hp-alert hp-alert--error' role='alert' data-testid='teams-error'>
          {error}
        </View>
      )}
      <StatusView loading={req.loading} error={req.error} onRetry={() => void req.reload()} empty={req.data?.items.length === 0}>
        {req.data?.items.map((t) => (
          <View role='button' key={t.id} className={`dr-card teams__card ${chosen?.id === t.id ? 'teams__card--active' : ''}`} data-testid={`team-${t.id}`} onClick={() => choose(t)}>
            <View className='teams__head'>
              <Text className='dr-card__title'>{t.name}</Text>
              {t.servesMember && <Text className='dr-badge dr-badge--normal'>服务您所在社区</Text>}
            </View>
            <Text className='dr-card__line'>
              {t.centreName} · 服务{t.communities.join('、')}
            </Text>
            <Text className='dr-card__line'>{t.intro}</Text>
            <Text className='dr-card__line'>成员：{t.members.map((m) => `${m.name}（${m.role}）`).join('、')}</Text>
            {chosen?.id === t.id && (
              <View className='teams__packages' onClick={(e) => e.stopPropagation()}>
                <Text className='hp-field__label'>服务包：基础服务包必选，可另选一个个性化服务包</Text>
                {t.packages.map((p) => {
                  const basic = p.id === 'PKG-BASIC';
                  const on = basic || extra === p.id;
                  return (
                    <View
                      key={p.id}
                      className={`teams__pkg ${on ? 'teams__pkg--on' : ''}`}
                      role={basic ? undefined : 'radio'}
                      aria-checked={on ? 'true' : 'false'}
                      data-testid={`package-${p.id}`}
                      onClick={() => !basic && setExtra(on ? null : p.id)}
                    >
                      <Text className='teams__pkg-name'>
                        {basic ? '☑' : on ? '◉' : '○'} {p.name}（{price(p.priceFen)}）{basic ? ' 必选' : ''}
                      </Text>
                      <Text className='teams__pkg-items'>{p.items.join('；')}</Text>
                    </View>
                  );
                })}
                <Text className='hp-field__label'>备注（选填）</Text>
                <Input className='hp-field__input' data-testid='teams-note' maxlength={200} value={note} placeholder='例如：方便上门随访的时间' onInput={(e) => setNote(e.detail.value)} />
              </View>
            )}
          </View>
        ))}
      </StatusView>
    </PageShell>
  );
}
