import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The shape of immunization-schedule.json. The engine reads only these fields, so a new edition of
 * the programme in this shape replaces the file without code changes. Every structured field beyond
 * the original file is optional: without it the engine still runs, just without that constraint.
 * Unknown fields (notes, prose) are kept and ignored.
 */
const AgeSchema = z
  .object({ years: z.number().int().min(0).optional(), months: z.number().int().min(0).optional(), days: z.number().int().min(0).optional() })
  .refine((a) => a.years !== undefined || a.months !== undefined || a.days !== undefined, 'an age needs years, months or days');

/** Keys are "a-b" (dose a to dose b of the series) or "any" (each dose to the one before). */
const IntervalMap = z.record(z.string().regex(/^(\d+-\d+|any)$/), z.number().int().min(0));

const DoseSchema = z.looseObject({
  dose: z.number().int().min(1),
  age: AgeSchema,
  /** [min, max] days after the previous dose of the series; the max is advice, not a limit. */
  afterPreviousDays: z.tuple([z.number().int().min(0), z.number().int().min(0)]).optional(),
  afterPreviousMonths: z.number().int().min(0).optional(),
  /** Recommended age to have completed this dose by (及时完成接种); later it shows as overdue. */
  completeBy: AgeSchema.optional(),
  note: z.string().optional(),
});

const VaccineSchema = z.looseObject({
  code: z.string().min(1),
  name: z.string().min(1),
  live: z.boolean().default(false),
  /** oral live vaccines (bOPV) do not count for the live-injectable gap. */
  route: z.string().optional(),
  sex: z.enum(['male', 'female']).optional(),
  /** Vaccines sharing a series continue one dose count (polio: IPV 1–2, bOPV 3–4). */
  series: z.string().optional(),
  doses: z.array(DoseSchema).min(1),
  minIntervalDays: IntervalMap.optional(),
  minIntervalMonths: IntervalMap.optional(),
  minIntervalYears: IntervalMap.optional(),
  /** Interval from the last dose of another vaccine (MPSV-AC after MPSV-A). */
  minIntervalAfter: z
    .array(
      z.object({
        dose: z.number().int().min(1),
        code: z.string(),
        days: z.number().int().optional(),
        months: z.number().int().optional(),
        years: z.number().int().optional(),
        /** Applies only when the other vaccine has at least / at most this many doses (流脑: 1 dose → 3 months, 2 → 12 months). */
        whenDosesAtLeast: z.number().int().min(0).optional(),
        whenDosesAtMost: z.number().int().min(0).optional(),
      }),
    )
    .optional(),
  /** 补种原则 that let a dose come before its routine age when the child is behind on another vaccine (MPSV-AC from 24 months). */
  catchUpEarlier: z.array(z.object({ dose: z.number().int().min(1), fromAge: AgeSchema, whenDosesOf: z.object({ code: z.string(), atMost: z.number().int().min(0) }), reason: z.string() })).optional(),
  /** A not-yet-given dose of the series is given as another vaccine (polio: bOPV instead of IPV after tOPV, or born before 2019-10-01). */
  catchUpSubstitutes: z
    .array(
      z.object({
        dose: z.number().int().min(1),
        code: z.string(),
        whenAnyGiven: z.array(z.string()).optional(),
        whenBornBefore: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
        note: z.string(),
      }),
    )
    .optional(),
  /** The 说明's catch-up text beside the data: quote (or summary), source, and the fields that carry it. */
  catchUpRules: z.array(z.looseObject({ section: z.string(), quote: z.string(), source: z.string(), modelledBy: z.array(z.string()) })).optional(),
  /** From this age the vaccine is no longer given (no catch-up). */
  maxAge: AgeSchema.optional(),
  catchUpConditions: z.array(z.object({ fromAge: AgeSchema, note: z.string() })).optional(),
  /** Either this vaccine or the alternative completes the need (JE-L / JE-I). */
  alternative: z.string().optional(),
  /** Records of these codes count as doses of this series (DT given at 6 before 2025 as DTaP 5). */
  equivalents: z.array(z.object({ code: z.string(), name: z.string().optional(), note: z.string().optional() })).optional(),
  eligibleBornOnOrAfter: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /** No dose is given before this date (a vaccine that joined the programme then). */
  programmeFrom: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  effectiveFrom: z.string().optional(),
  note: z.string().optional(),
});

const ScheduleSchema = z.looseObject({
  title: z.string(),
  basis: z.array(z.string()).default([]),
  rules: z.looseObject({
    catchUpForChildrenUnderYears: z.number().int().positive().default(18),
    neverRestartASeries: z.boolean().default(true),
    twoInjectableLiveVaccinesNotSameDayMinGapDays: z.number().int().min(0).default(28),
    overdueAfterDays: z.number().int().min(0).optional(),
  }),
  programme: z.array(VaccineSchema).min(1),
  selfPaidCommon: z.array(z.looseObject({ code: z.string(), name: z.string(), note: z.string().optional() })).default([]),
});

export type Schedule = z.output<typeof ScheduleSchema>;
export type ScheduleVaccine = Schedule['programme'][number];
export type ScheduleDose = ScheduleVaccine['doses'][number];

export const DEFAULT_SCHEDULE_FILE = path.join(__dirname, 'immunization-schedule.json');

/** Parses and checks a schedule; a file that would mislead the engine is refused with the reason. */
export function parseSchedule(raw: unknown): Schedule {
  const r = ScheduleSchema.safeParse(raw);
  if (!r.success) {
    throw new Error(`immunization schedule is invalid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const s = r.data;
  const codes = new Set(s.programme.map((v) => v.code));
  for (const v of s.programme) {
    for (const x of v.catchUpSubstitutes ?? []) if (!codes.has(x.code)) throw new Error(`immunization schedule: ${v.code}.catchUpSubstitutes ${x.code} is not in the programme`);
    for (const r of v.catchUpRules ?? [])
      if (!r.modelledBy.length && typeof r.why !== 'string') throw new Error(`immunization schedule: ${v.code} has a catch-up rule the engine does not follow and no why (${r.section})`);
    if (v.alternative && !codes.has(v.alternative)) throw new Error(`immunization schedule: ${v.code}.alternative ${v.alternative} is not in the programme`);
    const seen = new Set<number>();
    for (const d of v.doses) {
      if (seen.has(d.dose)) throw new Error(`immunization schedule: ${v.code} lists dose ${d.dose} twice`);
      seen.add(d.dose);
    }
  }
  return s;
}

export function loadSchedule(file: string = DEFAULT_SCHEDULE_FILE): Schedule {
  return parseSchedule(JSON.parse(fs.readFileSync(file, 'utf8')));
}
