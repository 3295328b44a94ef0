import type { Measure, TeamView, WaveResult } from '../results';
import type { Question } from '../surveys';
import { commentGroups, figure, valuesOf, waveOf, WHY, type CommentGroup, type TrendPoint } from './figures-view';

/** One wave of a team's trend; a wave in which the team showed nothing has null figures and says why. */
export interface TeamTrendPoint extends TrendPoint {
  readonly reason?: string;
}

/** One measure of a team's latest wave: its figure, the organisation's beside it, and its change since before. */
export interface TeamFigure {
  readonly measure: string;
  readonly team: number | null;
  readonly organisation: number | null;
  /** The team's change since its previous wave, where both waves showed the figure. */
  readonly movement?: number | null;
  readonly reason?: string;
}

export interface TeamLatest {
  readonly waveId: string;
  readonly number: number;
  readonly responseRate: number | null;
  readonly organisationResponseRate: number | null;
  readonly figures: readonly TeamFigure[];
  readonly reason?: string;
}

/** A stored wave result with the team's view of it (teamView in results: its stored team row, or why none). */
export interface TeamWave {
  readonly result: WaveResult;
  readonly view: TeamView;
}

/** The team's trend over the waves sent through it (a wave not sent through it is not the team's). */
export function teamTrend(waves: readonly TeamWave[], measures: readonly Measure[]): TeamTrendPoint[] {
  return waves.flatMap(({ result, view }): TeamTrendPoint[] => {
    if (view.kind === 'not-asked') return [];
    const base = waveOf(result);
    if (view.kind === 'shown')
      return [{ ...base, responseRate: figure(view.responseRate), measures: valuesOf(view.figures, measures) }];
    return [{ ...base, responseRate: null, measures: valuesOf(undefined, measures), reason: whyNot(view) }];
  });
}

/** The team's latest wave: each measure beside the organisation's, or why the team shows none. */
export function teamLatest(last: TeamWave | undefined, measures: readonly Measure[], k: number): TeamLatest | null {
  if (!last || last.view.kind === 'not-asked') return null;
  const { result, view } = last;
  const organisation = result.figures.showable ? result.figures.overall : undefined;
  const base = {
    ...{ waveId: result.waveId, number: result.waveNumber },
    organisationResponseRate: organisation ? figure(result.figures.responseRate) : null,
  };
  const org = (m: Measure) => (organisation ? figure(m.of(organisation)) : null);
  if (view.kind !== 'shown') {
    const reason = whyNot(view);
    const figures = measures.map((m) => ({ measure: m.key, team: null, organisation: org(m), reason }));
    return { ...base, responseRate: null, figures, reason };
  }
  const judgedBy = result.teams?.k ?? k;
  const figures = measures.map((m) => teamFigure(m, view, org(m), judgedBy));
  return { ...base, responseRate: figure(view.responseRate), figures };
}

function teamFigure(
  m: Measure,
  view: Extract<TeamView, { kind: 'shown' }>,
  organisation: number | null,
  k: number,
): TeamFigure {
  const team = figure(m.of(view.figures));
  const movement = view.movement ? figure(m.of(view.movement)) : null;
  return { measure: m.key, team, organisation, movement, ...(team === null ? { reason: WHY.figure(k) } : {}) };
}

/** The team's comments in its latest wave, or a note saying why there are none. */
export function teamComments(
  last: TeamWave | undefined,
  questions: readonly Question[],
  kComments: number,
): { comments: CommentGroup[]; commentsNote?: string } {
  if (!last || last.view.kind !== 'shown')
    return { comments: [], commentsNote: "Comments are shown only with the team's figures." };
  const comments = commentGroups(last.view.comments, questions);
  if (comments.length > 0) return { comments };
  return {
    comments,
    commentsNote: `Comments are shown only where at least ${kComments} people in the team wrote one.`,
  };
}

function whyNot(view: Exclude<TeamView, { kind: 'shown' }>): string {
  switch (view.kind) {
    case 'fewer-than-k':
      return WHY.fewerThanK(view.k);
    case 'withheld':
      return WHY.withheld;
    case 'not-asked':
      return 'this wave was not sent through the team';
  }
}
