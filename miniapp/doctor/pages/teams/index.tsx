import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { TeamView } from '@healthpocket/shared-types';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { doctorApi } from '../../../services/doctor-api';
import '../../styles.scss';
import './index.scss';

const price = (fen: number) => (fen === 0 ? '免费' : `${(fen / 100).toFixed(0)}元/年`);

/** Browse teams (those serving the member's community first) and apply to one. */
export default function TeamsPage() {
  const memberId = Taro.getCurrentInstance().router?.params.memberId ?? '';
  const req = useRequest(() => doctorApi.teams(memberId || undefined), [memberId]);
  const [chosen, setChosen] = useState<TeamView | null>(null);
  const [extra, setExtra] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const choose = (t: TeamView) => {
    setChosen(t);
    setExtra([]);
    setError(null);
  };

  const submit = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      await doctorApi.apply({ memberId, teamId: chosen.id, packageIds: ['PKG-BASIC', ...extra], note: note.trim() || undefined });
      setConfirming(false);
      Taro.showToast({ title: '申请已提交', icon: 'success' });
      setTimeout(() => Taro.navigateBack().catch(() => undefined), 800);
    } catch (e) {
      setConfirming(false);
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const paid = chosen?.packages.filter((p) => extra.includes(p.id)) ?? [];
  return (
    <PageShell
      className='teams'
      testId='doctor-teams'
      footer={
        chosen && (
          <Button className='hp-btn hp-btn--block' data-testid='teams-apply' onClick={() => setConfirming(true)}>
            向「{chosen.name}」申请签约
          </Button>
        )
      }
    >
      {error && (
        <View className='hp-alert hp-alert--error' role='alert' data-testid='teams-error'>
          {error}
        </View>
      )}
      <StatusView loading={req.loading} error={req.error} onRetry={req.reload} empty={req.data?.items.length === 0}>
        {req.data?.items.map((t) => (
          <View key={t.id} className={`dr-card teams__card ${chosen?.id === t.id ? 'teams__card--active' : ''}`} data-testid={`team-${t.id}`} onClick={() => choose(t)}>
            <View className='teams__head'>
              <Text className='dr-card__title'>{t.name}</Text>
              {t.servesMember && <Text className='dr-badge dr-badge--normal'>服务您所在社区</Text>}
            </View>
            <Text className='dr-card__line'>{t.centreName} · 服务{t.communities.join('、')}</Text>
            <Text className='dr-card__line'>{t.intro}</Text>
            <Text className='dr-card__line'>成员：{t.members.map((m) => `${m.name}（${m.role}）`).join('、')}</Text>
            {chosen?.id === t.id && (
              <View className='teams__packages' onClick={(e) => e.stopPropagation()}>
                <Text className='hp-field__label'>服务包</Text>
                {t.packages.map((p) => {
                  const basic = p.id === 'PKG-BASIC';
                  const on = basic || extra.includes(p.id);
                  return (
                    <View
                      key={p.id}
                      className={`teams__pkg ${on ? 'teams__pkg--on' : ''}`}
                      data-testid={`package-${p.id}`}
                      onClick={() => !basic && setExtra(on ? extra.filter((x) => x !== p.id) : [...extra, p.id])}
                    >
                      <Text className='teams__pkg-name'>
                        {on ? '☑' : '☐'} {p.name}（{price(p.priceFen)}）{basic ? ' 必选' : ''}
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
      <ConfirmDialog
        open={confirming}
        title='确认申请签约'
        content={`向「${chosen?.name ?? ''}」申请签约${paid.length ? `，含付费服务包：${paid.map((p) => `${p.name} ${price(p.priceFen)}`).join('、')}。费用在签约审核通过后由社区卫生服务中心收取，本次不扣费` : '基础服务包，免费'}。医生审核后会通知您。`}
        confirmText='提交申请'
        busy={busy}
        onConfirm={submit}
        onCancel={() => setConfirming(false)}
      />
    </PageShell>
  );
}
