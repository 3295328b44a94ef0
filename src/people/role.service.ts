import type { TableAuditLog } from '../platform/audit';
import type { Clock } from '../platform/clock';
import { isGuid } from '../platform/keys';
import type { TableRoleStore } from './role.store';
import { ROLES, type Role, type RoleHolder } from './roles';

export type RoleChange =
  | { kind: 'granted' | 'revoked' | 'unchanged'; target: string; role: Role }
  | { kind: 'not-allowed' }
  | { kind: 'config-admin'; target: string };

/**
 * Who may do what. Roles are read from storage for the caller's Entra object id on every action; the first admins
 * come from configuration and always hold the admin role.
 */
export class RoleService {
  private readonly firstAdmins: ReadonlySet<string>;

  constructor(
    private readonly deps: {
      roles: TableRoleStore;
      audit: TableAuditLog;
      clock: Clock;
      firstAdmins: readonly string[];
    },
  ) {
    this.firstAdmins = new Set(deps.firstAdmins.map((id) => id.toLowerCase()));
  }

  async rolesOf(aadObjectId: string | undefined): Promise<ReadonlySet<Role>> {
    if (!isGuid(aadObjectId)) return new Set();
    const id = aadObjectId.toLowerCase();
    const roles = new Set(await this.deps.roles.rolesOf(id));
    if (this.firstAdmins.has(id)) roles.add('admin');
    return roles;
  }

  async has(aadObjectId: string | undefined, role: Role): Promise<boolean> {
    return (await this.rolesOf(aadObjectId)).has(role);
  }

  /**
   * Who holds a role, the most recently active first (then by id, so the order is stable). Configured admins are
   * included for `admin`.
   */
  async holdersOf(role: Role): Promise<string[]> {
    const rows = await this.deps.roles.holdersOf(role);
    if (role === 'admin')
      for (const id of this.firstAdmins) if (!rows.some((r) => r.aadObjectId === id)) rows.push({ aadObjectId: id });
    return rows
      .sort((a, b) => (b.activeAt ?? '').localeCompare(a.activeAt ?? '') || a.aadObjectId.localeCompare(b.aadObjectId))
      .map((r) => r.aadObjectId);
  }

  /** Records that someone acted in a role just now (guardians: a case action), for `holdersOf`'s order. */
  async noteActive(aadObjectId: string | undefined, role: Role): Promise<void> {
    if (isGuid(aadObjectId)) await this.deps.roles.noteActive(aadObjectId.toLowerCase(), role, this.deps.clock.now());
  }

  /** Everyone with a role, configured admins included, sorted for display. */
  async holders(): Promise<RoleHolder[]> {
    const byId = new Map<string, Set<Role>>();
    for (const h of await this.deps.roles.holders()) byId.set(h.aadObjectId, new Set(h.roles));
    for (const id of this.firstAdmins) byId.set(id, (byId.get(id) ?? new Set<Role>()).add('admin'));
    return [...byId.entries()]
      .map(([aadObjectId, roles]) => ({
        aadObjectId,
        roles: ROLES.filter((r) => roles.has(r)),
        configAdmin: this.firstAdmins.has(aadObjectId),
      }))
      .sort((a, b) => a.aadObjectId.localeCompare(b.aadObjectId));
  }

  /** Grants or revokes a role. Only admins may; every attempt, refused ones too, is audited. */
  async change(actor: string | undefined, target: string, role: Role, grant: boolean): Promise<RoleChange> {
    const action = grant ? 'role.grant' : 'role.revoke';
    const who = isGuid(actor) ? actor.toLowerCase() : 'unknown';
    const targetId = target.toLowerCase();
    if (!(await this.has(actor, 'admin'))) {
      await this.deps.audit.record({
        scope: 'admin',
        actor: who,
        action,
        outcome: 'refused',
        target: targetId,
        detail: `${role}: caller is not an admin`,
      });
      return { kind: 'not-allowed' };
    }
    if (!grant && role === 'admin' && this.firstAdmins.has(targetId)) {
      await this.deps.audit.record({
        scope: 'admin',
        actor: who,
        action,
        outcome: 'refused',
        target: targetId,
        detail: 'admin: set in configuration',
      });
      return { kind: 'config-admin', target: targetId };
    }
    const held =
      (await this.deps.roles.rolesOf(targetId)).includes(role) || (role === 'admin' && this.firstAdmins.has(targetId));
    if (held === grant) return { kind: 'unchanged', target: targetId, role };
    await this.deps.roles.setRole(targetId, role, grant, who, this.deps.clock.now());
    await this.deps.audit.record({
      scope: 'admin',
      actor: who,
      action,
      outcome: 'done',
      target: targetId,
      detail: role,
    });
    return { kind: grant ? 'granted' : 'revoked', target: targetId, role };
  }

  /** Gives demo roles without an actor check: local mode only, called from src/local. */
  async seed(aadObjectId: string, roles: readonly Role[]): Promise<void> {
    for (const role of roles) {
      if (!(await this.deps.roles.rolesOf(aadObjectId)).includes(role)) {
        await this.deps.roles.setRole(aadObjectId, role, true, 'local-demo', this.deps.clock.now());
      }
    }
  }
}
