import type { RoleService } from '../people';
import type { Clock } from '../platform/clock';
import type { Log } from '../platform/log';
import {
  describesPerson,
  type AnonymousResponses,
  type Survey,
  type SurveyCatalogue,
  type Wave,
  type WaveHistory,
} from '../surveys';
import { STAFF_GROUPS } from '../shared/staff-groups';
import { aggregateWaveAndTeams, type WaveAggregate } from './aggregate';
import type { TeamResult, TeamsSection } from './figures';
import type { SurveyResults, WaveResult } from './result';
import type { TableResultStore } from './result.store';
import { previousTeamResults, teamResults, type PreviousTeamResult } from './team-results';
import { teamsTable, teamView, type TeamRow, type TeamView } from './team-view';

/**
 * Results of closed waves, computed once from the anonymous responses in one pass and stored immutably. Only
 * executives and admins may read them, and only figures that passed the privacy rules exist to be read.
 */
export class ResultsService {
  constructor(
    private readonly deps: {
      surveys: SurveyCatalogue;
      waves: WaveHistory;
      responses: AnonymousResponses;
      results: TableResultStore;
      roles: RoleService;
      clock: Clock;
      log: Log;
      k: number;
      kComments: number;
      /**
       * How many people a wave was asked through each team: the teams it was sent through, and their response rates
       * (without it, the survey's chosen teams, and no rates).
       */
      invitedByTeam?: (wave: Wave) => Promise<ReadonlyMap<string, number>>;
    },
  ) {}

  async mayRead(actor: string | undefined): Promise<boolean> {
    const roles = await this.deps.roles.rolesOf(actor);
    return roles.has('executive') || roles.has('admin');
  }

  /**
   * The result of a closed wave whose last answers are written (`mixedAt`: a grace period after the close, so an
   * answer on its way at the close is in it), computing and storing it the first time. Undefined until then.
   */
  async resultOf(survey: Survey, wave: Wave): Promise<WaveResult | undefined> {
    const closedAt = wave.closedAt ?? wave.closesAt;
    if (wave.status !== 'closed' || !wave.mixedAt) return undefined;
    const stored = await this.deps.results.get(survey.id, wave.id);
    if (stored) return stored;
    const aggregate = await aggregateWaveAndTeams(survey.questions, this.deps.responses.ofWave(wave.id), {
      recipients: wave.recipients,
      k: this.deps.k,
      kComments: this.deps.kComments,
      offered: offeredGroups(survey),
    });
    const { figures } = aggregate;
    const teams = await this.teamsOf(survey, wave, aggregate);
    const result = await this.deps.results.putOnce(
      {
        surveyId: survey.id,
        waveId: wave.id,
        surveyName: survey.name,
        waveNumber: wave.number,
        closedAt,
        computedAt: this.deps.clock.now().toISOString(),
        recipients: wave.recipients,
        figures,
        ...(teams ? { teams: { k: teams.k } } : {}),
      },
      teams?.teams,
    );
    this.deps.log.info({ survey: survey.id, wave: wave.id, showable: figures.showable }, 'wave result computed');
    return result;
  }

  /** One team's results in a stored wave result: its figures beside the organisation's, or why there are none. */
  async teamView(result: WaveResult, team: string): Promise<TeamView> {
    return teamView(result, team, result.teams ? await this.deps.results.teamOf(result.waveId, team) : undefined);
  }

  /** The executives' table of a stored wave result's teams: response rate and figures, or why there are none. */
  async teamsTable(result: WaveResult): Promise<TeamRow[]> {
    return result.teams ? teamsTable(await this.deps.results.teamsOf(result.waveId)) : [];
  }

  /** The teams section of a wave whose responses came through teams (undefined otherwise: see `teamResults`). */
  private async teamsOf(survey: Survey, wave: Wave, aggregate: WaveAggregate): Promise<TeamsSection | undefined> {
    if (aggregate.teams.length === 0) return undefined; // no section, so no earlier waves to read
    const invited = (await this.deps.invitedByTeam?.(wave)) ?? new Map<string, number>();
    // Every team the wave was sent through, answered through or not (see `teamResults`).
    const offered = [...(survey.audience.kind === 'teams' ? survey.audience.teamIds : []), ...invited.keys()];
    const wanted = new Set([...offered, ...aggregate.teams.map((t) => t.team)]);
    return teamResults(aggregate, {
      k: this.deps.k,
      kComments: this.deps.kComments,
      offered,
      invited,
      previous: await this.previousTeams(survey, wave, wanted),
    });
  }

