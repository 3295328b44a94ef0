import type { KnownTeam, RosterMember, TeamRosters } from '../delivery';
import {
  byName,
  byTeamName,
  isOwnerRole,
  type LeadRecord,
  type MemberChoice,
  type TeamLeadsDetail,
  type TeamLeadsView,
} from './team-leads';

// Members read from a team's roster for its card: all of a ward or a department, bounded for a whole directorate
// (two pages of Teams' largest).
export const MEMBER_SCAN_LIMIT = 1000;
// Members offered in the card's picker: a card must stay under Teams' size limit (about 28 KB).
export const MEMBER_CHOICES = 100;

/** The part of a team's roster read for its card. `listed` is false when Teams did not answer. */
export interface ListedRoster {
  readonly members: readonly RosterMember[];
  readonly complete: boolean;
  readonly listed: boolean;
}

/** Reads a team's roster up to `MEMBER_SCAN_LIMIT` members. */
export async function listRoster(rosters: TeamRosters, teamId: string): Promise<ListedRoster> {
  const members: RosterMember[] = [];
  try {
    for await (const member of rosters.roster(teamId)) {
      if (members.length === MEMBER_SCAN_LIMIT) return { members, complete: false, listed: true };
      members.push(member);
    }
  } catch {
    return { members, complete: false, listed: false };
  }
  return { members, complete: true, listed: true };
}

/** Every team the app is in and every team that still has lead rows (the app removed from it), by name. */
export function teamLeadsOverview(
  active: readonly KnownTeam[],
  removed: ReadonlyMap<string, KnownTeam | undefined>,
  rows: readonly LeadRecord[],
): TeamLeadsView[] {
  const leadsOf = (teamId: string) =>
    rows
      .filter((r) => r.teamId === teamId)
      .map((r) => ({ aadObjectId: r.aadObjectId, name: r.name, left: r.leftAt !== undefined }))
      .sort(byName);
  const views: TeamLeadsView[] = [
    ...active.map((t) => ({ teamId: t.teamId, name: t.name, installed: true, leads: leadsOf(t.teamId) })),
    ...[...removed].map(([teamId, t]) => ({ teamId, name: t?.name, installed: false, leads: leadsOf(teamId) })),
  ];
  return views.sort(byTeamName);
}

/** One team for its card: leads by name (those who left marked), members to choose from, owners Teams names. */
export function teamLeadsDetail(
  team: { teamId: string; name?: string; installed: boolean },
  rows: readonly LeadRecord[],
  left: ReadonlySet<string>,
  roster: ListedRoster | undefined,
): TeamLeadsDetail {
  const leads = rows
    .map((r) => ({ aadObjectId: r.aadObjectId, name: r.name, left: left.has(r.aadObjectId) }))
    .sort(byName);
  const current = new Set(leads.filter((l) => !l.left).map((l) => l.aadObjectId));
  const choice = (m: RosterMember): MemberChoice => ({ aadObjectId: m.aadObjectId, name: m.name });
  const members = roster?.members ?? [];
  const others = members.filter((m) => !current.has(m.aadObjectId)).map(choice);
  return {
    ...team,
    leads,
    members: others.sort(byName).slice(0, MEMBER_CHOICES),
    more: roster?.listed === true && (others.length > MEMBER_CHOICES || !roster.complete),
    owners: members
      .filter((m) => isOwnerRole(m.userRole))
      .map(choice)
      .sort(byName),
    rosterListed: roster?.listed ?? false,
  };
}
