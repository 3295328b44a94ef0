import { ACTION_VERBS } from '../actions';
import { describeTime } from '../platform/calendar/local-time';
import { card, type CardJson, commandAction, executeAction, inertText } from '../platform/cards';
import { describesPerson, type Question } from '../surveys';
import type { Breakdown, GroupFigures } from './figures';
import { speakUpCount } from './suppression';
import type { WaveResult } from './result';
import type { SurveyResults } from './result';

/** How a results section is drawn: the deployment's k, the time zone, and how many comments to quote. */
export interface ResultsView {
  readonly k: number;
  readonly timeZone: string;
  readonly maxComments: number;
}

const DIMENSION_LABELS: Readonly<Record<string, string>> = { staffGroup: 'By staff group', directorate: 'By directorate' };

/** "By staff group", "By directorate", or for a question that describes the person, "By <its text>". */
export function dimensionLabel(dimension: string, questions: readonly Question[]): string {
  return DIMENSION_LABELS[dimension] ?? `By ${lowerFirst(questions.find((q) => q.id === dimension)?.text.replace(/[?:.]\s*$/, '') ?? 'group')}`;
}

/** "Your ward" → "your ward" inside a sentence; "NHS band" stays as it is. */
const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
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

/**
 * The measures a survey has, in the order leaders read them: the headline scores, then each question that is not part
 * of a score (a custom agree/disagree or 0 to 10 question).
 */
function measuresOf(figures: GroupFigures, questions: readonly Question[]): Measure[] {
  const out: Measure[] = [];
  if (figures.engagement !== undefined) out.push({ label: 'Engagement', of: (g) => g.engagement, scale: 10, unit: '/10' });
  for (const theme of Object.keys(figures.themes)) out.push({ label: THEME_LABELS[theme] ?? capitalise(theme), of: (g) => g.themes[theme], scale: 10, unit: '/10' });
  if (figures.burnout !== undefined) {
    out.push({ label: 'Work-related burnout', of: (g) => g.burnout, scale: 100, unit: '/100', higherIsWorse: true });
    out.push({ label: 'Scoring as burnt out (50+)', of: (g) => g.burnoutShare, scale: 100, unit: '%', higherIsWorse: true });
  }
  for (const q of ownQuestions(questions)) {
    if (q.scale.kind === 'agreement' || q.scale.kind === 'frequency') out.push({ label: `% favourable: ${q.text}`, of: (g) => g.favourable[q.id], scale: 100, unit: '%' });
    if (q.scale.kind === 'zero-to-ten') out.push({ label: q.text, of: (g) => g.means[q.id], scale: 10, unit: '/10' });
  }
  return out;
}

/** Questions reported on their own: not part of a theme or the burnout score, not free text, not about the person. */
const ownQuestions = (questions: readonly Question[]) => questions.filter((q) => !q.theme && !describesPerson(q) && q.scale.kind !== 'text');