  /**
   * Each wanted team's result in its latest earlier wave, for its movement: earlier waves' results are computed first
   * if they are not yet (a stored result never changes, so its movement must be right the first time), and read back
   * from the latest only as far as some wanted team is still missing.
   */
  private async previousTeams(
    survey: Survey,
    wave: Wave,
    wanted: ReadonlySet<string>,
  ): Promise<Map<string, PreviousTeamResult>> {
    const earlier: WaveResult[] = [];
    for (const w of await this.deps.waves.ofSurvey(survey.id)) {
      const result = w.number < wave.number ? await this.resultOf(survey, w) : undefined;
      if (result?.teams) earlier.push(result);
    }
    const read: { waveNumber: number; teams: TeamResult[] }[] = [];
    const found = new Set<string>();
    for (const r of earlier.sort((a, b) => b.waveNumber - a.waveNumber)) {
      if ([...wanted].every((team) => found.has(team))) break;
      const teams = await this.deps.results.teamsOf(r.waveId);
      for (const t of teams) found.add(t.team);
      read.push({ waveNumber: r.waveNumber, teams });
    }
    return previousTeamResults(read);
  }

  /**
   * A survey's stored results, oldest wave first: what has been worked out already, never working one out (the
   * dashboard reads these on every request, so a read must cost one partition scan and never touch responses).
   */
  storedResults(surveyId: string): Promise<WaveResult[]> {
    return this.deps.results.ofSurvey(surveyId);
  }

  /** A survey's latest closed wave with its trend, or undefined if none has closed (and settled) yet. */
  async surveyResults(survey: Survey): Promise<SurveyResults | undefined> {
    const trend: WaveResult[] = [];
    for (const wave of await this.deps.waves.ofSurvey(survey.id)) {
      const result = await this.resultOf(survey, wave);
      if (result) trend.push(result);
    }
    const latest = trend.at(-1);
    if (!latest) return undefined;
    return { survey, latest, previous: trend.at(-2), trend };
  }

  /** Results for every survey (or those whose name or id matches `query`) with a closed wave. */
  async allResults(query?: string): Promise<SurveyResults[]> {
    const q = query?.trim().toLowerCase();
    const surveys = (await this.deps.surveys.list()).filter(
      (s) => !q || s.id === q || s.name.toLowerCase().includes(q),
    );
    const out: SurveyResults[] = [];
    for (const s of surveys) {
      const r = await this.surveyResults(s);
      if (r) out.push(r);
    }
    return out;
  }

  /**
   * Surveys with a result no digest has carried yet: what the digest at `at` reports, whenever the wave closed. A
   * result this same digest marked on an earlier, interrupted run counts as not yet carried, so a re-run sends the same
   * card. Results of waves that closed before `carriesFrom` (when digests began marking them) were carried by the
   * close-time rule that came before.
   */
  async notYetDigested(at: Date, carriesFrom: Date): Promise<SurveyResults[]> {
    const fresh = (w: WaveResult) =>
      (!w.digestedAt && new Date(w.closedAt) > carriesFrom) || w.digestedAt === at.toISOString();
    return (await this.allResults()).filter((r) => r.trend.some(fresh));
  }

  /** Marks every result of these surveys as carried by the digest at `at` (those not marked already). */
  async markDigested(surveys: readonly SurveyResults[], at: Date): Promise<void> {
    for (const r of surveys)
      for (const w of r.trend) if (!w.digestedAt) await this.deps.results.markDigested(w.surveyId, w.waveId, at);
  }
}

/** Every group a survey offered in each breakdown: what a breakdown's hidden list names, chosen or not. */
function offeredGroups(survey: Survey): Record<string, readonly string[]> {
  const offered: Record<string, readonly string[]> = {};
  if (survey.aboutYou) {
    offered.staffGroup = STAFF_GROUPS;
    if (survey.directorates.length > 0) offered.directorate = survey.directorates;
  }
  for (const q of survey.questions.filter(describesPerson)) offered[q.id] = q.scale.options;
  return offered;
}
