import { Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import type { VaccineTimelineEntry } from '@healthpocket/shared-types';
import { MemberSwitcher } from '../../../components/MemberSwitcher';
import { PageShell } from '../../../components/PageShell';
import { useRequest } from '../../../components/useRequest';
import { withQuery } from '../../../services/routes';
import { ConsentGate } from '../../components/ConsentGate';
import { ObservationBanner } from '../../components/ObservationBanner';
import { STATUS_LABELS, VACCINE_PAGES, dateLabel, vaccinesApi } from '../../api';
import { navigateTo } from '../../../services/navigate';
import '../../vaccines.scss';
import './index.scss';

const UPCOMING_SHOWN = 5;

function EntryCard({ e, memberId }: { e: VaccineTimelineEntry; memberId: string }) {
  const key = `${e.code}-${e.dose}`;
  const bookable = (e.status === 'due' || e.status === 'overdue') && !e.appointment;
  return (
    <View className={`vx-card vx-entry vx-entry--${e.status}`} data-testid={`vaccine-entry-${key}`} data-status={e.status}>
      <View className='vx-row'>
        <Text className='vx-name'>
          {e.name} 第{e.dose}剂
        </Text>
        <Text className={`vx-tag vx-tag--${e.status}`}>{STATUS_LABELS[e.status]}</Text>
      </View>
      {e.status === 'done' ? (
        <Text className='vx-meta'>接种日期 {e.givenOn}</Text>
      ) : e.status !== 'not_needed' ? (
        <Text className='vx-meta'>
          推荐 {e.recommendedAge}
          {e.earliestDate ? ` · ${e.status === 'upcoming' ? '最早' : '可接种'} ${e.earliestDate}` : ''}
        </Text>
      ) : null}
      <Text className='vx-reason' data-testid={`vaccine-reason-${key}`}>
        {e.reason}
      </Text>
      {e.conditions.map((c) => (
        <Text key={c} className='vx-reason vx-entry__condition'>
          ⚠ {c}
        </Text>
      ))}
      {e.appointment && (
        <View role='button' className='vx-entry__booked' data-testid={`vaccine-booked-${key}`} onClick={() => navigateTo({ url: VACCINE_PAGES.appointments })}>
          <Text>
            已预约 {dateLabel(e.appointment.sessionDate)} · {e.appointment.clinicName} ›
          </Text>
        </View>
      )}
      {bookable && (
        <View className='vx-actions'>
          <View
            role='button'
            className='hp-btn hp-btn--small vx-entry__book'
            data-testid={`vaccine-book-${key}`}
            onClick={() => navigateTo({ url: withQuery(VACCINE_PAGES.book, { memberId, code: e.code }) })}
          >
            <Text>预约接种</Text>
          </View>
        </View>
      )}
    </View>
  );
}

/** 疫苗接种: the chosen member's programme timeline (done, due, overdue, upcoming) with the reasons. */
export default function VaccinesHome() {
  const params = useRouter().params as { memberId?: string };
  // An account without 本人 yet (not verified): the switcher says what to do; nothing waits for a member.
  const [noMember, setNoMember] = useState(false);
  const [memberId, setMemberId] = useState<string | undefined>(params.memberId);
  const [showAllUpcoming, setShowAllUpcoming] = useState(false);
  const [showDone, setShowDone] = useState(false);
  const req = useRequest(() => (memberId ? vaccinesApi.timeline(memberId) : Promise.resolve(undefined)), [memberId]);
  const firstShow = useRef(true);
  // Back from booking or cancelling: show the new state.
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else if (memberId) void req.reload();
  });

  const t = req.data;
  const entries = t?.entries ?? [];
  const now = entries.filter((e) => e.status === 'due' || e.status === 'overdue').sort((a, b) => (a.status === 'overdue' ? -1 : 0) - (b.status === 'overdue' ? -1 : 0));
  const upcoming = entries.filter((e) => e.status === 'upcoming').sort((a, b) => ((a.earliestDate ?? '') < (b.earliestDate ?? '') ? -1 : 1));
  const done = entries.filter((e) => e.status === 'done').sort((a, b) => ((a.givenOn ?? '') < (b.givenOn ?? '') ? 1 : -1));
  const notNeeded = entries.filter((e) => e.status === 'not_needed');

  return (
    <PageShell className='vx-home' testId='vaccines-home'>
      <MemberSwitcher value={memberId} onChange={(m) => setMemberId(m.id)} onNone={() => setNoMember(true)} />
      {!noMember && (
        <ConsentGate loading={req.loading && !t} error={req.error} onRetry={() => void req.reload()} onConsented={() => void req.reload()}>
          {t && memberId && (
            <View>
              <ObservationBanner memberId={memberId} />
              <View className='vx-card vx-home__head' data-testid='vaccines-member'>
                <View className='vx-row'>
                  <Text className='vx-title'>{t.member.name}</Text>
                  <Text className='vx-meta'>
                    {t.member.sex === 'male' ? '男' : '女'} · {t.member.ageLabel}
                  </Text>
                </View>
                {t.certNo && <Text className='vx-meta'>预防接种证号 {t.certNo}</Text>}
                {t.inProgramme && (
                  <View className='vx-home__summary'>
                    <View className='vx-home__stat vx-home__stat--overdue'>
                      <Text className='vx-home__num' data-testid='vaccines-overdue-count'>
                        {t.summary.overdue}
                      </Text>
                      <Text className='vx-home__label'>已逾期</Text>
                    </View>
                    <View className='vx-home__stat vx-home__stat--due'>
                      <Text className='vx-home__num' data-testid='vaccines-due-count'>
                        {t.summary.due}
                      </Text>
                      <Text className='vx-home__label'>待接种</Text>
                    </View>
                    <View className='vx-home__stat'>
                      <Text className='vx-home__num'>{t.summary.upcoming}</Text>
                      <Text className='vx-home__label'>未到时间</Text>
                    </View>
                    <View className='vx-home__stat'>
                      <Text className='vx-home__num'>{t.summary.done}</Text>
                      <Text className='vx-home__label'>已接种</Text>
                    </View>
                  </View>
                )}
              </View>

              <View className='vx-links'>
                <View role='button' className='vx-link' data-testid='vaccines-link-record' onClick={() => navigateTo({ url: withQuery(VACCINE_PAGES.record, { memberId }) })}>
                  <Text>电子接种证</Text>
                </View>
                <View role='button' className='vx-link' data-testid='vaccines-link-appointments' onClick={() => navigateTo({ url: VACCINE_PAGES.appointments })}>
                  <Text>我的预约</Text>
                </View>
                <View role='button' className='vx-link' data-testid='vaccines-link-catalogue' onClick={() => navigateTo({ url: withQuery(VACCINE_PAGES.catalogue, { memberId }) })}>
                  <Text>自费疫苗</Text>
                </View>
                <View role='button' className='vx-link' data-testid='vaccines-link-alerts' onClick={() => navigateTo({ url: withQuery(VACCINE_PAGES.alerts, { memberId }) })}>
                  <Text>到苗提醒</Text>
                </View>
                <View role='button' className='vx-link' data-testid='vaccines-link-aefi' onClick={() => navigateTo({ url: withQuery(VACCINE_PAGES.aefi, { memberId }) })}>
                  <Text>异常反应</Text>
                </View>
              </View>

              {t.note && (
                <View className='hp-alert hp-alert--info' data-testid='vaccines-note'>
                  <Text>{t.note}</Text>
                </View>
              )}

              {t.inProgramme && (
                <View data-testid='vaccines-timeline'>
                  <Text className='hp-section-title'>现在需要接种（{now.length}）</Text>
                  {now.length === 0 ? (
                    <View className='vx-card'>
                      <Text className='vx-meta'>目前没有到期的免疫规划疫苗，请按下方时间按时接种。</Text>
                    </View>
                  ) : (
                    now.map((e) => <EntryCard key={`${e.code}-${e.dose}`} e={e} memberId={memberId} />)
                  )}

                  <Text className='hp-section-title'>即将接种（{upcoming.length}）</Text>
                  {(showAllUpcoming ? upcoming : upcoming.slice(0, UPCOMING_SHOWN)).map((e) => (
                    <EntryCard key={`${e.code}-${e.dose}`} e={e} memberId={memberId} />
                  ))}
                  {upcoming.length > UPCOMING_SHOWN && (
                    <View role='button' className='vx-more' data-testid='vaccines-more-upcoming' onClick={() => setShowAllUpcoming(!showAllUpcoming)}>
                      <Text>{showAllUpcoming ? '收起' : `查看全部 ${upcoming.length} 剂 ›`}</Text>
                    </View>
                  )}

                  <View role='button' className='vx-more' data-testid='vaccines-toggle-done' onClick={() => setShowDone(!showDone)}>
                    <Text>{showDone ? '收起已接种和无需接种的剂次' : `已接种 ${done.length} 剂 · 无需接种 ${notNeeded.length} 剂 ›`}</Text>
                  </View>
                  {showDone && (
                    <View>
                      {done.map((e) => (
                        <EntryCard key={`${e.code}-${e.dose}`} e={e} memberId={memberId} />
                      ))}
                      {notNeeded.map((e) => (
                        <EntryCard key={`${e.code}-${e.dose}`} e={e} memberId={memberId} />
                      ))}
                    </View>
                  )}
                  <Text className='vx-home__basis'>依据：{t.scheduleTitle}。接种前请以接种门诊医生的评估为准。</Text>
                </View>
              )}
            </View>
          )}
        </ConsentGate>
      )}
    </PageShell>
  );
}
