import Router from '@koa/router';
import type { SandboxContext } from '../context';
import { RENEWAL_WINDOW_DAYS } from '@healthpocket/shared-types';
import { addDays, daysBetween, sendError, worldOf, type World } from '../seed/world';

/**
 * Contract applications (签约申请) on the platform stand-in: a resident applies to a team, a
 * member of that team approves (the platform then signs a contract, valid one year) or declines
 * with a reason. State is per sandbox instance and lives here, beside the world it changes.
 */
interface Application {
  id: string;
  recordNumber: string;
  residentName: string;
  teamId: string;
  /** `renewal` (续约): the current contract continues for another year from its end. */
  kind: 'new' | 'renewal';
  packageIds: string[];
  note: string | null;
  status: 'pending' | 'approved' | 'declined';
  reason: string | null;
  decidedBy: string | null;
  appliedAt: string;
  decidedAt: string | null;
}

interface State {
  seq: number;
  items: Map<string, Application>;
}
const states = new WeakMap<SandboxContext, State>();
function stateOf(ctx: SandboxContext): State {
  let s = states.get(ctx);
  if (!s) states.set(ctx, (s = { seq: 0, items: new Map() }));
  return s;
}

const iso = (ms: number) =>
  new Date(ms + 8 * 3600_000)
    .toISOString()
    .replace('Z', '+08:00')
    .replace(/\.\d{3}/, '');

function isTeamMember(w: World, teamId: string, staffId: unknown): boolean {
  return typeof staffId === 'string' && !!w.teams.get(teamId)?.members.some((m) => m.id === staffId);
}

