import type { KnownTeam } from '../delivery';
import type { ResultsService } from '../results';
import type { Caller } from './token-check';

/**
 * What a caller may see, by the bot's own role rules (roles read on the server for every request): executives and
 * admins see the organisation and every team; a team's leads see their teams (and the organisation's figures beside
 * them); everyone else sees nothing.
 */
export type Viewer =
  | { readonly view: 'organisation'; readonly caller: Caller }
  | { readonly view: 'teams'; readonly caller: Caller; readonly teams: readonly string[] }
  | { readonly view: 'none'; readonly caller: Caller };

/** A team as the page names it. */
export interface TeamRef {
  readonly id: string;
  readonly name: string;
}

/** `GET /api/dashboard/me`. */
export interface Me {
  readonly name: string;
  readonly view: Viewer['view'];
  readonly teams: readonly TeamRef[];
}

/** What the dashboard reads of people (team leads) and delivery (the teams the app is in, by name). */
export interface ViewerDeps {
  readonly results: Pick<ResultsService, 'mayRead'>;
  readonly leads: { teamsLedBy(aadObjectId: string | undefined): Promise<string[]> };
  readonly teams: { findTeam(teamId: string): Promise<KnownTeam | undefined>; activeTeams(): Promise<KnownTeam[]> };
}

/** Works out what a caller may see; a lead who is also an executive sees the organisation. */
export async function viewerOf(caller: Caller, deps: ViewerDeps): Promise<Viewer> {
  if (await deps.results.mayRead(caller.aadObjectId)) return { view: 'organisation', caller };
  const teams = await deps.leads.teamsLedBy(caller.aadObjectId);
  return teams.length > 0 ? { view: 'teams', caller, teams } : { view: 'none', caller };
}

/** Who the caller is to the page: their name, their view, and the teams they may open (every team, for executives). */
export async function meOf(viewer: Viewer, deps: ViewerDeps): Promise<Me> {
  const base = { name: viewer.caller.name ?? 'you', view: viewer.view };
  if (viewer.view === 'none') return { ...base, teams: [] };
  const names = await teamNames(deps, viewer.view === 'teams' ? viewer.teams : []);
  const ids = viewer.view === 'teams' ? viewer.teams : [...names.keys()];
  return { ...base, teams: sortedByName(ids.map((id) => ({ id, name: names.get(id) ?? 'Unnamed team' }))) };
}

/** Team names: every team the app is in (one read), then each of `also` it is no longer in, one by one. */
export async function teamNames(deps: ViewerDeps, also: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const t of await deps.teams.activeTeams()) names.set(t.teamId, t.name || 'Unnamed team');
  for (const id of also.filter((t) => !names.has(t))) {
    const name = (await deps.teams.findTeam(id))?.name;
    if (name) names.set(id, name);
  }
  return names;
}

const sortedByName = (teams: TeamRef[]) =>
  teams.sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || (a.id < b.id ? -1 : 1));
