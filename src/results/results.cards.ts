import { card, commandAction } from '../platform/cards';
import type { CardJson } from '../platform/conversation-ref';
import { describeTime } from '../surveys/survey';
import type { Breakdown, GroupFigures } from './aggregate';
import { speakUpCount } from './suppression';
import type { WaveResult } from './result.store';
import type { SurveyResults } from './results.service';

/** How a results section is drawn: the deployment's k, the time zone, and how many comments to quote. */
export interface ResultsView {
  readonly k: number;
  readonly timeZone: string;
  readonly maxComments: number;
}

const DIMENSION_LABELS: Readonly<Record<Breakdown['dimension'], string>> = { staffGroup: 'By staff group', directorate: 'By directorate' };
const THEME_LABELS: Readonly<Record<string, string>> = { motivation: 'Motivation', involvement: 'Involvement', advocacy: 'Advocacy' };

/** Movements at least this big are called out: 5 points on a 0–100 scale, 0.5 on a 0–10 scale. */
export const NOTABLE = { hundred: 5, ten: 0.5 } as const;

interface Measure {
  readonly label: string;
  readonly of: (g: GroupFigures) => number | undefined;
  readonly scale: 10 | 100;
  readonly unit: string;
  /** True when a rise is bad news (burnout). */
  readonly higherIsWorse?: boolean;
}

/** The headline measures a survey has, in the order leaders read them. */
function measuresOf(figures: GroupFigures): Measure[] {
  const out: Measure[] = [];
  if (figures.engagement !== undefined) out.push({ label: 'Engagement', of: (g) => g.engagement, scale: 10, unit: '/10' });
  for (const theme of Object.keys(figures.themes)) out.push({ label: THEME_LABELS[theme] ?? capitalise(theme), of: (g) => g.themes[theme], scale: 10, unit: '/10' });
  if (figures.burnout !== undefined) {
    out.push({ label: 'Work-related burnout', of: (g) => g.burnout, scale: 100, unit: '/100', higherIsWorse: true });
    out.push({ label: 'Scoring as burnt out (50+)', of: (g) => g.burnoutShare, scale: 100, unit: '%', higherIsWorse: true });
  }
  return out;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/-/g, ' ');
const format = (value: number, m: Measure) => `${m.scale === 10 ? value.toFixed(1) : Math.round(value)}${m.unit}`;

/** " (+0.3 since wave 2)", " (no change since wave 2)", or nothing without a comparable previous wave. */
function change(latest: number | undefined, previous: number | undefined, m: Measure, previousWave: number | undefined): string {
  if (latest === undefined || previous === undefined || previousWave === undefined) return '';
  const delta = latest - previous;
  if (Math.abs(delta) < (m.scale === 10 ? 0.05 : 0.5)) return ` (no change since wave ${previousWave})`;
  return ` (${delta > 0 ? '+' : '−'}${m.scale === 10 ? Math.abs(delta).toFixed(1) : Math.round(Math.abs(delta))} since wave ${previousWave})`;
}

/** One survey's latest closed wave: headline, trend, movements, breakdowns and (if allowed) comments. */
export function surveySection(r: SurveyResults, view: ResultsView, options: { comments: boolean }): unknown[] {
  const { latest, previous } = r;
  const f = latest.figures;
  const items: unknown[] = [
    { type: 'TextBlock', text: r.survey.name, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: `Wave ${latest.waveNumber}, closed ${describeTime(latest.closedAt, view.timeZone)}`, isSubtle: true, wrap: true, spacing: 'None' },
  ];
  if (!f.showable || !f.overall) {
    items.push({ type: 'TextBlock', text: `Fewer than ${view.k} people answered this wave, so no results are shown: a smaller group could single people out.`, wrap: true });
    return [{ type: 'Container', separator: true, spacing: 'Large', items }];
  }
  const overall = f.overall;
  const prev = previous?.figures.showable ? previous.figures.overall : undefined;
  const measures = measuresOf(overall);
  const facts = [{ title: 'Responses', value: `${f.responses}${f.responseRate !== undefined ? ` (${Math.round(f.responseRate)}% of those asked)` : ''}` }];
  for (const m of measures) {
    const value = m.of(overall);
    if (value !== undefined) facts.push({ title: m.label, value: `${format(value, m)}${change(value, prev && m.of(prev), m, previous?.waveNumber)}` });
  }
  items.push({ type: 'FactSet', facts });

  const movements = prev ? notableMovements(overall, prev, measures) : [];
  if (movements.length > 0) {
    items.push({ type: 'TextBlock', text: 'Notable movements', weight: 'Bolder', wrap: true, spacing: 'Medium' });
    items.push({ type: 'TextBlock', text: movements.map((m) => `- ${m}`).join('\n'), wrap: true });
  }

  const trendMeasure = measures[0];
  const points = trendMeasure ? r.trend.flatMap((w) => pointOf(w, trendMeasure)) : [];
  if (trendMeasure && points.length >= 2) items.push(trendChart(trendMeasure, points));

  for (const b of f.breakdowns) items.push(...breakdownBlock(b, measures[0], view.k));

  if (options.comments) {
    for (const [questionId, comments] of Object.entries(f.comments)) {
      const question = r.survey.questions.find((q) => q.id === questionId);
      items.push({ type: 'TextBlock', text: `What people said: ${question?.text ?? 'comments'}`, weight: 'Bolder', wrap: true, spacing: 'Medium' });
      for (const c of comments.slice(0, view.maxComments)) items.push({ type: 'TextBlock', text: `“${c}”`, wrap: true, isSubtle: true, spacing: 'Small' });
    }
  }
  return [{ type: 'Container', separator: true, spacing: 'Large', items }];
}

