import { describesPerson, type Question } from '../surveys';
import type { GroupFigures, HeadlineFigures } from './figures';

const THEME_LABELS: Readonly<Record<string, string>> = {
  motivation: 'Motivation',
  involvement: 'Involvement',
  advocacy: 'Advocacy',
};

/** Movements at least this big are called out: 5 points on a 0–100 scale, 0.5 on a 0–10 scale. */
export const NOTABLE = { hundred: 5, ten: 0.5 } as const;

/** One figure leaders read for a group (a score, a share, a question's mean), with its scale and unit. */
export interface Measure {
  /** Names the measure in a survey's figures (`engagement`, `theme:belonging`, `favourable:<question id>` …). */
  readonly key: string;
  readonly label: string;
  /** Reads the figure from a group's figures (or from a team's movement, which has the same shape). */
  readonly of: (g: HeadlineFigures) => number | undefined;
  readonly scale: 10 | 100;
  readonly unit: string;
  /** True when a rise is bad news (burnout). */
  readonly higherIsWorse?: boolean;
}

/**
 * The measures a survey has, in the order leaders read them: the headline scores, then each question that is not part
 * of a score (a custom agree/disagree or 0 to 10 question).
 */
export function measuresOf(figures: GroupFigures, questions: readonly Question[]): Measure[] {
  const out: Measure[] = [];
  if (figures.engagement !== undefined)
    out.push({ key: 'engagement', label: 'Engagement', of: (g) => g.engagement, scale: 10, unit: '/10' });
  for (const theme of Object.keys(figures.themes))
    out.push({
      key: `theme:${theme}`,
      label: THEME_LABELS[theme] ?? capitalise(theme),
      of: (g) => g.themes[theme],
      scale: 10,
      unit: '/10',
    });
  if (figures.burnout !== undefined) {
    out.push({
      key: 'burnout',
      label: 'Work-related burnout',
      of: (g) => g.burnout,
      scale: 100,
      unit: '/100',
      higherIsWorse: true,
    });
    out.push({
      key: 'burnoutShare',
      label: 'Scoring as burnt out (50+)',
      of: (g) => g.burnoutShare,
      scale: 100,
      unit: '%',
      higherIsWorse: true,
    });
  }
  for (const q of ownQuestions(questions)) {
    if (q.scale.kind === 'agreement' || q.scale.kind === 'frequency')
      out.push({
        key: `favourable:${q.id}`,
        label: `% favourable: ${q.text}`,
        of: (g) => g.favourable[q.id],
        scale: 100,
        unit: '%',
      });
    if (q.scale.kind === 'zero-to-ten')
      out.push({ key: `mean:${q.id}`, label: q.text, of: (g) => g.means[q.id], scale: 10, unit: '/10' });
  }
  return out;
}

/** Questions reported on their own: not part of a theme or the burnout score, not free text, not about the person. */
const ownQuestions = (questions: readonly Question[]) =>
  questions.filter((q) => !q.theme && !describesPerson(q) && q.scale.kind !== 'text');

/** "Days 40%, Nights 35%, Long days 25%" for a single-choice question, when its figures are shown. */
export function choiceFacts(figures: GroupFigures, questions: readonly Question[]): { title: string; value: string }[] {
  return ownQuestions(questions).flatMap((q) => {
    const shares = figures.choices[q.id];
    if (q.scale.kind !== 'choice' || !shares) return [];
    return [{ title: q.text, value: q.scale.options.map((o, i) => `${o} ${Math.round(shares[i] ?? 0)}%`).join(', ') }];
  });
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/-/g, ' ');

/** "7.2/10" or "34%": one decimal on a 0–10 scale, whole numbers on a 0–100 one. */
export const formatMeasure = (value: number, m: Measure) =>
  `${m.scale === 10 ? value.toFixed(1) : Math.round(value)}${m.unit}`;

/** " (+0.3 since wave 2)", " (no change since wave 2)", or nothing without a comparable previous wave. */
export function changeSince(
  latest: number | undefined,
  previous: number | undefined,
  m: Measure,
  previousWave: number | undefined,
): string {
  if (latest === undefined || previous === undefined || previousWave === undefined) return '';
  const delta = latest - previous;
  if (Math.abs(delta) < (m.scale === 10 ? 0.05 : 0.5)) return ` (no change since wave ${previousWave})`;
  return ` (${delta > 0 ? '+' : '−'}${m.scale === 10 ? Math.abs(delta).toFixed(1) : Math.round(Math.abs(delta))} since wave ${previousWave})`;
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
    out.push(
      `${m.label} ${delta > 0 ? 'up' : 'down'} from ${formatMeasure(before, m)} to ${formatMeasure(now, m)}${worse ? ': worth a closer look' : ''}`,
    );
  }
  return out;
}
