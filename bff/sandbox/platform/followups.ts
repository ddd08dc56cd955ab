import Router from '@koa/router';
import { ageOn } from '@healthpocket/shared-types';
import type { SandboxContext } from '../context';
import { sendError, worldOf } from '../seed/world';
import { recordsOf, type Followup } from './records-data';

/**
 * 家庭医生团队签约居民名单 and 随访记录回传 (../API.md, "Team roster and follow-up write-back").
 * Follow-ups written here are kept per sandbox instance and listed first by GET …/followups.
 */
const written = new WeakMap<SandboxContext, Map<string, { followup: Followup; key: string; body: string }>>();

export function writtenFollowups(ctx: SandboxContext, recordNumber: string): Followup[] {
  return [...(written.get(ctx)?.values() ?? [])].filter((w) => w.key.startsWith(`${recordNumber}|`)).map((w) => w.followup);
}

export function platformFollowupRoutes(sctx: SandboxContext): Router {
  const r = new Router({ prefix: '/platform' });

  r.get('/teams/:teamId/residents', (ctx) => {
    const w = worldOf(sctx);
    if (!w.teams.has(ctx.params.teamId)) return sendError(ctx, 404, 'NOT_FOUND', `家庭医生团队 ${ctx.params.teamId} 不存在`);
    const cursor = typeof ctx.query.cursor === 'string' ? ctx.query.cursor : '';
    const limit = Number(ctx.query.limit ?? 200);
    if ((cursor && !/^\d{17}$/.test(cursor)) || !Number.isInteger(limit) || limit < 1 || limit > 500) return sendError(ctx, 400, 'BAD_REQUEST', 'cursor 应为17位档案号，limit 为 1–500');
    const contracted = [...w.contracts.values()]
      .filter((c) => c.teamId === ctx.params.teamId && w.residents.get(c.recordNumber)?.status === 'active')
      .sort((a, b) => (a.recordNumber < b.recordNumber ? -1 : 1))
      .filter((c) => !cursor || c.recordNumber > cursor);
    const page = contracted.slice(0, limit);
    ctx.body = {
      items: page.map((c) => {
        const x = w.residents.get(c.recordNumber)!;
        const fus = [...writtenFollowups(sctx, x.recordNumber), ...(recordsOf(sctx, x.recordNumber)?.followups ?? [])];
        const last = (kind: Followup['kind']) => fus.filter((f) => f.kind === kind).sort((a, b) => (a.date < b.date ? 1 : -1))[0] ?? null;
        return {
          recordNumber: x.recordNumber,
          name: x.name,
          sex: x.sex,
          birthDate: x.birthDate,
          community: x.community,
          chronicConditions: x.chronicConditions,
          // 孕产妇健康管理: the platform's maternal register (in the sandbox: a woman 20–45 with the maternal package).
          maternal: x.sex === 'female' && c.packageIds.some((p) => p.includes('MATERNAL')) && ageOn(x.birthDate, w.today) >= 20 && ageOn(x.birthDate, w.today) <= 45 ? { status: 'pregnant' } : null,
          contract: { id: c.id, doctorId: c.doctorId, doctorName: w.doctors.get(c.doctorId)?.name ?? '', validFrom: c.validFrom, validTo: c.validTo, packageIds: c.packageIds },
          lastFollowups: (['hypertension', 'diabetes'] as const).flatMap((k) => {
            const f = last(k);
            return f ? [{ kind: k, date: f.date, nextVisitDate: f.nextVisitDate, classification: f.classification }] : [];
          }),
        };
      }),
      nextCursor: contracted.length > limit ? page[page.length - 1].recordNumber : null,
    };
  });

  r.post('/residents/:recordNumber/followups', (ctx) => {
    const rn = ctx.params.recordNumber;
    const w = worldOf(sctx);
    const resident = w.residents.get(rn);
    if (!resident) return sendError(ctx, 404, 'NOT_FOUND', `健康档案 ${rn} 不存在`);
    if (resident.status === 'closed') return sendError(ctx, 409, 'RECORD_CLOSED', '该健康档案已结案');
    const key = ctx.get('Idempotency-Key');
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(key)) return sendError(ctx, 400, 'BAD_REQUEST', '需要 Idempotency-Key 请求头（8–64 位字母数字）');
    const b = (ctx.request.body ?? {}) as Record<string, unknown>;
    const kind = b.kind;
    if (kind !== 'hypertension' && kind !== 'diabetes') return sendError(ctx, 400, 'BAD_REQUEST', 'kind 只能是 hypertension 或 diabetes');
    const code = kind === 'hypertension' ? 'I10' : 'E11';
    if (!resident.chronicConditions.some((c) => c.code === code)) return sendError(ctx, 409, 'NOT_MANAGED', `该居民未纳入${kind === 'hypertension' ? '高血压' : '2型糖尿病'}患者健康管理`);
    for (const f of ['date', 'nextVisitDate']) if (typeof b[f] !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(b[f] as string)) return sendError(ctx, 400, 'BAD_REQUEST', `${f} 应为 YYYY-MM-DD`);
    for (const f of ['sbp', 'dbp', 'weightKg', 'bmi']) if (typeof b[f] !== 'number') return sendError(ctx, 400, 'BAD_REQUEST', `${f} 应为数字`);
    if (typeof b.doctorId !== 'string' || !w.teams.get(resident.contractedTeamId ?? '')?.members.some((m) => m.id === b.doctorId)) {
      return sendError(ctx, 403, 'FORBIDDEN', 'doctorId 不是该居民签约团队的成员');
    }
    let store = written.get(sctx);
    if (!store) written.set(sctx, (store = new Map()));
    const body = JSON.stringify(b);
    const prior = store.get(key);
    if (prior) {
      // The same key with another body is a client bug, not a retry.
      if (prior.body !== body || !prior.key.startsWith(`${rn}|`)) return sendError(ctx, 409, 'IDEMPOTENCY_CONFLICT', '同一 Idempotency-Key 的请求内容不同');
      ctx.status = 200;
      ctx.body = prior.followup;
      return;
    }
    const team = w.teams.get(resident.contractedTeamId!)!;
    const followup: Followup = {
      id: `FU${kind === 'hypertension' ? 'H' : 'D'}-${rn}-W${store.size + 1}`,
      kind,
      date: b.date as string,
      method: (b.method as Followup['method']) ?? '门诊',
      institution: team.centreName,
      doctorName: team.members.find((m) => m.id === b.doctorId)!.name,
      symptoms: Array.isArray(b.symptoms) ? (b.symptoms as string[]) : [],
      sbp: b.sbp as number,
      dbp: b.dbp as number,
      heartRate: typeof b.heartRate === 'number' ? b.heartRate : 0,
      weightKg: b.weightKg as number,
      bmi: b.bmi as number,
      fastingGlucose: typeof b.fastingGlucose === 'number' ? b.fastingGlucose : null,
      adherence: b.adherence as Followup['adherence'],
      adverseReaction: (b.adverseReaction as string | null) ?? null,
      classification: b.classification as Followup['classification'],
      medications: Array.isArray(b.medications) ? (b.medications as Followup['medications']) : [],
      referral: (b.referral as Followup['referral']) ?? null,
      advice: (b.advice as string | null) ?? '',
      nextVisitDate: b.nextVisitDate as string,
    };
    store.set(key, { followup, key: `${rn}|${key}`, body });
    ctx.status = 201;
    ctx.body = followup;
  });

  return r;
}
