import { Like, type DataSource, type EntityManager } from 'typeorm';
import type { Role, RoleGrantRequest, RoleHistoryEntry, StaffUser } from '@healthpocket/shared-types';
import { StaffRole, toChinaIso } from '@healthpocket/shared-types';
import { User } from '../../db/entities';
import type { Tx } from '../../db/data-source';
import { lockRow } from '../../db/lock';
import type { Audit, Scope } from '../../audit/audit';
import type { Principals } from '../../auth/principals';
import { errors } from '../../errors';
import { newId } from '../../db/columns';
import type { StaffDirectory } from './directory';

const GRANT = 'role.grant';
const REVOKE = 'role.revoke';
/** Written by `npm run admin -- bootstrap` (no admin exists yet to sign the grant). */
const BOOTSTRAP_REASON = 'bootstrap';

/** 张伟 → 张*, 欧阳娜娜 → 欧**娜 */
function maskName(name: string | null): string | null {
  if (!name) return null;
  if (name.length === 1) return name;
  if (name.length === 2) return `${name[0]}*`;
  return `${name[0]}${'*'.repeat(name.length - 2)}${name.at(-1)}`;
}

/** LIKE wildcards are dropped from a search rather than escaped (SQLite has no default escape character). */
const literal = (s: string) => s.replace(/[\\%_]/g, '');
const hasStaffRole = (roles: readonly Role[]) => roles.some((r) => r !== 'resident');

/**
 * Staff roles: who holds which, granting and revoking them (always with a reason, always audited),
 * and a doctor's binding to the platform's staff directory. Roles are read per request
 * (auth/principals.ts): after a change `principals.changed` makes it effective on the next request,
 * on every instance. Sessions are not ended: the person keeps their resident account, and no token
 * carries a role; open sockets are closed by the principal-change listener and reconnect with the
 * topics the new roles allow.
 */
