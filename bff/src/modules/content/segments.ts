import { IsNull, type DataSource } from 'typeorm';
import { CONSENT_TEXTS, SEGMENT_CONDITIONS, chinaToday, upstream, type SegmentCondition } from '@healthpocket/shared-types';
import { Consent, FamilyMember, User } from '../../db/entities';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Upstream } from '../../upstream/http';
import type { Audit, Scope } from '../../audit/audit';
import type { Logger } from '../../logger';
import { errors } from '../../errors';
import { yearsBefore } from './time';
import { upstreamPath } from '../../upstream/path';

export type SegmentSpec =
  | { kind: 'all' }
  | { kind: 'age_band'; minAge: number; maxAge: number }
  | { kind: 'children_under_6' }
  | { kind: 'chronic'; conditions: SegmentCondition[] }
  | { kind: 'vaccine_due'; withinDays: number };

export interface Recipient {
  userId: string;
  openid: string;
  /** A staff account (doctor, operator…): pushes are for residents, so campaigns leave it out. */
  staff: boolean;
}

/** What the vaccines service offers the segments: is a vaccine due for this member within `days`? */
export interface VaccinesDue {
  dueWithin(member: FamilyMember, days: number): Promise<boolean | unknown[]>;
}

const PLATFORM_TTL_MS = 6 * 3600_000;
const PLATFORM_STALE_MS = 24 * 3600_000;
const LOOKUP_CONCURRENCY = 8;

export function describeSegment(s: SegmentSpec): string {
  switch (s.kind) {
    case 'all':
      return '全部居民';
    case 'age_band':
      return `年龄 ${s.minAge}–${s.maxAge} 岁的居民`;
    case 'children_under_6':
      return '家中有6岁以下儿童的居民';
    case 'chronic':
      return `本人或家庭成员档案中有${s.conditions.map((c) => SEGMENT_CONDITIONS[c]).join('或')}的居民`;
    case 'vaccine_due':
      return `家中儿童${s.withinDays}天内有疫苗待接种的居民`;
  }
}

/** Runs `fn` over `items`, at most `n` at a time. */
async function eachLimited<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

/**
 * Audiences from what the BFF and the platform know. Recipients are app users (they hold the
 * openid); health-based segments match a user when the user or a family member qualifies, and
 * only users with the separate health-data consent (PIPL Art. 29) are looked at.
 */
