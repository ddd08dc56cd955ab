import { z } from 'zod';

/**
 * An opaque identifier as the BFF, the HIS and the platform issue them (H001, D-FD-001,
 * 3f2a…-uuid, GH20261201000001): letters, digits, `-` and `_`. Nothing that could be a path
 * segment of its own (`.`, `..`, `/`, `\`, `%`) passes, so an id can never steer an upstream path.
 */
export const EntityId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, '编号格式不正确');
export const IdParam = z.object({ id: EntityId });

/** A calendar date that exists (2026-02-30 and 2026-13-01 do not), YYYY-MM-DD. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= '1900-01-01' && v <= '2199-12-31';
  }, '日期不存在，请检查');

/** reviewer: 医学审核, approves health-education articles written by others. */
export const Role = z.enum(['resident', 'doctor', 'operator', 'reviewer', 'admin']);
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
  personas: z.array(z.object({ openid: z.string(), label: z.string(), role: Role })).optional(),
});
export type ClientConfig = z.infer<typeof ClientConfig>;

/** A calendar date, YYYY-MM-DD (China time where it matters). */
export const CalendarDay = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期格式应为 YYYY-MM-DD');
