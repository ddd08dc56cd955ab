import type { DataSource } from 'typeorm';
import type { PutRotaRequest, RotaView, WorkingHours } from '@healthpocket/shared-types';
import type { Audit, Scope } from '../../audit/audit';
import { authorize, rules } from '../../policies';
import { AppError, errors } from '../../errors';
import { AlertRota } from './entities';
import type { ChatService } from './chat-service';
import type { PlatformDirectory } from './platform';
import { chinaIso } from './presenters';

const CHINA_OFFSET_MS = 8 * 3600_000;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether `hours` cover the instant `at` (China time). `days` are the days a shift starts on; a
 * shift whose end is not after its start runs overnight into the next day (00:00–00:00 is 24 h).
 */
export function covers(hours: WorkingHours, at: Date): boolean {
  const local = new Date(at.getTime() + CHINA_OFFSET_MS);
  const day = local.getUTCDay() || 7;
  const prev = day === 1 ? 7 : day - 1;
  const m = local.getUTCHours() * 60 + local.getUTCMinutes();
  const s = minutesOf(hours.start);
  const e = minutesOf(hours.end);
  if (s < e) return hours.days.includes(day) && m >= s && m < e;
  return (hours.days.includes(day) && m >= s) || (hours.days.includes(prev) && m < e);
}

/**
 * A team's on-call rota (issue 13 §3, minimal): an ordered list of staff with the hours each
 * covers, kept in our database and changed by the team lead only. It decides who an urgent alert
 * goes to: the first person covering the hour is on duty, the next ones covering it follow, the
 * team lead comes last. Without a rota (or nobody covering the hour): the contracted doctor, then
 * the team lead.
 */
export class RotaService {
  constructor(
    private readonly ds: DataSource,
    private readonly platform: PlatformDirectory,
    private readonly chat: ChatService,
    private readonly audit: Audit,
  ) {}

  async get(scope: Scope, teamId: string): Promise<RotaView> {
    await authorize(scope.actor, 'team.staff', { teamId }, await this.chat.staffTeams(scope.actor));
    return present(teamId, await this.ds.getRepository(AlertRota).findOneBy({ teamId }));
  }

  async put(scope: Scope, req: PutRotaRequest): Promise<RotaView> {
    await authorize(scope.actor, 'team.staff', { teamId: req.teamId }, await this.chat.staffTeams(scope.actor));
    const team = await this.platform.team(req.teamId);
    if (!team) throw errors.notFound();
    if (!rules['rota.manage'](scope.actor, team)) throw errors.of('ROTA_LEAD_ONLY');
    const members = new Set(team.members.map((m) => m.id));
    const stranger = req.entries.findIndex((e) => !members.has(e.staffId));
    if (stranger >= 0) throw new AppError('ROTA_NOT_TEAM_MEMBER', undefined, [{ path: `entries.${stranger}.staffId`, message: '该人员不属于本团队' }]);
    await this.ds.getRepository(AlertRota).save({ teamId: req.teamId, entries: req.entries, updatedBy: scope.actor.userId });
    await this.audit.record(scope, { action: 'rota.update', subjectType: 'team', subjectId: req.teamId, detail: { staffIds: req.entries.map((e) => e.staffId) } });
    return present(req.teamId, await this.ds.getRepository(AlertRota).findOneBy({ teamId: req.teamId }));
  }

  /** Who an alert raised at `at` is sent to, in order: on duty, the next on the rota …, the team lead. */
  async chain(teamId: string, contractDoctorId: string | null, at: Date): Promise<string[]> {
    const team = await this.platform.team(teamId);
    const rota = await this.ds.getRepository(AlertRota).findOneBy({ teamId });
    const onDuty = (rota?.entries ?? []).filter((e) => covers(e, at)).map((e) => e.staffId);
    const first = onDuty.length > 0 ? onDuty : contractDoctorId ? [contractDoctorId] : [];
    return [...new Set([...first, ...(team?.leaderId ? [team.leaderId] : [])])];
  }
}

function present(teamId: string, row: AlertRota | null): RotaView {
  return { teamId, entries: row?.entries ?? [], updatedAt: row ? chinaIso(row.updatedAt) : null };
}
