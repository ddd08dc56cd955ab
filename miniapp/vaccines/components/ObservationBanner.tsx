import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { VaccineObservation } from '@healthpocket/shared-types';
import { withQuery } from '../../services/routes';
import { VACCINE_PAGES } from '../api';
import { careApi, mmss } from '../care-api';
import { navigateTo } from '../../services/navigate';
import '../care.scss';

/** The server is asked again this often while the countdown runs (and once more when it reaches zero). */
const RESYNC_SECONDS = 20;

/**
 * 留观 countdown for a member after a dose is recorded. The seconds left come from the server's
 * answer (observedUntil − the server's now); between answers the banner counts the seconds it has
 * shown, then asks again, so a wrong phone clock changes nothing. Shows nothing without a dose.
 */
export function ObservationBanner({ memberId }: { memberId: string }) {
  const [obs, setObs] = useState<VaccineObservation | null>(null);
  const [left, setLeft] = useState(0);
  const [sinceSync, setSinceSync] = useState(0);

  useEffect(() => {
    let alive = true;
    setObs(null);
    const load = () =>
      careApi
        .observation(memberId)
        .then((o) => {
          if (!alive) return;
          setObs(o);
          setLeft(o.current?.secondsLeft ?? 0);
          setSinceSync(0);
        })
        .catch(() => undefined); // the banner is a help, not the page: a failed read shows nothing new
    void load();
    return () => {
      alive = false;
    };
  }, [memberId]);

  const observing = obs?.current?.state === 'observing';
  useEffect(() => {
    if (!observing) return;
    const timer = setInterval(() => {
      setLeft((s) => Math.max(0, s - 1));
      setSinceSync((n) => n + 1);
    }, 1000);
    return () => clearInterval(timer);
  }, [observing]);

  useEffect(() => {
    if (!observing || (sinceSync < RESYNC_SECONDS && left > 0)) return;
    setSinceSync(0);
    careApi
      .observation(memberId)
      .then((o) => {
        setObs(o);
        setLeft(o.current?.secondsLeft ?? 0);
      })
      .catch(() => undefined);
  }, [observing, sinceSync, left, memberId]);

  const c = obs?.current;
  if (!obs || !c) return null;
  const report = () => navigateTo({ url: withQuery(VACCINE_PAGES.aefi, { memberId, doseId: c.doseId }) });
  if (c.state === 'ended') {
    return (
      <View className='vc-observe vc-observe--ended' data-testid='observation-banner' data-state='ended'>
        <Text className='vc-observe__title'>留观结束</Text>
        <Text className='vc-observe__text'>
          {c.vaccineName} 第{c.dose}剂 · 已留观30分钟，可以离开接种门诊。回家后注意观察，如出现高热、接种部位明显红肿或其他不适，请及时就医。
        </Text>
        <View role='button' className='vc-observe__link' data-testid='observation-report' onClick={report}>
          <Text>身体不适？报告疑似异常反应 ›</Text>
        </View>
      </View>
    );
  }
  return (
    <View className='vc-observe' data-testid='observation-banner' data-state='observing' role='timer'>
      <View className='vx-row'>
        <Text className='vc-observe__title'>正在留观</Text>
        <Text className='vc-observe__clock' data-testid='observation-left'>
          {mmss(left)}
        </Text>
      </View>
      <Text className='vc-observe__text'>
        {c.vaccineName} 第{c.dose}剂 · {c.institution}
      </Text>
      <Text className='vc-observe__stay'>不要提前离开：请在接种门诊留观30分钟</Text>
      <Text className='vc-observe__label'>留观时请注意：</Text>
      {obs.watchFor.map((w) => (
        <Text key={w} className='vc-observe__item'>
          · {w}
        </Text>
      ))}
      <Text className='vc-observe__text'>出现以上任何情况，立即告诉接种医生。</Text>
    </View>
  );
}