export class StaffService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly audit: Audit,
    private readonly principals: Principals,
    readonly directory: StaffDirectory,
  ) {}

  /** By part of a name, an exact openid or doctorId; without q, the staff accounts. */
  async search(q: string | undefined, role: StaffRole | undefined): Promise<StaffUser[]> {
    const users = this.ds.getRepository(User);
    let found: User[];
    if (q) {
      found = await users.find({
        where: [{ openid: q }, { doctorId: q }, ...(literal(q) ? [{ name: Like(`%${literal(q)}%`) }] : [])],
        order: { createdAt: 'ASC' },
        take: 50,
      });
    } else {
      // Roles are a JSON array: a LIKE narrows it in SQL, the exact test runs here.
      const staffRoles: StaffRole[] = role ? [role] : StaffRole.options;
      found = (await users.find({ where: staffRoles.map((r) => ({ roles: Like(`%"${r}"%`) as never })), order: { createdAt: 'ASC' }, take: 500 })).filter((u) => hasStaffRole(u.roles));
    }
    if (role) found = found.filter((u) => u.roles.includes(role));
    return this.present(found);
  }

  async user(userId: string): Promise<StaffUser> {
    const u = await this.ds.getRepository(User).findOneBy({ id: userId });
    if (!u) throw errors.notFound('没有找到该用户');
    return (await this.present([u]))[0];
  }

  async grant(scope: Scope, userId: string, input: RoleGrantRequest): Promise<StaffUser> {
    const doctorId = await this.checkBinding(input.role, input.doctorId);
    await this.tx.run(async (m) => {
      const u = await lockRow(m, this.tx.dialect, User, userId);
      if (!u) throw errors.notFound('没有找到该用户');
      if (u.roles.includes(input.role)) throw errors.of('ROLE_ALREADY_HELD');
      await this.stillAdmin(m, scope);
      if (doctorId) {
        // No unique index on users.doctorId (an existing table): on MySQL the locking read of an
        // unindexed column locks what it scans, so two grants of one doctorId run one after the other.
        const other = await m.getRepository(User).findOne({ where: { doctorId }, ...this.forUpdate() });
        if (other && other.id !== u.id) throw errors.of('STAFF_ALREADY_BOUND');
      }
      await m.getRepository(User).update({ id: u.id }, { roles: [...u.roles, input.role], ...(doctorId ? { doctorId } : {}) });
      await this.audit.record(scope, { action: GRANT, subjectType: 'user', subjectId: u.id, detail: { role: input.role, reason: input.reason, doctorId } }, m);
    });
    await this.principals.changed(userId);
    return this.user(userId);
  }

  async revoke(scope: Scope, userId: string, role: StaffRole, reason: string): Promise<StaffUser> {
    if (role === 'admin' && userId === scope.actor.userId) throw errors.of('ADMIN_SELF_REVOKE');
    await this.tx.run(async (m) => {
      const users = m.getRepository(User);
      if (role === 'admin') {
        // Every admin row locked in one order: two admins revoking each other cannot both succeed.
        const admins = (await users.find({ where: { roles: Like('%"admin"%') as never }, order: { id: 'ASC' }, ...this.forUpdate() })).filter((u) => u.roles.includes('admin'));
        if (admins.length <= 1 && admins.some((u) => u.id === userId)) throw errors.of('LAST_ADMIN');
      }
      await this.stillAdmin(m, scope);
      const u = await lockRow(m, this.tx.dialect, User, userId);
      if (!u) throw errors.notFound('没有找到该用户');
      if (!u.roles.includes(role)) throw errors.of('ROLE_NOT_HELD');
      const doctorId = role === 'doctor' ? u.doctorId : null;
      // A doctor binding ends with the doctor role: it must not come back with a later grant unchecked.
      await users.update({ id: u.id }, { roles: u.roles.filter((r) => r !== role), ...(role === 'doctor' ? { doctorId: null } : {}) });
      await this.audit.record(scope, { action: REVOKE, subjectType: 'user', subjectId: u.id, detail: { role, reason, doctorId } }, m);
    });
    await this.principals.changed(userId);
    return this.user(userId);
  }

  /** The role history of a user, from the audit log, newest first. */
  async history(userId: string): Promise<RoleHistoryEntry[]> {
    await this.user(userId);
    const rows = await this.audit.about('user', userId, [GRANT, REVOKE]);
    const byIds = [...new Set(rows.map((r) => r.actorUserId).filter((x): x is string => !!x))];
    const names = new Map((byIds.length ? await this.ds.getRepository(User).findBy(byIds.map((id) => ({ id }))) : []).map((u) => [u.id, maskName(u.name) ?? '管理员（未实名）']));
    return rows.map((r) => {
      const d = (r.detail ?? {}) as { role: StaffRole; reason?: string; doctorId?: string | null };
      return {
        id: r.id,
        action: r.action === GRANT ? 'grant' : 'revoke',
        role: d.role,
        doctorId: d.doctorId ?? null,
        reason: d.reason ?? '',
        byUserId: r.actorUserId,
        byName: r.actorUserId ? (names.get(r.actorUserId) ?? '管理员') : '系统初始化',
        at: toChinaIso(r.createdAt),
      };
    });
  }

  /**
   * The first admin (or a role for tests and personas' equivalent) from the command line: the grant
   * goes through AuthService.grant's path (creating the user by openid), audited with the reason
   * `bootstrap` and no admin id. Refused once an admin exists: from then on the admin page grants.
   */
  async bootstrapAdmin(openid: string, requestId: string): Promise<User> {
    const existing = (await this.ds.getRepository(User).find({ where: { roles: Like('%"admin"%') as never } })).filter((u) => u.roles.includes('admin'));
    if (existing.length) throw new Error(`an admin already exists (${existing.map((u) => u.openid).join(', ')}): grant roles on the admin page`);
    let user = await this.ds.getRepository(User).findOneBy({ openid });
    await this.tx.run(async (m) => {
      if (!user) {
        user = m.getRepository(User).create({
          id: newId(),
          openid,
          unionid: null,
          roles: ['resident', 'admin'],
          sessionKeyEnc: null,
          name: null,
          idNumberEnc: null,
          idNumberHash: null,
          phoneEnc: null,
          sex: null,
          birthDate: null,
          realNameVerifiedAt: null,
          doctorId: null,
        });
        await m.getRepository(User).insert(user);
      } else {
        user.roles = [...new Set([...user.roles, 'admin' as const])];
        await m.getRepository(User).update({ id: user.id }, { roles: user.roles });
      }
      await this.audit.record(
        { actor: { userId: '', roles: ['admin'] }, requestId },
        { action: GRANT, subjectType: 'user', subjectId: user.id, detail: { role: 'admin', reason: BOOTSTRAP_REASON, doctorId: null } },
        m,
      );
    });
    await this.principals.changed(user!.id);
    return user!;
  }

  /** The admin may have lost the role between the door (route permission) and this transaction. */
  private async stillAdmin(m: EntityManager, scope: Scope) {
    const me = await m.getRepository(User).findOne({ where: { id: scope.actor.userId }, select: { id: true, roles: true } });
    if (!me?.roles.includes('admin')) throw errors.forbidden();
  }

  private forUpdate() {
    return this.tx.dialect === 'mysql' ? { lock: { mode: 'pessimistic_write' as const } } : {};
  }

  /** A doctor needs an active entry of the platform's staff directory; other roles take no doctorId. */
  private async checkBinding(role: StaffRole, doctorId: string | undefined): Promise<string | null> {
    if (role !== 'doctor') {
      if (doctorId) throw errors.badInput([{ path: 'doctorId', message: '只有医生角色需要绑定人员编号' }], '只有医生角色需要绑定人员编号');
      return null;
    }
    if (!doctorId) throw errors.of('STAFF_DOCTOR_ID_REQUIRED');
    const entry = await this.directory.get(doctorId);
    if (!entry) throw errors.of('STAFF_NOT_IN_DIRECTORY');
    if (!entry.active) throw errors.of('STAFF_INACTIVE');
    return entry.id;
  }

  private async present(users: User[]): Promise<StaffUser[]> {
    const names = await this.directory.namesOf(users.map((u) => u.doctorId).filter((x): x is string => !!x));
    return users.map((u) => ({
      id: u.id,
      nameMasked: maskName(u.name),
      openid: u.openid,
      roles: u.roles,
      doctorId: u.doctorId,
      doctorName: u.doctorId ? (names.get(u.doctorId) ?? null) : null,
      realNameVerified: !!u.realNameVerifiedAt,
      createdAt: toChinaIso(u.createdAt),
    }));
  }
}
