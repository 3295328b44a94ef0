import type { ConversationDirectory, KnownTeam, TeamRosters } from '../delivery';
import type { TableAuditLog } from '../platform/audit';
import type { Clock } from '../platform/clock';
import { isGuid } from '../platform/keys';
import { listRoster, teamLeadsDetail, teamLeadsOverview } from './lead-views';
import type { RoleService } from './role.service';
import type { TableRoleStore } from './role.store';
import { isOwnerRole, type LeadRecord, type TeamLead, type TeamLeadsDetail, type TeamLeadsView } from './team-leads';

export type LeadChange =
  | { kind: 'named'; names: string[] }
  | { kind: 'already-lead' }
  | { kind: 'removed'; name?: string }
  | { kind: 'not-a-lead' }
  | { kind: 'not-allowed' }
  | { kind: 'no-team' }
  | { kind: 'not-a-member' }
  | { kind: 'no-owners' }
  | { kind: 'roster-unavailable' };

/** What an admin is shown, or why not. */
export type LeadsShown<T> = { kind: 'shown'; view: T } | { kind: 'not-allowed' } | { kind: 'no-team' };

/** What the team-lead use cases are built from. */
export interface TeamLeadDeps {
  readonly roles: RoleService;
  readonly store: TableRoleStore;
  readonly audit: TableAuditLog;
  readonly clock: Clock;
  readonly teams: ConversationDirectory;
  readonly rosters: TeamRosters;
}

/**
 * Who leads which team. Admins name a team's leads from its Teams roster (or take its owners, where Teams says who
 * they are); a lead sees their own teams' results, executives and admins every team's. A lead counts only while the
 * app is in the team and Teams lists them as a member: removing the app leaves the rows inert until it is added back;
 * a lead Teams no longer lists is marked as having left, and stays inert until an admin names them again.
 */
export class TeamLeadService {
  constructor(private readonly deps: TeamLeadDeps) {}

  /** The teams someone leads now, by team id. */
  async teamsLedBy(aadObjectId: string | undefined): Promise<string[]> {
    if (!isGuid(aadObjectId)) return [];
    const led: string[] = [];
    for (const row of await this.deps.store.leadsByPerson(aadObjectId))
      if (await this.inForce(row)) led.push(row.teamId);
    return led;
  }

  /** A team's leads now (none once the app is removed from it). */
  async leadsOf(teamId: string): Promise<TeamLead[]> {
    if (!isTeamId(teamId)) return [];
    const leads: TeamLead[] = [];
    for (const row of await this.deps.store.leadsOfTeam(teamId))
      if (await this.inForce(row)) leads.push({ aadObjectId: row.aadObjectId, name: row.name });
    return leads;
  }

  /** Whether someone may read a team's results: its leads now, and executives and admins (who see every team). */
  async mayReadTeam(aadObjectId: string | undefined, teamId: string): Promise<boolean> {
    if (!isGuid(aadObjectId) || !isTeamId(teamId)) return false;
    const roles = await this.deps.roles.rolesOf(aadObjectId);
    if (roles.has('admin') || roles.has('executive')) return true;
    const row = await this.deps.store.findLead(teamId, aadObjectId);
    return row !== undefined && (await this.inForce(row));
  }

  /** Every team the app is in, and every team with leads, for the roles card. Admins only. */
  async overview(actor: string | undefined): Promise<LeadsShown<TeamLeadsView[]>> {
    if (!(await this.deps.roles.has(actor, 'admin'))) return { kind: 'not-allowed' };
    const [active, rows] = await Promise.all([this.deps.teams.activeTeams(), this.deps.store.allLeads()]);
    const removed = new Map<string, KnownTeam | undefined>();
    for (const row of rows)
      if (!active.some((t) => t.teamId === row.teamId) && !removed.has(row.teamId))
        removed.set(row.teamId, await this.deps.teams.findTeam(row.teamId));
    return { kind: 'shown', view: teamLeadsOverview(active, removed, rows) };
  }

  /** One team, its leads and the members Teams lists for it, for naming and removing leads. Admins only. */
  async detail(actor: string | undefined, teamId: string): Promise<LeadsShown<TeamLeadsDetail>> {
    if (!(await this.deps.roles.has(actor, 'admin'))) return { kind: 'not-allowed' };
    if (!isTeamId(teamId)) return { kind: 'no-team' };
    const [team, rows] = await Promise.all([this.deps.teams.findTeam(teamId), this.deps.store.leadsOfTeam(teamId)]);
    if (!team && rows.length === 0) return { kind: 'no-team' };
    const installed = team?.status === 'active';
    const roster = installed ? await listRoster(this.deps.rosters, teamId) : undefined;
    const left = new Set(rows.filter((r) => r.leftAt).map((r) => r.aadObjectId));
    // A lead the listed part of the roster does not show is asked about alone, and marked if they left the team.
    for (const row of rows)
      if (roster?.listed && !row.leftAt && !roster.members.some((m) => m.aadObjectId === row.aadObjectId))
        if ((await this.confirm(row)) === 'left') left.add(row.aadObjectId);
    return { kind: 'shown', view: teamLeadsDetail({ teamId, name: team?.name, installed }, rows, left, roster) };
  }

  /** Names a member of the team (by Entra object id, or email address) as one of its leads. Admins only; audited. */
  async name(actor: string | undefined, teamId: string, who: string): Promise<LeadChange> {
    const target = isGuid(who) ? who.toLowerCase() : 'given by email address';
    const refused = await this.refuse(actor, 'lead.name', teamId, target);
    if (refused) return refused;
    const found = await this.deps.rosters.membership(teamId, who);
    if (found.kind === 'unknown') {
      await this.record(actor, 'lead.name', 'failed', target, teamId, 'Teams did not answer for the roster');
      return { kind: 'roster-unavailable' };
    }
    if (found.kind === 'not-member') {
      await this.record(actor, 'lead.name', 'refused', target, teamId, 'not a member of the team');
      return { kind: 'not-a-member' };
    }
    const existing = await this.deps.store.findLead(teamId, found.member.aadObjectId);
    if (existing && !existing.leftAt) return { kind: 'already-lead' };
    await this.save(actor!, teamId, found.member, false);
    return { kind: 'named', names: [found.member.name ?? found.member.aadObjectId] };
  }

