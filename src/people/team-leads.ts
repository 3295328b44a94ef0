/** A person an admin named as a lead of a team, as the roles table keeps it. Leads are named people, not anonymous. */
export interface LeadRecord {
  readonly teamId: string;
  readonly aadObjectId: string;
  /** Their display name as Teams' roster gave it when they were named. */
  readonly name?: string;
  readonly namedBy: string;
  readonly namedAt: string;
  /** Set when Teams no longer listed them in the team: the lead is inert until an admin names them again. */
  readonly leftAt?: string;
  /** Taken with the team's owners in one step, rather than chosen one by one. */
  readonly fromOwners: boolean;
}

/** A lead in force: what the results feature is given. */
export interface TeamLead {
  readonly aadObjectId: string;
  readonly name?: string;
}

/** A lead as the team-leads cards show them: by name, and whether they have left the team. */
export interface LeadShown {
  readonly aadObjectId: string;
  readonly name?: string;
  readonly left: boolean;
}

/** A team as the team-leads cards show it. `installed` is false once the app was removed from it. */
export interface TeamLeadsView {
  readonly teamId: string;
  readonly name?: string;
  readonly installed: boolean;
  readonly leads: readonly LeadShown[];
}

/** A member of a team the admin can choose as a lead. */
export interface MemberChoice {
  readonly aadObjectId: string;
  readonly name?: string;
}

/** One team with the members Teams listed for it, for the card where an admin names and removes its leads. */
export interface TeamLeadsDetail extends TeamLeadsView {
  /** Members listed (up to the scan limit), leads left out, by name. */
  readonly members: readonly MemberChoice[];
  /** True when the roster has more members than were listed. */
  readonly more: boolean;
  /** Members Teams marked as owners of the team (`userRole: "owner"`); Teams' own roster has marked none so far. */
  readonly owners: readonly MemberChoice[];
  /** False when Teams did not answer for the roster just now. */
  readonly rosterListed: boolean;
}

/**
 * Whether a roster entry says its member owns the team. Teams' Bot Connector documents `userRole` with the values
 * `user` and `anonymous` only, and answers `user` for owners too (docs/deploy.md#team-leads): an owner is recognised
 * only where a host does say `owner`.
 */
export const isOwnerRole = (userRole: string | undefined): boolean => userRole?.toLowerCase() === 'owner';

/** How a team is named to an admin: its name, or a placeholder for a team whose name Teams never gave. */
export const teamLabel = (name: string | undefined): string => name ?? 'A team with no name';

/** The teams whose name holds `text` (any case). */
export const teamsNamed = <T extends { name?: string }>(teams: readonly T[], text: string): T[] =>
  teams.filter((t) => t.name?.toLowerCase().includes(text.trim().toLowerCase()));

/** Leads by name (those with no name known last, by id, so the order is stable). */
export function byName<T extends { name?: string; aadObjectId: string }>(a: T, b: T): number {
  if (a.name && b.name) return a.name.localeCompare(b.name);
  if (a.name || b.name) return a.name ? -1 : 1;
  return a.aadObjectId.localeCompare(b.aadObjectId);
}

/** Teams by name (those Teams gave no name last, by id). */
export const byTeamName = (a: TeamLeadsView, b: TeamLeadsView): number =>
  byName({ name: a.name, aadObjectId: a.teamId }, { name: b.name, aadObjectId: b.teamId });
