import { OBSERVATION_ADVICE, OBSERVATION_MINUTES, OBSERVATION_SHOWN_AFTER_MINUTES, OBSERVATION_WATCH_FOR, toChinaIso, type VaccineObservation } from '@healthpocket/shared-types';
import type { Scope } from '../../audit/audit';
import type { VaccinesContext } from './context';
import type { VaccineQueries } from './queries';

const MINUTE = 60_000;

/**
 * 留观: after a dose is recorded the resident stays 30 minutes at the clinic (预防接种工作规范
 * 2023). The platform's 接种时间 (givenAt) and the server's clock decide the countdown; the app
 * shows `secondsLeft` from this answer and asks again, it never trusts the phone's clock.
 * The dose is read fresh from the platform: the resident opens the app right after the nurse has
 * recorded it, often within the few seconds the member's cached record lives.
 */
export class VaccineObservations {
  constructor(
    private readonly c: VaccinesContext,
    private readonly q: VaccineQueries,
  ) {}

  async of(scope: Scope, memberId: string): Promise<VaccineObservation> {
    const member = await this.q.memberWithConsent(scope, memberId);
    const subject = await this.c.subjects.of(member, { fresh: true });
    const now = this.c.now();
    const window = (OBSERVATION_MINUTES + OBSERVATION_SHOWN_AFTER_MINUTES) * MINUTE;
    const latest = subject.records
      .filter((r) => r.givenAt)
      .map((r) => ({ r, at: Date.parse(r.givenAt!) }))
      .filter((x) => x.at <= now && now - x.at < window)
      .sort((a, b) => b.at - a.at)[0];
    const until = latest ? latest.at + OBSERVATION_MINUTES * MINUTE : 0;
    return {
      memberId: member.id,
      now: toChinaIso(now),
      current: latest
        ? {
            doseId: latest.r.id,
            vaccineName: latest.r.vaccineName,
            dose: latest.r.dose,
            institution: latest.r.institution,
            givenAt: toChinaIso(latest.at),
            observedUntil: toChinaIso(until),
            state: now < until ? 'observing' : 'ended',
            secondsLeft: Math.max(0, Math.ceil((until - now) / 1000)),
          }
        : null,
      watchFor: [...OBSERVATION_WATCH_FOR],
      advice: OBSERVATION_ADVICE,
    };
  }
}
