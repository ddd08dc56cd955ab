import { z } from 'zod';
import { EntityId } from './common';

/** 智能导诊: which department to see for a symptom. Guidance from published 导诊 guides, never a diagnosis. */
export const TriageSymptom = z.object({ id: z.string(), label: z.string(), redFlag: z.boolean() });
export const TriageBodyPart = z.object({ id: z.string(), label: z.string(), symptoms: z.array(TriageSymptom) });
export const TriageSource = z.object({ id: z.string(), title: z.string(), url: z.string() });

export const TriageCatalogue = z.object({
  bodyParts: z.array(TriageBodyPart),
  notice: z.string(),
  emergency: z.object({ phone: z.literal('120'), text: z.string() }),
  sources: z.array(TriageSource),
});
export type TriageCatalogue = z.infer<typeof TriageCatalogue>;

export const TriageQuery = z.object({
  symptoms: z
    .string()
    .max(400)
    .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, '症状参数无效')
    .optional(),
  text: z.string().trim().max(100, '描述不能超过100个字').optional(),
  hospitalId: EntityId.max(16).default('H001'),
});

export const TriageAdvice = z.object({
  /** A red-flag symptom was chosen or described: 急诊/120 comes first. */
  emergency: z.boolean(),
  emergencyText: z.string().nullable(),
  matched: z.array(z.object({ id: z.string(), label: z.string(), redFlag: z.boolean() })),
  suggestions: z.array(
    z.object({
      department: z.string(),
      why: z.string(),
      sourceIds: z.array(z.string()),
      /** The hospital's departments of that name (empty: not offered there; ask the 导诊台). */
      departments: z.array(z.object({ id: z.string(), name: z.string(), location: z.string() })),
    }),
  ),
  notice: z.string(),
});
export type TriageAdvice = z.infer<typeof TriageAdvice>;
