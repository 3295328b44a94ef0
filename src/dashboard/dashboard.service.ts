import type { TableAuditLog } from '../platform/audit';
import type { ExportService, ResultsService, WaveResult } from '../results';
import type { Survey, SurveyCatalogue } from '../surveys';
import { actionItems, type ActionItem, type ActionsReader } from './action-items';
import { commentsOf, surveyMeasures, trendOf, type CommentGroup, type TrendPoint } from './figures-view';
import { heatmapOf, type Heatmap, type HeatmapBy } from './heatmap';
import { KeptTeamResults } from './kept-results';
import { teamComments, teamLatest, teamTrend, type TeamLatest, type TeamTrendPoint } from './team-page';
import { teamNames, type TeamRef, type Viewer, type ViewerDeps } from './viewers';
import type { MeasureInfo } from './figures-view';
import { measureInfo } from './figures-view';

/** `GET /api/dashboard/surveys`: a survey with stored results the caller may see. */
export interface SurveySummary {
  readonly id: string;
  readonly name: string;
  readonly waves: number;
  readonly latestClosedAt: string | null;
}

export interface SurveyPage {
  readonly survey: { readonly id: string; readonly name: string };
  readonly trend: readonly TrendPoint[];
  readonly heatmap: Heatmap;
  readonly comments: readonly CommentGroup[];
  readonly actions: readonly ActionItem[];
}

export interface TeamPage {
  readonly survey: { readonly id: string; readonly name: string };
  readonly team: TeamRef;
  readonly measures: readonly MeasureInfo[];
  readonly trend: readonly TeamTrendPoint[];
  readonly latest: TeamLatest | null;
  readonly comments: readonly CommentGroup[];
  readonly commentsNote?: string;
  readonly actions: readonly ActionItem[];
}

/** What a request gets: its page, or why not (each refusal audited, then answered 403). */
export type Shown<T> =
  { kind: 'shown'; page: T } | { kind: 'not-found'; error: string } | { kind: 'not-allowed'; why: string };

export interface DashboardDeps extends ViewerDeps {
  readonly results: Pick<ResultsService, 'mayRead' | 'storedResults' | 'teamView' | 'teamsTable'>;
  readonly exports: Pick<ExportService, 'createLinksFor'>;
  readonly surveys: SurveyCatalogue;
  readonly actions: ActionsReader;
  readonly audit: TableAuditLog;
  /** The deployment's k (a stored team section carries the k it was judged by) and k for comments. */
  readonly k: number;
  readonly kComments: number;
}

/**
 * The dashboard's use cases, from stored results only (never responses): the surveys a caller may see, a survey's
 * trend, heatmap, comments and actions, a team's page, and a wave's CSV link. Roles are the caller's `Viewer`,
 * worked out for each request; refusals are audited and change nothing.
 */
export class DashboardService {
  private readonly kept: KeptTeamResults;

  constructor(private readonly deps: DashboardDeps) {
    this.kept = new KeptTeamResults(deps.results);
  }

  async surveys(viewer: Viewer): Promise<SurveySummary[]> {
    if (viewer.view === 'none') return [];
    const out: SurveySummary[] = [];
    for (const survey of await this.deps.surveys.list()) {
      const results = await this.deps.results.storedResults(survey.id);
      if (results.length === 0 || !(await this.mayOpen(viewer, results))) continue;
      const latestClosedAt = results.at(-1)?.closedAt ?? null;
      out.push({ id: survey.id, name: survey.name, waves: results.length, latestClosedAt });
    }
    return out.sort(
      (a, b) => (b.latestClosedAt ?? '').localeCompare(a.latestClosedAt ?? '') || a.name.localeCompare(b.name),
    );
  }

  async survey(viewer: Viewer, surveyId: string, by: HeatmapBy, waveId?: string): Promise<Shown<SurveyPage>> {
    if (viewer.view === 'none') return this.refuse(viewer, 'dashboard.survey', surveyId, 'no results role');
    if (viewer.view === 'teams' && by !== 'team')
      return this.refuse(viewer, 'dashboard.survey', surveyId, `breakdown by ${by} is for executives and admins`);
    const actions = begun(this.actionsOf(viewer, surveyId));
    const [survey, results] = await this.read(surveyId);
    if (!survey || results.length === 0)
      return { kind: 'not-found', error: 'No results are stored for this survey yet.' };
    if (!(await this.mayOpen(viewer, results)))
      return this.refuse(viewer, 'dashboard.survey', surveyId, 'none of their teams was asked in it');
    const chosen = waveId ? results.find((r) => r.waveId === waveId) : results.at(-1);
    if (!chosen) return { kind: 'not-found', error: 'This survey has no stored results for that wave.' };
    const measures = surveyMeasures(results, survey.questions);
    const only = viewer.view === 'teams' ? new Set(viewer.teams) : undefined;
    const [rows, names] = await Promise.all([
      by === 'team' ? this.kept.teamsTable(chosen) : [],
      by === 'team' ? teamNames(this.deps, viewer.view === 'teams' ? viewer.teams : []) : new Map<string, string>(),
    ]);
    const heatmap = heatmapOf({ by, result: chosen, measures, k: this.deps.k, teams: { rows, names, only } });
    // The organisation's comments are the executives' and admins' (as on the `results` card); a lead reads their team's.
    const comments = viewer.view === 'organisation' ? commentsOf(chosen, survey.questions) : [];
    return {
      kind: 'shown',
      page: { survey: brief(survey), trend: trendOf(results, measures), heatmap, comments, actions: await actions },
    };
  }

