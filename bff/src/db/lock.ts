import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Dialect } from './data-source';

/**
 * SELECT … FOR UPDATE on MySQL; on SQLite transactions are already serialised (see Tx) and
 * TypeORM refuses lock modes, so a plain read is the same guarantee.
 */
export function lockRow<T extends ObjectLiteral>(m: EntityManager, dialect: Dialect, entity: EntityTarget<T>, id: string): Promise<T | null> {
  return m.getRepository(entity).findOne({
    where: { id } as never,
    ...(dialect === 'mysql' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
}
