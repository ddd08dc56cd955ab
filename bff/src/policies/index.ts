import type { Actor } from '../auth/tokens';
import { errors } from '../errors';

/**
 * The one place that decides who may act on what. Each rule answers true/false; `authorize`
 * turns a false into 404, so a caller cannot tell "not yours" from "does not exist".
 * Services call `authorize(actor, 'member.manage', member)` before touching a resource.
 */
export interface OwnedByUser {
  ownerUserId: string;
}

type Rules = {
  'member.manage': (actor: Actor, member: OwnedByUser) => boolean;
};

export const rules: Rules = {
  'member.manage': (actor, member) => member.ownerUserId === actor.userId,
};

/** Later services register their rules here (records, chat, payments …). */
export function extendRules<K extends string, F extends (actor: Actor, ...args: never[]) => boolean | Promise<boolean>>(name: K, rule: F) {
  (rules as unknown as Record<string, F>)[name] = rule;
}

export async function authorize<K extends keyof Rules>(actor: Actor, action: K, ...args: Parameters<Rules[K]> extends [Actor, ...infer R] ? R : never): Promise<void> {
  const rule = rules[action] as (actor: Actor, ...a: unknown[]) => boolean | Promise<boolean>;
  if (!(await rule(actor, ...args))) throw errors.notFound();
}

export function hasRole(actor: Actor, role: Actor['roles'][number]): boolean {
  return actor.roles.includes(role);
}
