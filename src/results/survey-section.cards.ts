import { describeTime } from '../platform/calendar/local-time';
import { inertText } from '../platform/cards';
import type { Question } from '../surveys';
import type { Breakdown, GroupFigures } from './figures';
import { changeSince, choiceFacts, formatMeasure, type Measure, measuresOf, notableMovements } from './measures';
import type { SurveyResults, WaveResult } from './result';

/** How a results section is drawn: the deployment's k, the time zone, and how many comments to quote. */
export interface ResultsView {
  readonly k: number;
  readonly timeZone: string;
  readonly maxComments: number;
}

const DIMENSION_LABELS: Readonly<Record<string, string>> = {
  staffGroup: 'By staff group',
  directorate: 'By directorate',
};

/** "By staff group", "By directorate", or for a question that describes the person, "By <its text>". */
export function dimensionLabel(dimension: string, questions: readonly Question[]): string {
  return (
    DIMENSION_LABELS[dimension] ??
    `By ${lowerFirst(questions.find((q) => q.id === dimension)?.text.replace(/[?:.]\s*$/, '') ?? 'group')}`
  );
}

/** "Your ward" → "your ward" inside a sentence; "NHS band" stays as it is. */
const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/** One survey's latest closed wave: headline, trend, movements, breakdowns and (if allowed) comments. */
export function surveySection(r: SurveyResults, view: ResultsView, options: { comments: boolean }): unknown[] {
  const { latest, previous } = r;
  const f = latest.figures;
  const items: unknown[] = [
    { type: 'TextBlock', text: r.survey.name, weight: 'Bolder', size: 'Medium', wrap: true },
    {
      type: 'TextBlock',
      text: `Wave ${latest.waveNumber}, closed ${describeTime(latest.closedAt, view.timeZone)}`,
      isSubtle: true,
      wrap: true,
      spacing: 'None',
    },
  ];
  if (!f.showable || !f.overall) {
    items.push({
      type: 'TextBlock',
      text: `Fewer than ${view.k} people answered this wave, so no results are shown: a smaller group could single people out.`,
      wrap: true,
    });
    return [{ type: 'Container', separator: true, spacing: 'Large', items }];
  }
  const overall = f.overall;
  const prev = previous?.figures.showable ? previous.figures.overall : undefined;
  const questions = r.survey.questions;
  const measures = measuresOf(overall, questions);
  items.push({ type: 'FactSet', facts: headlineFacts(r, overall, prev, measures) });

  const movements = prev ? notableMovements(overall, prev, measures) : [];
  if (movements.length > 0) {
    items.push({ type: 'TextBlock', text: 'Notable movements', weight: 'Bolder', wrap: true, spacing: 'Medium' });
    items.push({ type: 'TextBlock', text: movements.map((m) => `- ${m}`).join('\n'), wrap: true });
  }

  const trendMeasure = measures[0];
  const points = trendMeasure ? r.trend.flatMap((w) => pointOf(w, trendMeasure)) : [];
  if (trendMeasure && points.length >= 2) items.push(trendChart(trendMeasure, points));

  for (const b of f.breakdowns) items.push(...breakdownBlock(b, measures[0], view.k, questions));

  if (options.comments) items.push(...commentBlocks(r, view));
  return [{ type: 'Container', separator: true, spacing: 'Large', items }];
}

/** Responses and each measure of the whole wave, with its change since the previous showable wave. */
function headlineFacts(
  r: SurveyResults,
  overall: GroupFigures,
  prev: GroupFigures | undefined,
  measures: readonly Measure[],
): { title: string; value: string }[] {
  const f = r.latest.figures;
  const facts = [
    {
      title: 'Responses',
      value: `${f.responses}${f.responseRate !== undefined ? ` (${Math.round(f.responseRate)}% of those asked)` : ''}`,
    },
  ];
  for (const m of measures) {
    const value = m.of(overall);
    if (value !== undefined)
      facts.push({
        title: m.label,
        value: `${formatMeasure(value, m)}${changeSince(value, prev && m.of(prev), m, r.previous?.waveNumber)}`,
      });
  }
  facts.push(...choiceFacts(overall, r.survey.questions));
  return facts;
}

/** What people said, question by question, up to the view's number of comments each. */
function commentBlocks(r: SurveyResults, view: ResultsView): unknown[] {
  const items: unknown[] = [];
  for (const [questionId, comments] of Object.entries(r.latest.figures.comments)) {
    const question = r.survey.questions.find((q) => q.id === questionId);
    items.push({
      type: 'TextBlock',
      text: `What people said: ${question?.text ?? 'comments'}`,
      weight: 'Bolder',
      wrap: true,
      spacing: 'Medium',
    });
    // What people wrote is shown inert: never Markdown, never a live link.
    for (const c of comments.slice(0, view.maxComments))
      items.push({ ...inertText(`“${c}”`, { isSubtle: true }), spacing: 'Small' });
  }
  return items;
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
    fallback: {
      type: 'FactSet',
      facts: points.map((p) => ({ title: p.x, value: `${m.label} ${formatMeasure(p.y, m)}` })),
    },
  };
}

function breakdownBlock(b: Breakdown, m: Measure | undefined, k: number, questions: readonly Question[]): unknown[] {
  const facts = b.shown.map((g) => {
    const value = m?.of(g);
    return { title: `${g.group} (${g.people})`, value: value === undefined || !m ? '—' : formatMeasure(value, m) };
  });
  if (b.hidden.length > 0) {
    const n = b.hidden.length;
    facts.push({
      title: `${n} more group${n === 1 ? '' : 's'}`,
      value: `hidden: too few people to show (fewer than ${k}), or so close to a group in another breakdown that one minus the other would single people out`,
    });
  }
  return [
    {
      type: 'TextBlock',
      text: `${dimensionLabel(b.dimension, questions)}${m ? `: ${lowerFirst(m.label)}` : ''}`,
      weight: 'Bolder',
      wrap: true,
      spacing: 'Medium',
    },
    { type: 'FactSet', facts },
  ];
}
