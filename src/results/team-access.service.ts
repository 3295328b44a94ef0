import type { OutboxService } from '../delivery';
import type { TableAuditLog } from '../platform/audit';
import { isGuid } from '../platform/keys';
import type { Survey, SurveyCatalogue } from '../surveys';
import type { TeamResult } from './figures';
import type { SurveyResults, WaveResult } from './result';
import type { TableResultStore } from './result.store';
import type { ResultsService } from './results.service';
import type { ResultsView } from './survey-section.cards';
import { teamResultsCard, type TeamCardData } from './team.cards';
import {
  nameOr,
  teamCardData,
  teamNames,
  teamsMatching,
  teamTag,
  type TeamChoice,
  type TeamDirectory,
  type TeamLeads,
} from './team-lookup';
import type { TeamsTable } from './teams-table.cards';

/** Why someone may not read a team's results (each refusal is audited). */
export type TeamRefusal =
  /** They lead no team, and are neither an executive nor an admin. */
  | { kind: 'not-a-lead' }
  /** They lead other teams (named), not this one. */
  | { kind: 'not-their-team'; teamName: string; led: string[] };

/** What `results team [name]` (or a team chosen from a list) shows. */
export type TeamResultsOutcome =
  | { kind: 'shown'; data: TeamCardData }
  | { kind: 'no-results'; teamName: string }
  | { kind: 'choose'; teams: TeamChoice[]; query?: string }
  /** An executive or admin who leads no team, with no team named. */
  | { kind: 'name-a-team' }
  | { kind: 'no-such-team'; query: string }
  | TeamRefusal;

/** What posting a team's card to its channel did. */
export type PostOutcome =
  | { kind: 'posted' | 'already-posted'; data: TeamCardData }
  /** The app is no longer in the team, or its General channel is not known. */
  | { kind: 'no-channel'; data: TeamCardData }
  /** No stored result for that wave and team with figures to show (a stale or tampered card). */
  | { kind: 'nothing-to-post' }
  | TeamRefusal;

/** Which team's results of which wave, as a lead's card names them. */
export interface TeamWave {
  readonly survey: string;
  readonly wave: string;
  readonly team: string;
}

/**
 * Team results for the people who lead teams: `results team [name]`, a team chosen from a list, posting a team's card
 * to its own channel, and the executives' table of teams. A team's leads see their team; executives and admins see
 * every team. Refusals are audited with the reason, and change nothing else.
 */
export class TeamResultsService {
  constructor(
    private readonly deps: {
      results: Pick<ResultsService, 'mayRead' | 'surveyResults' | 'teamsTable'>;
      surveys: SurveyCatalogue;
      store: Pick<TableResultStore, 'get' | 'teamOf'>;
      leads: TeamLeads;
      teams: TeamDirectory;
      outbox: Pick<OutboxService, 'enqueueMany'>;
      audit: TableAuditLog;
      view: ResultsView;
    },
  ) {}

  /** `results team [name]`: the caller's own team (or a choice of theirs), or the team named. */
  async forCaller(actor: string | undefined, query: string | undefined): Promise<TeamResultsOutcome> {
    const led = await this.deps.leads.teamsLedBy(actor);
    if (led.length === 0 && !(await this.deps.results.mayRead(actor)))
      return this.refused(actor, 'results.team', undefined);
    if (!query) {
      if (led.length === 1) return this.latestOf(led[0]!);
      if (led.length === 0) return { kind: 'name-a-team' };
      const names = await teamNames(this.deps.teams, led);
      const teams = led.map((teamId) => ({ teamId, name: nameOr({ name: names.get(teamId) }) }));
      return { kind: 'choose', teams: teams.sort((a, b) => a.name.localeCompare(b.name)) };
    }
    const matches = teamsMatching(await this.deps.teams.activeTeams(), query);
    if (matches.length === 0) return { kind: 'no-such-team', query };
    if (matches.length > 1) return { kind: 'choose', teams: matches, query };
    return this.forTeam(actor, matches[0]!.teamId);
  }

  /** One team's latest results, if the caller may read them. */
  async forTeam(actor: string | undefined, teamId: string): Promise<TeamResultsOutcome> {
    if (!(await this.deps.leads.mayReadTeam(actor, teamId))) return this.refused(actor, 'results.team', teamId);
    return this.latestOf(teamId);
  }

