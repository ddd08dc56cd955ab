import { upstream } from '@healthpocket/shared-types';
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Upstream } from '../../upstream/http';
import { errors } from '../../errors';

const TTL_MS = 10 * 60_000;

/**
 * Asks the regional platform whether a person is a child's registered guardian: a child with an ID
 * number by that number, a child without one by name + birth date (as the 预防接种证 binds them).
 * A claim in our own family list is never enough to open a child's health information.
 */
export class Guardianship {
  private readonly answers = new LRUCache<string, boolean>({ max: 10_000, ttl: TTL_MS });

  constructor(private readonly platform: Upstream) {}

  async confirmed(guardianIdNumber: string, child: { idNumber: string | null; name: string; birthDate: string }): Promise<boolean> {
    const body = child.idNumber ? { guardianIdNumber, childIdNumber: child.idNumber } : { guardianIdNumber, childName: child.name, childBirthDate: child.birthDate };
    const key = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    const hit = this.answers.get(key);
    if (hit !== undefined) return hit;
    // A look-up, not a change: safe to retry.
    const res = await this.platform.post('/guardianships/verify', upstream.platform.GuardianshipCheck, body, { idempotent: true });
    if (!res.ok) throw errors.upstreamUnavailable('健康档案平台暂时无法访问，请稍后再试');
    this.answers.set(key, res.body.confirmed);
    return res.body.confirmed;
  }
}
