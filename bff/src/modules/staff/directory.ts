import { upstream, type StaffDirectoryEntry } from '@healthpocket/shared-types';
import type { z } from 'zod';
import { errors } from '../../errors';
import type { Upstream } from '../../upstream/http';

/** The platform's StaffEntry (bff/sandbox/API.md, GET /platform/staff). */
type PlatformStaff = z.infer<typeof upstream.platform.Staff>;

const present = (e: PlatformStaff): StaffDirectoryEntry => ({ id: e.id, name: e.name, role: e.role, title: e.title, hospitalName: e.hospitalName, teamIds: e.teamIds, active: e.active });

/**
 * The regional platform's staff directory (卫生人员目录), the only source of a doctor account's
 * doctorId. Listing is cached a minute for the admin page; the check before a grant is always fresh.
 */
export class StaffDirectory {
  constructor(private readonly http: Upstream) {}

  async search(q?: string): Promise<StaffDirectoryEntry[]> {
    const res = await this.http.get('/staff', upstream.platform.StaffList, { query: { q: q || undefined }, cacheTtlMs: 60_000, staleIfErrorMs: 60 * 60_000 });
    if (!res.ok) throw errors.upstreamUnavailable('卫生人员目录暂时无法访问，请稍后再试');
    return res.body.items.map(present);
  }

  /** The entry, or null when the directory does not know the id. */
  async get(staffId: string): Promise<StaffDirectoryEntry | null> {
    const res = await this.http.get(`/staff/${encodeURIComponent(staffId)}`, upstream.platform.Staff);
    return res.ok ? present(res.body) : null;
  }

  /** Names for a page of users; a directory outage leaves them null rather than failing the page. */
  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    try {
      return new Map((await this.search()).map((e) => [e.id, e.name]));
    } catch {
      return new Map();
    }
  }
}