export function contractApplicationRoutes(sctx: SandboxContext): Router {
  const r = new Router({ prefix: '/platform/contract-applications' });
  const world = () => worldOf(sctx);
  const state = () => stateOf(sctx);

  r.post('/', (ctx) => {
    const b = (ctx.request.body ?? {}) as Record<string, unknown>;
    const w = world();
    const recordNumber = typeof b.recordNumber === 'string' ? b.recordNumber : '';
    const teamId = typeof b.teamId === 'string' ? b.teamId : '';
    const packageIds = Array.isArray(b.packageIds) ? b.packageIds.filter((x): x is string => typeof x === 'string') : [];
    if (!recordNumber || !teamId || packageIds.length === 0) return sendError(ctx, 400, 'BAD_REQUEST', '需要 recordNumber、teamId 和 packageIds');
    const resident = w.residents.get(recordNumber);
    if (!resident) return sendError(ctx, 404, 'NOT_FOUND', `健康档案 ${recordNumber} 不存在`);
    if (resident.status !== 'active') return sendError(ctx, 409, 'RECORD_CLOSED', '该健康档案已注销，不能签约');
    const team = w.teams.get(teamId);
    if (!team) return sendError(ctx, 404, 'NOT_FOUND', `家庭医生团队 ${teamId} 不存在`);
    if (!packageIds.includes('PKG-BASIC') || packageIds.some((p) => !team.packages.some((x) => x.id === p))) {
      return sendError(ctx, 400, 'BAD_REQUEST', '服务包须包含基础服务包，且属于所选团队');
    }
    const kind = b.kind === 'renewal' ? 'renewal' : 'new';
    const contract = w.contracts.get(recordNumber);
    if (kind === 'new' && contract && contract.validTo >= w.today) return sendError(ctx, 409, 'ALREADY_CONTRACTED', '该居民已签约家庭医生团队');
    if (kind === 'renewal') {
      // 续约 with the same team, in the last RENEWAL_WINDOW_DAYS of the contract year (or after it ended).
      if (!contract || contract.teamId !== teamId) return sendError(ctx, 409, 'NOT_CONTRACTED', '该居民未与该团队签约，不能续约');
      if (daysBetween(w.today, contract.validTo) > RENEWAL_WINDOW_DAYS) return sendError(ctx, 409, 'RENEWAL_NOT_OPEN', `签约到期前${RENEWAL_WINDOW_DAYS}天内才能续约`);
    }
    if ([...state().items.values()].some((a) => a.recordNumber === recordNumber && a.status === 'pending')) {
      return sendError(ctx, 409, 'APPLICATION_PENDING', '该居民已有待审核的签约申请');
    }
    const s = state();
    const app: Application = {
      id: `SQ${w.today.replaceAll('-', '')}${String(++s.seq).padStart(4, '0')}`,
      recordNumber,
      residentName: resident.name,
      teamId,
      kind,
      packageIds: [...new Set(packageIds)],
      note: typeof b.note === 'string' && b.note.trim() ? b.note.trim().slice(0, 200) : null,
      status: 'pending',
      reason: null,
      decidedBy: null,
      appliedAt: iso(sctx.wechat.now()),
      decidedAt: null,
    };
    s.items.set(app.id, app);
    ctx.status = 201;
    ctx.body = app;
  });

  r.get('/', (ctx) => {
    const teamId = ctx.query.teamId as string | undefined;
    const status = ctx.query.status as string | undefined;
    const recordNumber = ctx.query.recordNumber as string | undefined;
    const items = [...state().items.values()].filter((a) => (!teamId || a.teamId === teamId) && (!status || a.status === status) && (!recordNumber || a.recordNumber === recordNumber));
    ctx.body = { items: items.sort((a, b) => a.appliedAt.localeCompare(b.appliedAt)) };
  });

  r.get('/:id', (ctx) => {
    const app = state().items.get(ctx.params.id);
    if (!app) return sendError(ctx, 404, 'NOT_FOUND', `签约申请 ${ctx.params.id} 不存在`);
    ctx.body = app;
  });

  const decide = (verdict: 'approved' | 'declined') => (ctx: Parameters<Parameters<Router['post']>[1]>[0]) => {
    const b = (ctx.request.body ?? {}) as Record<string, unknown>;
    const w = world();
    const app = state().items.get(ctx.params.id);
    if (!app) return sendError(ctx, 404, 'NOT_FOUND', `签约申请 ${ctx.params.id} 不存在`);
    if (!isTeamMember(w, app.teamId, b.staffId)) return sendError(ctx, 403, 'FORBIDDEN', '只有该团队成员可以处理此申请');
    if (verdict === 'declined' && (typeof b.reason !== 'string' || !b.reason.trim())) return sendError(ctx, 400, 'BAD_REQUEST', '需要 reason');
    if (app.status !== 'pending') return sendError(ctx, 409, 'APPLICATION_DECIDED', '该申请已处理');
    app.status = verdict;
    app.decidedBy = b.staffId as string;
    app.decidedAt = iso(sctx.wechat.now());
    if (verdict === 'declined') app.reason = (b.reason as string).trim().slice(0, 100);
    else {
      const team = w.teams.get(app.teamId)!;
      const resident = w.residents.get(app.recordNumber)!;
      // One year from today, as the seeded contracts; a renewal from the day after the current one ends.
      const previous = w.contracts.get(app.recordNumber);
      const from = app.kind === 'renewal' && previous && previous.validTo >= w.today ? addDays(previous.validTo, 1) : w.today;
      w.contracts.set(app.recordNumber, {
        id: `QY${app.recordNumber.slice(-8)}${from.slice(2, 4)}`,
        recordNumber: app.recordNumber,
        teamId: team.id,
        doctorId: team.leaderId,
        packageIds: app.packageIds,
        signedOn: w.today,
        validFrom: from,
        validTo: addDays(`${Number(from.slice(0, 4)) + 1}${from.slice(4)}`, -1),
        status: 'active',
      });
      resident.contractedTeamId = team.id;
    }
    ctx.body = app;
  };
  r.post('/:id/approve', decide('approved'));
  r.post('/:id/decline', decide('declined'));

  return r;
}

/** Sandbox-only: move a contract's end date, so the renewal window and reminders can be shown. */
export function contractSandboxRoutes(sctx: SandboxContext): Router {
  const r = new Router({ prefix: '/platform/sandbox/contracts' });
  r.post('/:recordNumber/valid-to', (ctx) => {
    const b = (ctx.request.body ?? {}) as Record<string, unknown>;
    const contract = worldOf(sctx).contracts.get(ctx.params.recordNumber);
    if (!contract) return sendError(ctx, 404, 'NOT_FOUND', '该居民尚未签约家庭医生');
    if (typeof b.validTo !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(b.validTo)) return sendError(ctx, 400, 'BAD_REQUEST', '需要 validTo (YYYY-MM-DD)');
    contract.validTo = b.validTo;
    ctx.body = contract;
  });
  return r;
}