/** "Days 40%, Nights 35%, Long days 25%" for a single-choice question, when its figures are shown. */
function choiceFacts(figures: GroupFigures, questions: readonly Question[]): { title: string; value: string }[] {
  return ownQuestions(questions).flatMap((q) => {
    const shares = figures.choices[q.id];
    if (q.scale.kind !== 'choice' || !shares) return [];
    return [{ title: q.text, value: q.scale.options.map((o, i) => `${o} ${Math.round(shares[i] ?? 0)}%`).join(', ') }];
  });
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
  const questions = r.survey.questions;
  const measures = measuresOf(overall, questions);
  const facts = [{ title: 'Responses', value: `${f.responses}${f.responseRate !== undefined ? ` (${Math.round(f.responseRate)}% of those asked)` : ''}` }];
  for (const m of measures) {
    const value = m.of(overall);
    if (value !== undefined) facts.push({ title: m.label, value: `${format(value, m)}${change(value, prev && m.of(prev), m, previous?.waveNumber)}` });
  }
  facts.push(...choiceFacts(overall, questions));
  items.push({ type: 'FactSet', facts });

  const movements = prev ? notableMovements(overall, prev, measures) : [];
  if (movements.length > 0) {
    items.push({ type: 'TextBlock', text: 'Notable movements', weight: 'Bolder', wrap: true, spacing: 'Medium' });
    items.push({ type: 'TextBlock', text: movements.map((m) => `- ${m}`).join('\n'), wrap: true });
  }

  const trendMeasure = measures[0];
  const points = trendMeasure ? r.trend.flatMap((w) => pointOf(w, trendMeasure)) : [];
  if (trendMeasure && points.length >= 2) items.push(trendChart(trendMeasure, points));

  for (const b of f.breakdowns) items.push(...breakdownBlock(b, measures[0], view.k, questions));

  if (options.comments) {
    for (const [questionId, comments] of Object.entries(f.comments)) {
      const question = r.survey.questions.find((q) => q.id === questionId);
      items.push({ type: 'TextBlock', text: `What people said: ${question?.text ?? 'comments'}`, weight: 'Bolder', wrap: true, spacing: 'Medium' });
      // What people wrote is shown inert: never Markdown, never a live link.
      for (const c of comments.slice(0, view.maxComments)) items.push({ ...inertText(`“${c}”`, { isSubtle: true }), spacing: 'Small' });
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

function breakdownBlock(b: Breakdown, m: Measure | undefined, k: number, questions: readonly Question[]): unknown[] {
  const facts = b.shown.map((g) => {
    const value = m?.of(g);
    return { title: `${g.group} (${g.people})`, value: value === undefined || !m ? '—' : format(value, m) };
  });
  if (b.hidden.length > 0) {
    const n = b.hidden.length;
    facts.push({ title: `${n} more group${n === 1 ? '' : 's'}`, value: `hidden: too few people to show (fewer than ${k}), or so close to a group in another breakdown that one minus the other would single people out` });
  }
  return [
    { type: 'TextBlock', text: `${dimensionLabel(b.dimension, questions)}${m ? `: ${lowerFirst(m.label)}` : ''}`, weight: 'Bolder', wrap: true, spacing: 'Medium' },
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
  for (const r of results) {
    body.push(...surveySection(r, view, { comments: true }));
    body.push({ type: 'ActionSet', actions: [executeAction('Respond with an action', ACTION_VERBS.form, { survey: r.survey.id, wave: r.latest.waveId })] });
  }
  body.push(footnote(view.k));
  return card(body, [commandAction('Help', 'help')]);
}

/** Speak-up cases raised in the last completed quarter, by category: counts only, small ones as "fewer than 3". */
export interface SpeakUpCounts {
  /** The NGO's financial-year quarter, e.g. "2026/27 Q2". */
  readonly quarter: string;
  /** Its months, e.g. "July to September". */
  readonly months: string;
  readonly rows: readonly { readonly label: string; readonly count: number }[];
}

function speakUpSection(counts: SpeakUpCounts): unknown {
  return {
    type: 'Container',
    separator: true,
    spacing: 'Large',
    items: [
      { type: 'TextBlock', text: `Freedom to Speak Up, ${counts.quarter} (${counts.months})`, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts: counts.rows.map((r) => ({ title: r.label, value: speakUpCount(r.count) })) },
      { type: 'TextBlock', text: 'Cases raised with the Freedom to Speak Up guardians in the last completed quarter, as in the National Guardian\'s Office return; the figures stay the same until the next quarter is complete. Counts of 1 or 2 show as "fewer than 3" so that no case can be recognised.', wrap: true, isSubtle: true, size: 'Small' },
    ],
  };
}

/** The weekly leadership digest. With no new survey results since the last one, a one-line note (and the speak-up counts). */
export function digestCard(results: readonly SurveyResults[], view: ResultsView & { since: string; speakUp?: SpeakUpCounts; actions?: Record<string, unknown> }): CardJson {
  if (results.length === 0) {
    return card([
      { type: 'TextBlock', text: `Staff Voice weekly digest: no new survey results since the last digest (${describeTime(view.since, view.timeZone)}).`, wrap: true },
      ...(view.speakUp ? [speakUpSection(view.speakUp)] : []),
      ...(view.actions ? [view.actions] : []),
    ]);
  }
  const body: unknown[] = [
    { type: 'TextBlock', text: 'Staff Voice weekly digest', weight: 'Bolder', size: 'Large', wrap: true, style: 'heading' },
    { type: 'TextBlock', text: `New survey results since ${describeTime(view.since, view.timeZone)}. Each closed wave appears in one digest, once its results are ready.`, wrap: true, isSubtle: true, spacing: 'None' },
  ];
  for (const r of results) body.push(...surveySection(r, view, { comments: r.survey.commentsInDigest }));
  if (view.speakUp) body.push(speakUpSection(view.speakUp));
  if (view.actions) body.push(view.actions);
  body.push(footnote(view.k));
  return card(body);
}

const footnote = (k: number) => ({
  type: 'TextBlock',
  text: `Figures are shown only for closed waves and for ${k} or more people (for a question: ${k} or more who answered it); when a group is hidden, others are hidden with it, and groups that overlap across breakdowns are hidden, so that no one can be worked out by subtraction. A dash means too few answered. Comments appear only when enough people wrote one, with names and numbers removed.`,
  wrap: true,
  isSubtle: true,
  size: 'Small',
  spacing: 'Large',
});
