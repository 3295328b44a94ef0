import { measuresOf, type GroupFigures, type Measure, type WaveResult } from '../results';
import type { Question } from '../surveys';

/**
 * What the dashboard's pages show of stored results, as pure functions: measures, trend points, heatmap cells and
 * comments, each figure exactly as stored (rounded to one decimal) or null with the reason it is not shown. Nothing
 * here works a figure out: what the privacy rules left out of a stored result stays out.
 */

/** A measure as the page names it: key, label, and how to read it. */
export interface MeasureInfo {
  readonly key: string;
  readonly label: string;
  readonly scale: 10 | 100;
  readonly unit: string;
  readonly higherIsWorse?: boolean;
}

/** One wave of a trend: its response rate and each measure, null where the wave showed none. */
export interface TrendPoint {
  readonly waveId: string;
  readonly number: number;
  readonly closedAt: string;
  readonly responseRate: number | null;
  readonly measures: Readonly<Record<string, number | null>>;
}

/** One figure of a heatmap row; every cell without a value says why. */
export interface HeatCell {
  readonly measure: string;
  readonly value: number | null;
  readonly reason?: string;
}

export interface HeatRow {
  readonly id: string;
  readonly label: string;
  readonly cells: readonly HeatCell[];
}

export interface CommentGroup {
  readonly question: string;
  readonly items: readonly string[];
}

/** Why a figure is not shown, in the words the cards use (docs/results.md, the privacy rules). */
export const WHY = {
  /** A group (a team, the whole wave) with fewer than k respondents. */
  fewerThanK: (k: number) => `fewer than ${k} answered`,
  /** One figure of a shown group: fewer than k people have it (rule 3: optional questions, partial themes). */
  figure: (k: number) => `fewer than ${k} answered for this figure`,
  /** A team with k or more respondents that overlap protection withheld. */
  withheld: 'withheld so a smaller group cannot be worked out',
  /**
   * A breakdown's hidden group: the stored result names it without saying which rule hid it, and must not (saying
   * "fewer than k" of one group and not another would tell which small group answered).
   */
  hidden: (k: number) => `fewer than ${k} answered, or withheld so a smaller group cannot be worked out`,
} as const;

/** The measures of a survey's pages: those of its latest wave that showed figures, in the order leaders read them. */
export function surveyMeasures(results: readonly WaveResult[], questions: readonly Question[]): Measure[] {
  const latest = [...results].reverse().find((r) => r.figures.showable && r.figures.overall);
  return latest?.figures.overall ? measuresOf(latest.figures.overall, questions) : [];
}

export function measureInfo(m: Measure): MeasureInfo {
  return {
    key: m.key,
    label: m.label,
    scale: m.scale,
    unit: m.unit,
    ...(m.higherIsWorse ? { higherIsWorse: true } : {}),
  };
}

/** The whole organisation's trend: each stored wave's response rate and measures (null while it showed none). */
export function trendOf(results: readonly WaveResult[], measures: readonly Measure[]): TrendPoint[] {
  return results.map((r) => {
    const shown = r.figures.showable ? r.figures.overall : undefined;
    return {
      ...waveOf(r),
      responseRate: shown ? figure(r.figures.responseRate) : null,
      measures: valuesOf(shown, measures),
    };
  });
}

/** Each measure's value in a group's figures (null where the group has none, or has not that figure). */
export function valuesOf(g: GroupFigures | undefined, measures: readonly Measure[]): Record<string, number | null> {
  return Object.fromEntries(measures.map((m) => [m.key, g ? figure(m.of(g)) : null]));
}

/** A row's cells: each measure's value, or null with `whyNone` when the group shows nothing, or rule 3's reason. */
export function cellsOf(
  g: GroupFigures | undefined,
  measures: readonly Measure[],
  k: number,
  whyNone: string,
): HeatCell[] {
  return measures.map((m) => {
    const value = g ? figure(m.of(g)) : null;
    return value !== null ? { measure: m.key, value } : { measure: m.key, value, reason: g ? WHY.figure(k) : whyNone };
  });
}

/** The organisation's row of a wave's heatmap: everyone who answered, or why not. */
export function organisationRow(result: WaveResult, measures: readonly Measure[], k: number): HeatRow {
  const shown = result.figures.showable ? result.figures.overall : undefined;
  return { id: ORGANISATION, label: 'Whole organisation', cells: cellsOf(shown, measures, k, WHY.fewerThanK(k)) };
}

/** The heatmap row id of the whole organisation (never a team id: those come from Teams, `19:…`). */
export const ORGANISATION = 'organisation';

/** A stored wave's free-text comments (already redacted, shuffled and cut to the kept sample), by question text. */
export function commentsOf(result: WaveResult | undefined, questions: readonly Question[]): CommentGroup[] {
  return commentGroups(result?.figures.comments ?? {}, questions);
}

export function commentGroups(
  comments: Readonly<Record<string, readonly string[]>>,
  questions: readonly Question[],
): CommentGroup[] {
  return Object.entries(comments)
    .filter(([, items]) => items.length > 0)
    .map(([id, items]) => ({ question: questions.find((q) => q.id === id)?.text ?? 'Comments', items: [...items] }));
}

/** A wave's identity on a page. */
export const waveOf = (r: WaveResult) => ({ waveId: r.waveId, number: r.waveNumber, closedAt: r.closedAt });

/** A stored figure as the page gets it: one decimal, or null. */
export const figure = (value: number | undefined): number | null =>
  value === undefined || !Number.isFinite(value) ? null : Math.round(value * 10) / 10;
