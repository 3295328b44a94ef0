import type { Question } from '../surveys';
import type { GroupFigures } from './figures';
import { formatMeasure, type Measure, measuresOf } from './measures';
import { teamText } from './team.cards';
import type { TeamRow } from './team-view';

/** A wave's teams as the executives' table shows them: each team's row, its name, and the `k` they were judged by. */
export interface TeamsTable {
  readonly rows: readonly TeamRow[];
  readonly names: ReadonlyMap<string, string>;
  readonly k: number;
}

// Teams listed on one results card, shared among its surveys: with 200 teams a survey, the card must still stay
// under Teams' 28 KB (test/cards.test.ts). The rest are one `results team` or one `export` away.
const ROWS_PER_CARD = 60;
const MIN_ROWS_PER_SURVEY = 10;
// The headline measures each row carries beside the response rate.
const MEASURES_PER_ROW = 2;

/** How many teams each survey's table lists when `tables` surveys on one card have one. */
export const rowsPerTable = (tables: number) =>
  Math.max(MIN_ROWS_PER_SURVEY, Math.floor(ROWS_PER_CARD / Math.max(1, tables)));

/**
 * The executives' table of a wave's teams, for the results card: each team's response rate and headline measures,
 * "fewer than k answered" where under k, or withheld; in name order, at most `maxRows`, saying how many more.
 */
export function teamsTableSection(
  table: TeamsTable,
  overall: GroupFigures,
  questions: readonly Question[],
  maxRows: number,
): unknown[] {
  if (table.rows.length === 0) return [];
  const measures = measuresOf(overall, questions).slice(0, MEASURES_PER_ROW);
  const named = table.rows
    .map((row) => ({ row, name: table.names.get(row.team) }))
    .sort((a, b) => byName(a.name, b.name) || (a.row.team < b.row.team ? -1 : 1));
  const facts = named.slice(0, maxRows).map(({ row, name }) => ({
    title: teamText(name ?? 'A team no longer known'),
    value: rowText(row, table.k, measures),
  }));
  const items: unknown[] = [
    { type: 'TextBlock', text: `By team (${table.rows.length})`, weight: 'Bolder', wrap: true, spacing: 'Medium' },
    { type: 'FactSet', facts },
  ];
  const more = named.length - facts.length;
  const notes = [
    ...(more > 0
      ? [
          `${more} more team${more === 1 ? '' : 's'}: type "results team" and a team's name for one, or "export" for every team in the CSV.`,
        ]
      : []),
    ...(table.rows.some((r) => r.status === 'withheld')
      ? [
          'Withheld: enough answered, but the team is so close to another published group that one minus the other would single people out.',
        ]
      : []),
  ];
  for (const note of notes) items.push({ type: 'TextBlock', text: note, wrap: true, isSubtle: true, size: 'Small' });
  return items;
}

/** "14 of 18 answered (78%) · Engagement 7.4/10 · Motivation 7.8/10", or why there are no figures. */
function rowText(row: TeamRow, k: number, measures: readonly Measure[]): string {
  const asked = row.invited ? ` (of ${row.invited} asked)` : '';
  if (row.status === 'fewer-than-k') return `fewer than ${k} answered${asked}`;
  if (row.status === 'withheld' || !row.figures) return 'withheld';
  const figures = row.figures;
  const rate = row.responseRate === undefined ? '' : ` (${Math.round(row.responseRate)}%)`;
  const answered = `${figures.people}${row.invited ? ` of ${row.invited}` : ''} answered${rate}`;
  const values = measures.map((m) => {
    const value = m.of(figures);
    return `${m.label} ${value === undefined ? '—' : formatMeasure(value, m)}`;
  });
  return [answered, ...values].join(' · ');
}

/** Names in order, teams with no name known last. */
function byName(a: string | undefined, b: string | undefined): number {
  if (a && b) return a.localeCompare(b);
  return a ? -1 : b ? 1 : 0;
}