export class Segments {
  private vaccines: VaccinesDue | undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly crypto: FieldCrypto,
    private readonly platform: Upstream,
    private readonly audit: Audit,
    private readonly logger: Logger,
  ) {}

  useVaccines(v: VaccinesDue | undefined): void {
    this.vaccines = v && typeof v.dueWithin === 'function' ? v : undefined;
  }

  async evaluate(scope: Scope, s: SegmentSpec, today = chinaToday()): Promise<{ recipients: Recipient[]; excludedWithoutConsent: number }> {
    const users = this.ds.getRepository(User).createQueryBuilder('u').select(['u.id', 'u.openid', 'u.roles']);
    switch (s.kind) {
      case 'all':
        return { recipients: toRecipients(await users.getMany()), excludedWithoutConsent: 0 };
      case 'age_band': {
        // age ≥ min ⇔ born on or before today − min years; age ≤ max ⇔ born after today − (max + 1) years.
        const rows = await users
          .where('u.birthDate IS NOT NULL')
          .andWhere('u.birthDate <= :latest', { latest: yearsBefore(today, s.minAge) })
          .andWhere('u.birthDate > :earliest', { earliest: yearsBefore(today, s.maxAge + 1) })
          .getMany();
        return { recipients: toRecipients(rows), excludedWithoutConsent: 0 };
      }
      case 'children_under_6': {
        const rows = await users
          .where((qb) => {
            const sub = qb.subQuery().select('1').from(FamilyMember, 'f').where('f.ownerUserId = u.id').andWhere('f.deletedAt IS NULL').andWhere('f.birthDate > :bound').getQuery();
            return `EXISTS ${sub}`;
          })
          .setParameter('bound', yearsBefore(today, 6))
          .getMany();
        return { recipients: toRecipients(rows), excludedWithoutConsent: 0 };
      }
      case 'chronic':
        return this.byMembers(scope, s, (m) => this.hasConditions(m, s.conditions));
      case 'vaccine_due': {
        const vaccines = this.vaccines;
        if (!vaccines) throw errors.of('SEGMENT_UNAVAILABLE', '疫苗接种数据暂不可用，暂时无法按待接种人群推送');
        const bound = yearsBefore(today, 7);
        return this.byMembers(scope, s, async (m) => {
          if (m.birthDate <= bound) return false;
          const due = await vaccines.dueWithin(m, s.withinDays);
          return Array.isArray(due) ? due.length > 0 : !!due;
        });
      }
    }
  }

  /** Users with the health-data consent having a member (self included) for whom `matches` holds. */
  private async byMembers(scope: Scope, s: SegmentSpec, matches: (m: FamilyMember) => Promise<boolean>) {
    const consenting = new Set(
      (
        await this.ds.getRepository(Consent).find({
          select: { userId: true },
          where: { kind: 'health_data', memberId: IsNull(), withdrawnAt: IsNull(), textVersion: CONSENT_TEXTS.health_data.version },
        })
      ).map((c) => c.userId),
    );
    const allUsers = await this.ds.getRepository(User).find({ select: { id: true, openid: true, roles: true } });
    const members = consenting.size ? await this.ds.getRepository(FamilyMember).find({ order: { createdAt: 'ASC' } }) : [];
    const byOwner = new Map<string, FamilyMember[]>();
    for (const m of members) if (consenting.has(m.ownerUserId)) byOwner.set(m.ownerUserId, [...(byOwner.get(m.ownerUserId) ?? []), m]);

    const matched = new Set<string>();
    let checked = 0;
    await eachLimited([...byOwner.entries()], LOOKUP_CONCURRENCY, async ([owner, list]) => {
      for (const m of list) {
        checked++;
        if (await matches(m)) {
          matched.add(owner);
          return;
        }
      }
    });
    // Health data was read to build this audience: one audit row for the evaluation, no per-person detail.
    await this.audit.record(scope, {
      action: 'content.segment.evaluate',
      subjectType: 'segment',
      subjectId: s.kind,
      detail: { segment: s, membersChecked: checked, matched: matched.size },
    });
    const recipients = allUsers.filter((u) => matched.has(u.id));
    const excludedWithoutConsent = allUsers.filter((u) => !consenting.has(u.id)).length;
    return { recipients: toRecipients(recipients), excludedWithoutConsent };
  }

  /** Platform record of a member with a verified ID number → has one of the conditions? Cached per record. */
  private async hasConditions(m: FamilyMember, codes: SegmentCondition[]): Promise<boolean> {
    if (!m.idNumberEnc || !m.verified) return false;
    const idNumber = this.crypto.decrypt(m.idNumberEnc);
    const cache = { cacheTtlMs: PLATFORM_TTL_MS, staleIfErrorMs: PLATFORM_STALE_MS };
    const basic = await this.platform.get(upstreamPath`/residents/by-id-number/${idNumber}`, upstream.platform.ResidentBasic, cache);
    if (basic.status === 404) return false;
    if (!basic.ok) throw errors.upstreamUnavailable('健康档案平台暂时无法访问，请稍后再统计');
    const rec = await this.platform.get(upstreamPath`/residents/${basic.body.recordNumber}`, upstream.platform.Resident, cache);
    if (!rec.ok) {
      this.logger.warn({ status: rec.status }, 'platform record lookup failed');
      return false;
    }
    return rec.body.chronicConditions.some((c) => codes.includes(c.code as SegmentCondition));
  }
}

function toRecipients(rows: Array<Pick<User, 'id' | 'openid' | 'roles'>>): Recipient[] {
  return rows.map((u) => ({ userId: u.id, openid: u.openid, staff: (u.roles ?? []).some((r) => r !== 'resident') }));
}
