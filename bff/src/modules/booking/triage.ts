import type { TriageAdvice, TriageCatalogue } from '@healthpocket/shared-types';
import { errors } from '../../errors';
import type { HisClient } from './his-client';
import { BODY_PARTS, EMERGENCY_TEXT, TRIAGE_NOTICE, TRIAGE_SOURCES, type SymptomLine } from './triage-data';

const BY_ID = new Map(BODY_PARTS.flatMap((p) => p.symptoms.map((s) => [s.id, s] as const)));

/** 智能导诊 without diagnosing: chosen symptoms and free text → departments of a hospital, red flags first. */
export class TriageService {
  constructor(private readonly his: HisClient) {}

  catalogue(): TriageCatalogue {
    return {
      bodyParts: BODY_PARTS.map((p) => ({ id: p.id, label: p.label, symptoms: p.symptoms.map((s) => ({ id: s.id, label: s.label, redFlag: !!s.redFlag })) })),
      notice: TRIAGE_NOTICE,
      emergency: { phone: '120', text: EMERGENCY_TEXT },
      sources: TRIAGE_SOURCES.map((s) => ({ ...s })),
    };
  }

  async advise(q: { symptoms?: string; text?: string; hospitalId: string }): Promise<TriageAdvice> {
    const chosen: SymptomLine[] = [];
    for (const id of q.symptoms ? q.symptoms.split(',') : []) {
      const s = BY_ID.get(id);
      if (!s) throw errors.badInput([{ path: 'symptoms', message: `未知的症状：${id}` }], '所选症状无效，请重新选择');
      if (!chosen.includes(s)) chosen.push(s);
    }
    if (q.text) {
      // The longest keyword decides among lines that share a word (剧烈头痛 over 头痛).
      const hits = [...BY_ID.values()]
        .map((s) => ({ s, len: Math.max(0, ...s.keywords.filter((k) => q.text!.includes(k)).map((k) => k.length)) }))
        .filter((h) => h.len > 0)
        .sort((a, b) => b.len - a.len || Number(!!b.s.redFlag) - Number(!!a.s.redFlag));
      for (const h of hits.slice(0, 3)) if (!chosen.includes(h.s)) chosen.push(h.s);
    }
    if (chosen.length === 0 && !q.text) throw errors.badInput([{ path: 'symptoms', message: '请选择症状或描述不适' }], '请选择症状或描述您的不适');
    const departments = await this.his.departments(q.hospitalId);
    const emergency = chosen.some((s) => s.redFlag);
    const seen = new Set<string>();
    const suggestions: TriageAdvice['suggestions'] = [];
    for (const s of [...chosen].sort((a, b) => Number(!!b.redFlag) - Number(!!a.redFlag))) {
      for (const name of s.departments) {
        if (seen.has(name)) continue;
        seen.add(name);
        suggestions.push({
          department: name,
          why: s.why,
          sourceIds: [...s.sources],
          departments: departments.filter((d) => d.name === name || d.name.includes(name)).map(({ id, name: n, location }) => ({ id, name: n, location })),
        });
      }
    }
    return {
      emergency,
      emergencyText: emergency ? EMERGENCY_TEXT : null,
      matched: chosen.map((s) => ({ id: s.id, label: s.label, redFlag: !!s.redFlag })),
      suggestions,
      notice: chosen.length === 0 ? `没有找到与描述对应的科室。${TRIAGE_NOTICE}` : TRIAGE_NOTICE,
    };
  }
}
