import { describesPerson, SCALE_LABELS, type Question } from '../surveys';
import type { GroupFigures } from './figures';
import type { WaveResult } from './result';
import type { TeamsTable } from './teams-table.cards';

/** One CSV field: quoted, and defused if a spreadsheet would read it as a formula (CSV injection). */
function field(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

const line = (values: (string | number | undefined)[]) => values.map(field).join(',');

/**
 * A closed wave's result as CSV: only the figures that passed the privacy rules (the stored result holds nothing
 * else), one row per group and measure. Hidden groups are listed as hidden, with no figures; a figure hidden within a
 * shown group (too few answered that question there) has no row. A breakdown by a question that describes the person
 * is named by the question's text, and its answers are never a measure. A wave sent to teams lists every team (by name)
 * as the executives' table does: its figures, or why there are none.
 */
export function resultCsv(result: WaveResult, questions: readonly Question[], teams?: TeamsTable): string {
  const rows = [line(['survey', 'wave', 'closed', 'breakdown', 'group', 'people', 'measure', 'value'])];
  const base = [result.surveyName, result.waveNumber, result.closedAt.slice(0, 10)];
  const f = result.figures;
  if (!f.showable || !f.overall) {
    rows.push(line([...base, 'all', 'everyone', '', 'suppressed', 'fewer than the minimum group size answered']));
    return rows.join('\r\n') + '\r\n';
  }
  rows.push(line([...base, 'all', 'everyone', f.responses, 'response rate %', f.responseRate]));
  const group = (breakdown: string, name: string, g: GroupFigures) => {
    const row = (measure: string, value: number | undefined) =>
      value !== undefined && rows.push(line([...base, breakdown, name, g.people, measure, value]));
    row('engagement (0-10)', g.engagement);
    for (const [theme, v] of Object.entries(g.themes)) row(`${theme} (0-10)`, v);
    row('work-related burnout (0-100)', g.burnout);
    row('scoring as burnt out %', g.burnoutShare);
    for (const q of questions.filter((q) => !describesPerson(q))) {
      row(`% favourable: ${q.text}`, g.favourable[q.id]);
      row(`mean (0-10): ${q.text}`, g.means[q.id]);
      if (q.scale.kind === 'choice')
        q.scale.options.forEach((option, i) => row(`% choosing "${option}": ${q.text}`, g.choices[q.id]?.[i]));
    }
  };
  group('all', 'everyone', f.overall);
  for (const b of f.breakdowns) {
    const breakdown = questions.find((q) => q.id === b.dimension)?.text ?? b.dimension;
    for (const g of b.shown) group(breakdown, g.group, g);
    for (const hidden of b.hidden)
      rows.push(
        line([
          ...base,
          breakdown,
          hidden,
          '',
          'hidden',
          'too few people to show, or too close to a group in another breakdown',
        ]),
      );
  }
  if (teams)
    for (const t of teams.rows) {
      const name = teams.names.get(t.team) ?? t.team;
      // How many were asked through a team says nothing about answers, and is kept for every team.
      if (t.invited !== undefined) rows.push(line([...base, 'team', name, '', 'asked', t.invited]));
      if (t.status !== 'shown' || !t.figures) {
        const why =
          t.status === 'fewer-than-k' ? `fewer than ${teams.k} answered` : 'withheld: too close to another group';
        rows.push(line([...base, 'team', name, '', 'hidden', why]));
        continue;
      }
      if (t.responseRate !== undefined)
        rows.push(line([...base, 'team', name, t.figures.people, 'response rate %', t.responseRate]));
      group('team', name, t.figures);
    }
  return rows.join('\r\n') + '\r\n';
}

/**
 * The NQPS return for an engagement wave: for each of the nine items, how many people chose each answer, with the
 * number surveyed and the number who responded. Only whole-organisation counts (the wave already passed k).
 */
export function nqpsReturnCsv(result: WaveResult, questions: readonly Question[]): string | undefined {
  const items = questions.filter((q) => /^nqps[1-9]$/.test(q.id));
  const overall = result.figures.overall;
  if (items.length !== 9 || !result.figures.showable || !overall) return undefined;
  const rows = [
    line(['item', 'question', 'option 1', 'option 2', 'option 3', 'option 4', 'option 5', 'answered', 'labels']),
  ];
  for (const q of items) {
    const counts = overall.counts[q.id];
    const labels =
      q.scale.kind === 'frequency' || q.scale.kind === 'agreement' ? SCALE_LABELS[q.scale.kind].join(' / ') : '';
    // Fewer than k answered this item: its counts are not in the result, and are not reported as zeros.
    if (!counts) rows.push(line([q.id.toUpperCase(), q.text, '', '', '', '', '', 'hidden: too few answered', labels]));
    else rows.push(line([q.id.toUpperCase(), q.text, ...counts, counts.reduce((a, b) => a + b, 0), labels]));
  }
  rows.push(line(['surveyed', result.recipients]));
  rows.push(line(['responded', result.figures.responses]));
  return rows.join('\r\n') + '\r\n';
}