function pointOf(w: WaveResult, m: Measure): { x: string; y: number }[] {
  const value = w.figures.showable && w.figures.overall ? m.of(w.figures.overall) : undefined;
  return value === undefined ? [] : [{ x: `Wave ${w.waveNumber}`, y: Math.round(value * 10) / 10 }];
}

/** A line chart of the survey's headline measure over its waves, with a FactSet for clients without charts. */
function trendChart(m: Measure, points: { x: string; y: number }[]): Record<string, unknown> {
  return {
    type: 'Chart.Line',
    title: `${m.label} by wave`,
    data: [{ legend: m.label, values: points }],
    fallback: { type: 'FactSet', facts: points.map((p) => ({ title: p.x, value: `${m.label} ${format(p.y, m)}` })) },
  };
}

function breakdownBlock(b: Breakdown, m: Measure | undefined, k: number): unknown[] {
  const facts = b.shown.map((g) => {
    const value = m?.of(g);
    return { title: `${g.group} (${g.people})`, value: value === undefined || !m ? '—' : format(value, m) };
  });
  if (b.hidden.length > 0) facts.push({ title: `${b.hidden.length} more groups`, value: `hidden together: too few people to show separately (fewer than ${k} in at least one)` });
  return [
    { type: 'TextBlock', text: `${DIMENSION_LABELS[b.dimension]}${m ? `: ${m.label.toLowerCase()}` : ''}`, weight: 'Bolder', wrap: true, spacing: 'Medium' },
    { type: 'FactSet', facts },
  ];
}

/** Changes big enough to act on between two showable waves. */
export function notableMovements(latest: GroupFigures, previous: GroupFigures, measures: readonly Measure[]): string[] {
  const out: string[] = [];
  for (const m of measures) {
    const [now, before] = [m.of(latest), m.of(previous)];
    if (now === undefined || before === undefined) continue;
    const delta = now - before;
    if (Math.abs(delta) < (m.scale === 10 ? NOTABLE.ten : NOTABLE.hundred)) continue;
    const worse = m.higherIsWorse ? delta > 0 : delta < 0;
    out.push(`${m.label} ${delta > 0 ? 'up' : 'down'} from ${format(before, m)} to ${format(now, m)}${worse ? ': worth a closer look' : ''}`);
  }
  return out;
}

/** `results` on demand: every survey with a closed wave (or the one asked for). */
export function resultsCard(results: readonly SurveyResults[], view: ResultsView): CardJson {
  const body: unknown[] = [{ type: 'TextBlock', text: 'Survey results', weight: 'Bolder', size: 'Large', wrap: true, style: 'heading' }];
  if (results.length === 0) body.push({ type: 'TextBlock', text: 'No survey has a closed wave yet. Results appear once a wave closes, never while it is open.', wrap: true });
  for (const r of results) body.push(...surveySection(r, view, { comments: true }));
  body.push(footnote(view.k));
  return card(body, [commandAction('Help', 'help')]);
}

/** Speak-up cases raised this quarter so far, by category: counts only, small ones as "fewer than 3". */
export interface SpeakUpCounts {
  readonly quarter: string;
  readonly rows: readonly { readonly label: string; readonly count: number }[];
}

function speakUpSection(counts: SpeakUpCounts): unknown {
  return {
    type: 'Container',
    separator: true,
    spacing: 'Large',
    items: [
      { type: 'TextBlock', text: `Speaking up, ${counts.quarter} so far`, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts: counts.rows.map((r) => ({ title: r.label, value: speakUpCount(r.count) })) },
      { type: 'TextBlock', text: 'Cases raised with the Freedom to Speak Up guardians. Counts of 1 or 2 show as "fewer than 3" so that no case can be recognised.', wrap: true, isSubtle: true, size: 'Small' },
    ],
  };
}

/** The weekly leadership digest. With no survey closed since the last one, a one-line note (and the speak-up counts). */
export function digestCard(results: readonly SurveyResults[], view: ResultsView & { since: string; speakUp?: SpeakUpCounts }): CardJson {
  if (results.length === 0) {
    return card([
      { type: 'TextBlock', text: `Staff Voice weekly digest: no survey closed since the last digest (${describeTime(view.since, view.timeZone)}).`, wrap: true },
      ...(view.speakUp ? [speakUpSection(view.speakUp)] : []),
    ]);
  }
  const body: unknown[] = [
    { type: 'TextBlock', text: 'Staff Voice weekly digest', weight: 'Bolder', size: 'Large', wrap: true, style: 'heading' },
    { type: 'TextBlock', text: `Surveys that closed since ${describeTime(view.since, view.timeZone)}.`, wrap: true, isSubtle: true, spacing: 'None' },
  ];
  for (const r of results) body.push(...surveySection(r, view, { comments: r.survey.commentsInDigest }));
  if (view.speakUp) body.push(speakUpSection(view.speakUp));
  body.push(footnote(view.k));
  return card(body);
}

const footnote = (k: number) => ({
  type: 'TextBlock',
  text: `Scores are shown only for closed waves and for groups of ${k} or more; when one group is hidden, others are hidden with it so it cannot be worked out. Comments appear only when enough people wrote one, with names and numbers removed.`,
  wrap: true,
  isSubtle: true,
  size: 'Small',
  spacing: 'Large',
});