  /**
   * Posts a lead's card, without the team's comments or buttons, to the team's General channel through the outbox:
   * once per team and wave (a second click finds it posted). Only the team's leads, executives and admins; audited.
   */
  async postToChannel(actor: string | undefined, target: TeamWave, sharedBy?: string): Promise<PostOutcome> {
    if (!(await this.deps.leads.mayReadTeam(actor, target.team)))
      return this.refused(actor, 'results.team.post', target.team);
    const [survey, result] = await Promise.all([
      this.deps.surveys.get(target.survey),
      this.deps.store.get(target.survey, target.wave),
    ]);
    const own = result?.teams ? await this.deps.store.teamOf(target.wave, target.team) : undefined;
    if (!survey || !result || own?.status !== 'shown') return { kind: 'nothing-to-post' };
    const team = await this.deps.teams.findTeam(target.team);
    const data = this.cardData(survey, result, target.team, nameOr(team), own);
    const general = (await this.deps.teams.channelsOf(target.team)).find(
      (c) => c.conversationId === target.team && c.status === 'active',
    );
    if (team?.status !== 'active' || !general) return { kind: 'no-channel', data };
    const { enqueued } = await this.deps.outbox.enqueueMany(`team-posts-${target.wave}`, [
      {
        key: teamTag(target.team),
        kind: 'team-results-post',
        to: { conversation: general.ref },
        op: { type: 'send', card: { inline: teamResultsCard(data, { kind: 'channel', sharedBy }) } },
      },
    ]);
    if (enqueued === 0) return { kind: 'already-posted', data };
    await this.record(actor, 'results.team.post', 'done', target.team, `wave ${target.wave}: posted to General`);
    return { kind: 'posted', data };
  }

  /** The executives' table of each listed survey's latest wave that went through teams, by wave id. */
  async tablesFor(results: readonly SurveyResults[]): Promise<Map<string, TeamsTable>> {
    const tables = new Map<string, TeamsTable>();
    const withTeams = results.filter((r) => r.latest.teams);
    if (withTeams.length === 0) return tables;
    const names = await teamNames(this.deps.teams, []);
    for (const r of withTeams) {
      const table = await this.tableOf(r.latest, names);
      if (table) tables.set(r.latest.waveId, table);
    }
    return tables;
  }

  /** One wave's table of teams with their names (undefined for a wave that went through none). */
  async tableOf(result: WaveResult, known?: ReadonlyMap<string, string>): Promise<TeamsTable | undefined> {
    if (!result.teams) return undefined;
    const rows = await this.deps.results.teamsTable(result);
    const names = await teamNames(
      this.deps.teams,
      rows.map((r) => r.team),
      known,
    );
    return { rows, names, k: result.teams.k };
  }

  /** The team's results in the latest closed wave sent through it, across surveys. */
  private async latestOf(teamId: string): Promise<TeamResultsOutcome> {
    const teamName = nameOr(await this.deps.teams.findTeam(teamId));
    let latest: { survey: Survey; result: WaveResult; own: TeamResult } | undefined;
    for (const survey of await this.deps.surveys.list())
      for (const result of [...((await this.deps.results.surveyResults(survey))?.trend ?? [])].reverse()) {
        if (latest && result.closedAt <= latest.result.closedAt) break;
        const own = result.teams && (await this.deps.store.teamOf(result.waveId, teamId));
        if (own) {
          latest = { survey, result, own };
          break;
        }
      }
    if (!latest) return { kind: 'no-results', teamName };
    return { kind: 'shown', data: this.cardData(latest.survey, latest.result, teamId, teamName, latest.own) };
  }

  private cardData(survey: Survey, result: WaveResult, teamId: string, name: string, own: TeamResult): TeamCardData {
    return teamCardData(survey, result, { teamId, name }, own, this.deps.view);
  }

  /** Refuses, audited with the reason: the caller leads no team, or leads others (named to them) but not this one. */
  private async refused(actor: string | undefined, action: string, teamId: string | undefined): Promise<TeamRefusal> {
    const led = await this.deps.leads.teamsLedBy(actor);
    const target = teamId ?? '';
    if (led.length === 0) {
      await this.record(actor, action, 'refused', target, 'not a lead of any team, nor an executive or admin');
      return { kind: 'not-a-lead' };
    }
    const names = await teamNames(this.deps.teams, [...led, ...(teamId ? [teamId] : [])]);
    await this.record(actor, action, 'refused', target, 'not a lead of that team');
    return {
      kind: 'not-their-team',
      teamName: nameOr({ name: teamId ? names.get(teamId) : undefined }, 'that team'),
      led: led.map((id) => nameOr({ name: names.get(id) })),
    };
  }

  private record(
    actor: string | undefined,
    action: string,
    outcome: 'done' | 'refused',
    target: string,
    detail: string,
  ) {
    const who = isGuid(actor) ? actor.toLowerCase() : 'unknown';
    return this.deps.audit.record({ scope: 'admin', actor: who, action, outcome, target, detail });
  }
}
