import { z } from 'zod';

export const IdParam = z.object({ id: z.string().min(1).max(64) });

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const Role = z.enum(['resident', 'doctor', 'operator', 'admin']);
export type Role = z.infer<typeof Role>;

export const SexSchema = z.enum(['male', 'female']);

export const Ok = z.object({ ok: z.literal(true) });

export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['up', 'down']),
  uptimeSeconds: z.number(),
});

export const ClientConfig = z.object({
  env: z.enum(['development', 'test', 'production']),
  /** Only in the embedded default: where the H5 build mints sandbox login and phone codes. */
  sandboxUrl: z.string().optional(),
  personas: z
    .array(z.object({ openid: z.string(), label: z.string(), role: Role }))
    .optional(),
});
export type ClientConfig = z.infer<typeof ClientConfig>;