  async team(viewer: Viewer, surveyId: string, teamId: string): Promise<Shown<TeamPage>> {
    const mayRead = viewer.view === 'organisation' || (viewer.view === 'teams' && viewer.teams.includes(teamId));
    if (!mayRead) return this.refuse(viewer, 'dashboard.team', teamId, 'not a lead of the team');
    // Actions and the team's name are read while the results are: one team's page is one round of reads at a time.
    const actions = begun(this.actionsOf(viewer, surveyId, teamId));
    const known = begun(this.deps.teams.findTeam(teamId));
    const [survey, results] = await this.read(surveyId);
    if (!survey) return { kind: 'not-found', error: 'No results are stored for this survey yet.' };
    const withTeams = results.filter((r) => r.teams);
    const views = await Promise.all(
      withTeams.map(async (result) => ({ result, view: await this.kept.teamView(result, teamId) })),
    );
    const asked = views.filter((w) => w.view.kind !== 'not-asked');
    if (asked.length === 0) return { kind: 'not-found', error: 'No wave of this survey was sent through that team.' };
    const measures = surveyMeasures(results, survey.questions);
    const latest = asked.at(-1)!.result;
    // The latest wave's view again, with the comments the kept views leave out.
    const last = { result: latest, view: await this.kept.teamViewWithComments(latest, teamId) };
    return {
      kind: 'shown',
      page: {
        survey: brief(survey),
        team: { id: teamId, name: (await known)?.name || 'Unnamed team' },
        measures: measures.map(measureInfo),
        trend: teamTrend(asked, measures),
        latest: teamLatest(last, measures, this.deps.k),
        ...teamComments(last, survey.questions, this.deps.kComments),
        actions: await actions,
      },
    };
  }

  /** A single-use link to a wave's CSV (the same as `export` gives, from the stored result): executives and admins only. */
  async exportWave(
    viewer: Viewer,
    surveyId: string,
    waveId: string,
  ): Promise<Shown<{ url: string; expiresAt: string }>> {
    if (viewer.view !== 'organisation')
      return this.refuse(viewer, 'dashboard.export', waveId, 'exports are for executives and admins');
    const [survey, results] = await this.read(surveyId);
    const result = results.find((r) => r.waveId === waveId);
    if (!survey || !result) return { kind: 'not-found', error: 'That wave has no results yet.' };
    const made = await this.deps.exports.createLinksFor(viewer.caller.aadObjectId, survey, result);
    if (made.kind !== 'links') return this.refuse(viewer, 'dashboard.export', waveId, 'no results role');
    return { kind: 'shown', page: { url: made.links[0]!.url, expiresAt: made.expiresAt } };
  }

  private async read(surveyId: string): Promise<[Survey | undefined, WaveResult[]]> {
    return Promise.all([this.deps.surveys.get(surveyId), this.deps.results.storedResults(surveyId)]);
  }

  /** Executives and admins open every survey; a lead, those with a stored result for one of their teams. */
  private async mayOpen(viewer: Viewer, results: readonly WaveResult[]): Promise<boolean> {
    if (viewer.view !== 'teams') return viewer.view === 'organisation';
    // Newest first: a lead's team is usually in the latest wave, so this is one read per team.
    for (const result of [...results].reverse().filter((r) => r.teams))
      for (const team of viewer.teams) if ((await this.kept.teamView(result, team)).kind !== 'not-asked') return true;
    return false;
  }

  private async actionsOf(viewer: Viewer, surveyId: string, team?: string): Promise<ActionItem[]> {
    const overview = await this.deps.actions.overview(viewer.caller.aadObjectId, surveyId);
    return overview.kind === 'list' ? actionItems(overview.surveys, surveyId, team) : [];
  }

  private async refuse(
    viewer: Viewer,
    action: string,
    target: string,
    why: string,
  ): Promise<{ kind: 'not-allowed'; why: string }> {
    const actor = viewer.caller.aadObjectId;
    await this.deps.audit.record({
      scope: 'dashboard',
      actor,
      action,
      outcome: 'refused',
      target: target.slice(0, 400),
      detail: why,
    });
    return { kind: 'not-allowed', why };
  }
}

const brief = (s: Survey) => ({ id: s.id, name: s.name });

/** A read started ahead of when it is needed; if the request ends first, its failure is dropped with it. */
function begun<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}
