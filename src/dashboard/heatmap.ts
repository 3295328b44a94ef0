import type { Measure, TeamRow, WaveResult } from '../results';
import {
  cellsOf,
  measureInfo,
  organisationRow,
  waveOf,
  WHY,
  type HeatCell,
  type HeatRow,
  type MeasureInfo,
} from './figures-view';

/** What the heatmap's rows are: the wave's teams, or one of its "about you" breakdowns. */
export const HEATMAP_BY = ['team', 'staffGroup', 'directorate'] as const;
export type HeatmapBy = (typeof HEATMAP_BY)[number];

/** One wave's groups against the survey's measures, the organisation first; every hidden cell says why. */
export interface Heatmap {
  readonly by: HeatmapBy;
  /** The wave it shows (the latest stored one unless another was asked for); absent when there is none. */
  readonly wave?: { readonly waveId: string; readonly number: number; readonly closedAt: string };
  readonly measures: readonly MeasureInfo[];
  readonly rows: readonly HeatRow[];
}

/** The teams to show, by id with their names; `only` limits them (a lead's own teams). */
export interface HeatmapTeams {
  readonly rows: readonly TeamRow[];
  readonly names: ReadonlyMap<string, string>;
  readonly only?: ReadonlySet<string>;
}

/**
 * The heatmap of one stored wave result. Teams come from the wave's stored team rows (shown, fewer than k, or
 * withheld); staff groups and directorates from its stored breakdown, whose hidden groups are named without saying
 * which rule hid them. The organisation's row comes first, the rest in name order.
 */
export function heatmapOf(args: {
  by: HeatmapBy;
  result: WaveResult | undefined;
  measures: readonly Measure[];
  k: number;
  teams?: HeatmapTeams;
}): Heatmap {
  const { by, result, measures } = args;
  const base = { by, measures: measures.map(measureInfo) };
  if (!result) return { ...base, rows: [] };
  const k = result.teams?.k ?? args.k;
  const rows = by === 'team' ? teamRows(args.teams, measures, k) : groupRows(result, by, measures, k);
  return { ...base, wave: waveOf(result), rows: [organisationRow(result, measures, k), ...byLabel(rows)] };
}

function teamRows(teams: HeatmapTeams | undefined, measures: readonly Measure[], k: number): HeatRow[] {
  if (!teams) return [];
  return teams.rows
    .filter((t) => !teams.only || teams.only.has(t.team))
    .map((t) => ({ id: t.team, label: teamLabel(teams.names, t.team), cells: teamCells(t, measures, k) }));
}

function teamCells(t: TeamRow, measures: readonly Measure[], k: number): HeatCell[] {
  switch (t.status) {
    case 'shown':
      return cellsOf(t.figures, measures, k, WHY.fewerThanK(k));
    case 'fewer-than-k':
      return cellsOf(undefined, measures, k, WHY.fewerThanK(k));
    case 'withheld':
      return cellsOf(undefined, measures, k, WHY.withheld);
  }
}

function groupRows(result: WaveResult, by: HeatmapBy, measures: readonly Measure[], k: number): HeatRow[] {
  const breakdown = result.figures.breakdowns.find((b) => b.dimension === by);
  if (!breakdown) return [];
  return [
    ...breakdown.shown.map((g) => ({ id: g.group, label: g.group, cells: cellsOf(g, measures, k, WHY.hidden(k)) })),
    ...breakdown.hidden.map((group) => ({
      id: group,
      label: group,
      cells: cellsOf(undefined, measures, k, WHY.hidden(k)),
    })),
  ];
}

/** A team's name as Teams gave it, or what to call a team it gave none. */
export const teamLabel = (names: ReadonlyMap<string, string>, team: string) => names.get(team) ?? 'Unnamed team';

const byLabel = (rows: HeatRow[]) =>
  [...rows].sort((a, b) => a.label.localeCompare(b.label, 'en-GB') || (a.id < b.id ? -1 : 1));