  /** Takes every member Teams marks as an owner of the team as a lead, in one step. Admins only; audited. */
  async takeOwners(actor: string | undefined, teamId: string): Promise<LeadChange> {
    const refused = await this.refuse(actor, 'lead.owners', teamId, teamId);
    if (refused) return refused;
    const owners = [];
    try {
      for await (const member of this.deps.rosters.roster(teamId))
        if (isOwnerRole(member.userRole)) owners.push(member);
    } catch {
      await this.record(actor, 'lead.owners', 'failed', teamId, teamId, 'Teams did not answer for the roster');
      return { kind: 'roster-unavailable' };
    }
    if (owners.length === 0) {
      await this.record(actor, 'lead.owners', 'refused', teamId, teamId, 'Teams marks no member as an owner');
      return { kind: 'no-owners' };
    }
    const existing = await this.deps.store.leadsOfTeam(teamId);
    const named: string[] = [];
    for (const owner of owners) {
      if (existing.some((l) => l.aadObjectId === owner.aadObjectId && !l.leftAt)) continue;
      await this.save(actor!, teamId, owner, true);
      named.push(owner.name ?? owner.aadObjectId);
    }
    return named.length > 0 ? { kind: 'named', names: named } : { kind: 'already-lead' };
  }

  /** Removes a lead, whether or not the app is still in the team. Admins only; audited. */
  async remove(actor: string | undefined, teamId: string, aadObjectId: string): Promise<LeadChange> {
    const target = aadObjectId.toLowerCase();
    if (!(await this.deps.roles.has(actor, 'admin'))) {
      await this.record(actor, 'lead.remove', 'refused', target, teamId, 'caller is not an admin');
      return { kind: 'not-allowed' };
    }
    const existing = isTeamId(teamId) && isGuid(target) ? await this.deps.store.findLead(teamId, target) : undefined;
    if (!existing || !(await this.deps.store.removeLead(teamId, target))) return { kind: 'not-a-lead' };
    await this.record(actor, 'lead.remove', 'done', target, teamId);
    return { kind: 'removed', name: existing.name };
  }

  /** Refuses a non-admin, and a team the app is not in now (stale or tampered); both audited. */
  private async refuse(actor: string | undefined, action: string, teamId: string, target: string) {
    if (!(await this.deps.roles.has(actor, 'admin'))) {
      await this.record(actor, action, 'refused', target, teamId, 'caller is not an admin');
      return { kind: 'not-allowed' } as const;
    }
    const team = isTeamId(teamId) ? await this.deps.teams.findTeam(teamId) : undefined;
    if (team?.status === 'active') return undefined;
    await this.record(actor, action, 'refused', target, teamId, 'the app is not installed in that team');
    return { kind: 'no-team' } as const;
  }

  private async save(actor: string, teamId: string, member: { aadObjectId: string; name?: string }, owner: boolean) {
    const namedBy = actor.toLowerCase();
    const at = this.deps.clock.now().toISOString();
    const { aadObjectId, name } = member;
    await this.deps.store.saveLead({ teamId, aadObjectId, name, namedBy, namedAt: at, fromOwners: owner });
    await this.record(actor, 'lead.name', 'done', aadObjectId, teamId, owner ? 'an owner in Teams' : undefined);
  }

  /**
   * Whether a lead row counts now: the app is in the team and Teams lists them. When Teams does not answer this throws
   * and changes nothing: a refusal would mislead a lead, and a lead left out would miss their team's results.
   */
  private async inForce(row: LeadRecord): Promise<boolean> {
    if (row.leftAt) return false;
    const team = await this.deps.teams.findTeam(row.teamId);
    if (team?.status !== 'active') return false;
    const state = await this.confirm(row);
    if (state === 'unknown')
      throw new Error(`Team leads: Teams did not say who is in team ${row.teamId}; nothing changed`);
    return state === 'in';
  }

  /** Asks Teams whether a lead is still in their team; one it no longer lists is marked as having left (audited). */
  private async confirm(row: LeadRecord): Promise<'in' | 'left' | 'unknown'> {
    const found = await this.deps.rosters.membership(row.teamId, row.aadObjectId);
    if (found.kind === 'member') return 'in';
    if (found.kind === 'unknown') return 'unknown';
    await this.deps.store.markLeadLeft(row.teamId, row.aadObjectId, this.deps.clock.now());
    await this.record('system', 'lead.left', 'done', row.aadObjectId, row.teamId, 'Teams no longer lists them');
    return 'left';
  }

  private record(
    actor: string | undefined,
    action: string,
    outcome: 'done' | 'refused' | 'failed',
    target: string,
    teamId: string,
    why?: string,
  ) {
    const who = actor === 'system' ? 'system' : isGuid(actor) ? actor.toLowerCase() : 'unknown';
    const team = isTeamId(teamId) ? teamId : 'not a team id';
    const detail = `team ${team}${why ? `: ${why}` : ''}`;
    return this.deps.audit.record({ scope: 'admin', actor: who, action, outcome, target, detail });
  }
}

/** A Teams team id as a key may hold it (Teams' ids are `19:…@thread.tacv2`; only the length and spaces are checked). */
export const isTeamId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= 400 && !/\s/.test(value);
