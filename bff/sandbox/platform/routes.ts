import Router from '@koa/router';
import { upstream } from '@healthpocket/shared-types';
import { answer } from '../contracts';
import type { SandboxContext } from '../context';
import { sendError, worldOf, type Resident, type Team, type World } from '../seed/world';

/**
 * The regional health platform: residents' health-record index, family-doctor teams and contracts.
 * Documented in ../API.md.
 */
export function platformRoutes(sctx: SandboxContext): Router {
  const r = new Router({ prefix: '/platform' });
  const world = () => worldOf(sctx);

  r.get('/residents/by-id-number/:idNumber', (ctx) => {
    const idNumber = ctx.params.idNumber.trim().toUpperCase();
    if (!/^\d{17}[\dX]$/.test(idNumber)) return sendError(ctx, 400, 'BAD_REQUEST', '身份证号码格式不正确');
    const w = world();
    const recordNumber = w.recordNumberByIdNumber.get(idNumber);
    if (!recordNumber) return sendError(ctx, 404, 'NOT_FOUND', '未找到该身份证号码对应的居民健康档案');
    ctx.body = basic(w.residents.get(recordNumber)!);
  });

  /**
   * 预留手机号核验: does the phone equal the one on file for this ID number? Answers only
   * {match: true|false} — never the phone on file, nor whether a record exists.
   */
  r.post('/residents/phone-check', (ctx) => {
    const b = (ctx.request.body ?? {}) as Record<string, unknown>;
    const idNumber = typeof b.idNumber === 'string' ? b.idNumber.trim().toUpperCase() : '';
    const phone = typeof b.phone === 'string' ? b.phone.trim() : '';
    if (!/^\d{17}[\dX]$/.test(idNumber) || !/^1[3-9]\d{9}$/.test(phone)) {
      return sendError(ctx, 400, 'BAD_REQUEST', '需要 idNumber（18位）和 phone（11位手机号）');
    }
    const w = world();
    const recordNumber = w.recordNumberByIdNumber.get(idNumber);
    const onFile = recordNumber ? w.residents.get(recordNumber)?.phone : null;
    ctx.body = { match: !!onFile && onFile === phone };
  });

  r.post('/residents/match', (ctx) => {
    const b = (ctx.request.body ?? {}) as Record<string, unknown>;
    const name = typeof b.name === 'string' ? b.name.trim() : '';
    const birthDate = typeof b.birthDate === 'string' ? b.birthDate : '';
    const guardianIdNumber = typeof b.guardianIdNumber === 'string' ? b.guardianIdNumber.trim().toUpperCase() : '';
    if (!name || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate) || !/^\d{17}[\dX]$/.test(guardianIdNumber)) {
      return sendError(ctx, 400, 'BAD_REQUEST', '需要 name、birthDate (YYYY-MM-DD) 和 guardianIdNumber');
    }
    const w = world();
    const found = [...w.residents.values()].find((x) => x.name === name && x.birthDate === birthDate && x.guardians.some((g) => g.idNumber === guardianIdNumber));
    if (!found) return sendError(ctx, 404, 'NOT_FOUND', '未找到匹配的儿童健康档案，请核对姓名、出生日期和监护人身份证号码');
    ctx.body = basic(found);
  });

  // 监护关系核验: is this person a child's registered guardian? Answers yes/no, nothing else.
  r.post('/guardianships/verify', (ctx) => {
    const b = (ctx.request.body ?? {}) as Record<string, unknown>;
    const up = (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : '');
    const guardianIdNumber = up(b.guardianIdNumber);
    const childIdNumber = up(b.childIdNumber);
    const childName = typeof b.childName === 'string' ? b.childName.trim() : '';
    const childBirthDate = typeof b.childBirthDate === 'string' ? b.childBirthDate : '';
    const id = /^\d{17}[\dX]$/;
    if (!id.test(guardianIdNumber) || (childIdNumber ? !id.test(childIdNumber) : !childName || !/^\d{4}-\d{2}-\d{2}$/.test(childBirthDate))) {
      return sendError(ctx, 400, 'BAD_REQUEST', '需要 guardianIdNumber，以及 childIdNumber 或 childName + childBirthDate (YYYY-MM-DD)');
    }
    const w = world();
    const child = childIdNumber
      ? w.residents.get(w.recordNumberByIdNumber.get(childIdNumber) ?? '')
      : [...w.residents.values()].find((x) => x.name === childName && x.birthDate === childBirthDate && x.guardians.some((g) => g.idNumber === guardianIdNumber));
    ctx.body = { confirmed: !!child && (child.guardianIdNumber === guardianIdNumber || child.guardians.some((g) => g.idNumber === guardianIdNumber)) };
  });

  r.get('/residents/:recordNumber', (ctx) => {
    const found = world().residents.get(ctx.params.recordNumber);
    if (!found) return sendError(ctx, 404, 'NOT_FOUND', `健康档案 ${ctx.params.recordNumber} 不存在`);
    ctx.body = answer(upstream.platform.Resident, found);
  });

  r.get('/residents/:recordNumber/contract', (ctx) => {
    const w = world();
    if (!w.residents.has(ctx.params.recordNumber)) return sendError(ctx, 404, 'NOT_FOUND', `健康档案 ${ctx.params.recordNumber} 不存在`);
    const contract = w.contracts.get(ctx.params.recordNumber);
    if (!contract) return sendError(ctx, 404, 'NOT_FOUND', '该居民尚未签约家庭医生');
    const team = w.teams.get(contract.teamId)!;
    ctx.body = answer(upstream.platform.Contract, {
      ...contract,
      doctorName: w.doctors.get(contract.doctorId)!.name,
      team: teamView(w, team),
      packages: team.packages.filter((p) => contract.packageIds.includes(p.id)),
    });
  });

  // Sandbox-only: the children a guardian has on the platform, for the demo family set-up of npm start.
  r.get('/sandbox/children', (ctx) => {
    const guardian = String(ctx.query.guardianIdNumber ?? '').toUpperCase();
    ctx.body = {
      items: [...world().residents.values()].filter((x) => x.guardianIdNumber === guardian).map((x) => ({ name: x.name, birthDate: x.birthDate, sex: x.sex, recordNumber: x.recordNumber })),
    };
  });

  r.get('/teams', (ctx) => {
    const w = world();
    ctx.body = { items: [...w.teams.values()].map((t) => teamView(w, t)) };
  });

  r.get('/teams/:teamId', (ctx) => {
    const w = world();
    const team = w.teams.get(ctx.params.teamId);
    if (!team) return sendError(ctx, 404, 'NOT_FOUND', `家庭医生团队 ${ctx.params.teamId} 不存在`);
    ctx.body = teamView(w, team);
  });

  return r;
}

/** What an identity lookup returns: enough to bind a person to a record, nothing clinical. */
function basic(x: Resident) {
  return answer(upstream.platform.ResidentBasic, {
    recordNumber: x.recordNumber,
    name: x.name,
    idNumber: x.idNumber,
    sex: x.sex,
    birthDate: x.birthDate,
    phone: x.phone,
    status: x.status,
  });
}

function teamView(w: World, t: Team) {
  let contractedCount = 0;
  for (const c of w.contracts.values()) if (c.teamId === t.id) contractedCount++;
  return answer(upstream.platform.Team, { ...t, contractedCount });
}
