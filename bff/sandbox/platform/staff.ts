import Router from '@koa/router';
import type { SandboxContext } from '../context';
import { sendError, worldOf, type TeamMember, type World } from '../seed/world';

/**
 * The platform's staff directory (卫生人员目录): everyone who works in a family-doctor team, with
 * the institution they are registered at and the teams they belong to. `active: false` marks
 * someone who has left (FHIR Practitioner.active); the directory keeps them so old records still
 * name them. Documented in ../API.md.
 */
interface StaffEntry {
  id: string;
  name: string;
  role: TeamMember['role'];
  title: string;
  hospitalId: string;
  hospitalName: string;
  teamIds: string[];
  active: boolean;
}

/** A general practitioner of 东华街道 who retired: in the directory, in no team, not active. */
const FORMER_STAFF = [{ id: 'D-FD-099', name: '钱文', role: '全科医生' as const, title: '主治医师', hospitalId: 'H003' }];

function directory(w: World): StaffEntry[] {
  const byId = new Map<string, StaffEntry>();
  const hospitalName = (id: string) => w.hospitals.get(id)?.name ?? '';
  for (const team of w.teams.values()) {
    for (const m of team.members) {
      const e = byId.get(m.id) ?? { id: m.id, name: m.name, role: m.role, title: m.title, hospitalId: m.hospitalId, hospitalName: hospitalName(m.hospitalId), teamIds: [], active: true };
      e.teamIds.push(team.id);
      byId.set(m.id, e);
    }
  }
  for (const f of FORMER_STAFF) if (!byId.has(f.id)) byId.set(f.id, { ...f, hospitalName: hospitalName(f.hospitalId), teamIds: [], active: false });
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function staffRoutes(sctx: SandboxContext): Router {
  const r = new Router({ prefix: '/platform/staff' });

  // ?q= matches the id or part of the name; ?teamId= and ?active=true|false narrow it.
  r.get('/', (ctx) => {
    const q = String(ctx.query.q ?? '').trim();
    const teamId = ctx.query.teamId ? String(ctx.query.teamId) : undefined;
    const active = ctx.query.active === undefined ? undefined : String(ctx.query.active);
    if (q.length > 32) return sendError(ctx, 400, 'BAD_REQUEST', 'q 最长 32 个字符');
    if (active !== undefined && active !== 'true' && active !== 'false') return sendError(ctx, 400, 'BAD_REQUEST', 'active 只能是 true 或 false');
    const items = directory(worldOf(sctx)).filter(
      (e) => (!q || e.id.toUpperCase() === q.toUpperCase() || e.name.includes(q)) && (!teamId || e.teamIds.includes(teamId)) && (active === undefined || String(e.active) === active),
    );
    ctx.body = { items, q: q || undefined, teamId, active };
  });

  r.get('/:staffId', (ctx) => {
    const found = directory(worldOf(sctx)).find((e) => e.id === ctx.params.staffId);
    if (!found) return sendError(ctx, 404, 'NOT_FOUND', `人员 ${ctx.params.staffId} 不在卫生人员目录中`);
    ctx.body = found;
  });

  return r;
}
