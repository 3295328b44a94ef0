import { createHash } from 'node:crypto';
import type { KnownTeam } from '../delivery';
import type { PeopleApi } from '../people';
import type { ConversationRef } from '../platform/conversation-ref';
import type { Survey } from '../surveys';
import type { TeamResult } from './figures';
import type { WaveResult } from './result';
import type { ResultsView } from './survey-section.cards';
import type { TeamCardData } from './team.cards';
import { teamView } from './team-view';

/** What team results read of people: who leads which team, and who may read a team's results. */
export type TeamLeads = Pick<PeopleApi['leads'], 'teamsLedBy' | 'leadsOf' | 'mayReadTeam'>;

/**
 * What team results read of delivery's captured conversations: the teams the app is in, their names, and their
 * channels (the General channel's conversation id is the team's id).
 */
export interface TeamDirectory {
  findTeam(teamId: string): Promise<KnownTeam | undefined>;
  activeTeams(): Promise<KnownTeam[]>;
  channelsOf(
    teamId: string,
  ): Promise<readonly { conversationId: string; ref: ConversationRef; status: KnownTeam['status'] }[]>;
}

/** A team as it is offered to choose from. */
export interface TeamChoice {
  readonly teamId: string;
  readonly name: string;
}

/** A team's name, or what to call a team Teams gave none (or one the app no longer knows). */
export const nameOr = (team: { name?: string } | undefined, otherwise = 'Your team') => team?.name || otherwise;

/**
 * A team id as an outbox key part: Teams' ids (`19:…@thread.tacv2`) can be longer than a key allows, so a hash names
 * the team within a batch.
 */
export const teamTag = (teamId: string) => createHash('sha256').update(teamId).digest('hex').slice(0, 24);

/**
 * Team names for a set of team ids: the teams the app is in (or the names `known` already), then each other one asked
 * for alone.
 */
export async function teamNames(
  teams: TeamDirectory,
  ids: readonly string[],
  known?: ReadonlyMap<string, string>,
): Promise<Map<string, string>> {
  const names = new Map(known ?? (await teams.activeTeams()).flatMap((t) => (t.name ? [[t.teamId, t.name]] : [])));
  for (const id of ids)
    if (!names.has(id)) {
      const name = (await teams.findTeam(id))?.name;
      if (name) names.set(id, name);
    }
  return names;
}

/**
 * The teams whose name is `query` (any case), or, if none is, those whose name holds it. Team names are not secret
 * (Teams shows them to everyone in the tenant), so a list of matches tells nobody anything.
 */
export function teamsMatching(teams: readonly KnownTeam[], query: string): TeamChoice[] {
  const q = query.trim().toLowerCase();
  const named = teams.filter((t): t is KnownTeam & { name: string } => Boolean(t.name));
  const exact = named.filter((t) => t.name.toLowerCase() === q);
  const found = exact.length > 0 ? exact : named.filter((t) => t.name.toLowerCase().includes(q));
  return found
    .map((t) => ({ teamId: t.teamId, name: t.name }))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.teamId < b.teamId ? -1 : 1));
}

/** What a team's card shows for one stored wave result, given the team's stored result there. */
export function teamCardData(
  survey: Pick<Survey, 'id' | 'name' | 'questions'>,
  result: WaveResult,
  team: { readonly teamId: string; readonly name: string },
  own: TeamResult | undefined,
  view: Pick<ResultsView, 'timeZone' | 'maxComments' | 'k'>,
): TeamCardData {
  return {
    teamName: team.name,
    survey: { id: survey.id, name: survey.name, questions: survey.questions },
    wave: { id: result.waveId, number: result.waveNumber, closedAt: result.closedAt },
    view: teamView(result, team.teamId, own),
    k: result.teams?.k ?? view.k,
    timeZone: view.timeZone,
    maxComments: view.maxComments,
  };
}
