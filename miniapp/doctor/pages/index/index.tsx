import { Tokens } from '../../../components/Tokens';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { MemberSwitcher } from '../../../components/MemberSwitcher';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { chatSocket } from '../../../services/chat-socket';
import { doctorApi } from '../../../services/doctor-api';
import { ROUTES, withQuery } from '../../../services/routes';
import { showToast } from '../../../services/ui';
import { navigateTo } from '../../../services/navigate';
import '../../styles.scss';
import './index.scss';

const yuan = (fen: number) => (fen === 0 ? '免费' : `${(fen / 100).toFixed(0)}元/年`);

/** 家庭医生: the member's contracted team (or applying to one), the way into chat and readings. */
export default function DoctorHome() {
  const params = Taro.getCurrentInstance().router?.params ?? {};
  // An account without 本人 yet (not verified): the switcher says what to do; nothing waits for a member.
  const [noMember, setNoMember] = useState(false);
  const [memberId, setMemberId] = useState<string | undefined>(params.memberId);
  const req = useRequest(() => (memberId ? doctorApi.contract(memberId) : Promise.resolve(undefined)), [memberId]);
  const firstShow = useRef(true);

  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else void req.reload();
  });

  // The team's decision arrives live.
  useEffect(
    () =>
      chatSocket.subscribe((f) => {
        if (f.type === 'application') {
          void req.reload();
          showToast({ title: f.application.status === 'approved' ? '签约申请已通过' : '签约申请有新进展', icon: 'none' });
        }
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const c = req.data?.contract;
  const app = req.data?.application;
  const r = req.data?.renewal;
  const renewing = !!c && app?.kind === 'renewal' && app.status === 'pending';
  return (
    <PageShell className='doctor-home' testId='doctor-home'>
      <MemberSwitcher value={memberId} onChange={(m) => setMemberId(m.id)} onNone={() => setNoMember(true)} />
      {!noMember && (
        <StatusView loading={req.loading && !req.data} error={req.error} onRetry={() => void req.reload()}>
          {req.data?.unavailableReason && <View className='hp-alert hp-alert--warn'>{req.data.unavailableReason}</View>}
          {c && (
            <View className='dr-card' data-testid='doctor-contract'>
              <Text className='dr-card__title'>{c.teamName}</Text>
              <Text className='dr-card__line'>
                签约医生：{c.doctorName} · {c.team.centreName}
              </Text>
              <Text className='dr-card__line'>
                <Tokens text={`有效期：${c.validFrom} 至 ${c.validTo}`} />
              </Text>
              <Text className='dr-card__line'>服务包：{c.packages.map((p) => p.name).join('、')}</Text>
              {req.data?.signedAgreement && (
                <Text className='dr-card__line' data-testid='doctor-signed'>
                  已签署《家庭医生签约服务协议书》{req.data.signedAgreement.version} 版（{req.data.signedAgreement.signedAt.slice(0, 10)}）
                </Text>
              )}
              {renewing ? (
                <View className='hp-alert hp-alert--info' data-testid='doctor-renewal-pending'>
                  续约申请已提交，等待「{c.teamName}」审核。
                </View>
              ) : (
                r && (
                  <View className={`hp-alert ${r.open ? 'hp-alert--warn' : 'hp-alert--info'}`} data-testid='doctor-renewal'>
                    <Tokens
                      text={
                        r.open ? `签约还有 ${Math.max(r.daysLeft, 0)} 天到期，现在可以续约${r.resignRequired ? '（协议书有更新，需重新签署）' : ''}。` : `签约期满前30天（${r.opensOn} 起）可在线续约。`
                      }
                    />
                    {app?.kind === 'renewal' && app.status === 'declined' && ` 上次续约申请未通过：${app.reason}`}
                  </View>
                )
              )}
              <View className='dr-members'>
                {c.team.members.map((m) => (
                  <Text key={m.id} className='dr-members__item'>
                    {m.name}（{m.role}）
                  </Text>
                ))}
              </View>
              <View className='dr-actions'>
                {r?.open && !renewing && (
                  <Button className='hp-btn hp-btn--block' data-testid='doctor-renew' onClick={() => navigateTo({ url: withQuery(ROUTES.doctorRenew, { memberId }) })}>
                    续约
                  </Button>
                )}
                <Button className='hp-btn hp-btn--block' data-testid='doctor-open-chat' onClick={() => navigateTo({ url: withQuery(ROUTES.doctorChat, { memberId }) })}>
                  在线咨询
                </Button>
                <Button className='hp-btn hp-btn--ghost hp-btn--block' data-testid='doctor-open-readings' onClick={() => navigateTo({ url: withQuery(ROUTES.doctorReadings, { memberId }) })}>
                  血压血糖记录
                </Button>
                <Button className='hp-btn hp-btn--ghost hp-btn--block' data-testid='doctor-open-self-report' onClick={() => navigateTo({ url: withQuery(ROUTES.doctorSelfReport, { memberId }) })}>
                  随访自报
                </Button>
                <Button className='hp-btn hp-btn--plain hp-btn--block' onClick={() => void Taro.makePhoneCall({ phoneNumber: c.team.phone }).catch(() => undefined)}>
                  电话联系团队 {c.team.phone}
                </Button>
              </View>
            </View>
          )}
          {!c && app?.status === 'pending' && (
            <View className='hp-alert hp-alert--info' data-testid='doctor-application-pending'>
              已向「{app.teamName}」提交签约申请，等待医生审核。审核结果会在这里显示。
            </View>
          )}
          {!c && app?.status === 'declined' && (
            <View className='hp-alert hp-alert--warn' data-testid='doctor-application-declined'>
              「{app.teamName}」未通过签约申请：{app.reason}
            </View>
          )}
          {!c && req.data && !req.data.unavailableReason && app?.status !== 'pending' && (
            <View className='dr-card' data-testid='doctor-no-contract'>
              <Text className='dr-card__title'>尚未签约家庭医生</Text>
              <Text className='dr-card__line'>签约后可在线咨询家庭医生、获得慢病随访和健康管理服务。基础服务包{yuan(0)}。</Text>
              <Button className='hp-btn hp-btn--block' data-testid='doctor-choose-team' onClick={() => navigateTo({ url: withQuery(ROUTES.doctorTeams, { memberId }) })}>
                选择团队签约
              </Button>
            </View>
          )}
        </StatusView>
      )}
      <Text className='dr-footnote'>在线咨询提供健康咨询和复诊随访建议，不能替代线下首诊；紧急情况请拨打120。</Text>
    </PageShell>
  );
}
