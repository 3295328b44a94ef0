import type { Question } from '../surveys/questions';

/**
 * NHS scoring, as pure functions over one person's answers (question id → the value the card sent).
 * Sources and the reasoning for each rule are in docs/results.md.
 */
export type PersonAnswers = Readonly<Record<string, string>>;

const FIVE_POINT = new Set(['frequency', 'agreement', 'cbi-frequency', 'cbi-degree']);

/** A five-point answer ('1'..'5') as 0, 2.5, 5, 7.5, 10: the NHS Staff Survey's theme scoring. */
export function tenPointScore(value: string | undefined, reverse = false): number | undefined {
  const v = fivePoint(value);
  if (v === undefined) return undefined;
  return (reverse ? 5 - v : v - 1) * 2.5;
}

/** A CBI answer ('1'..'5') as 0, 25, 50, 75, 100; item 7 ("enough energy for family and friends") reversed. */
export function cbiScore(value: string | undefined, reverse = false): number | undefined {
  const v = fivePoint(value);
  if (v === undefined) return undefined;
  return (reverse ? 5 - v : v - 1) * 25;
}

function fivePoint(value: string | undefined): number | undefined {
  if (value === undefined || !/^[1-5]$/.test(value)) return undefined;
  return Number(value);
}

const mean = (xs: readonly number[]): number | undefined => (xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * One person's theme scores on 0–10: the mean of their answered five-point items in each theme (CBI items are
 * scored on their own scale, by `burnoutScore`). Themes they answered nothing in are absent.
 */
export function themeScores(questions: readonly Question[], answers: PersonAnswers): Map<string, number> {
  const byTheme = new Map<string, number[]>();
  for (const q of questions) {
    if (!q.theme || !FIVE_POINT.has(q.scale.kind) || q.scale.kind.startsWith('cbi')) continue;
    const score = tenPointScore(answers[q.id], q.reverse);
    if (score === undefined) continue;
    byTheme.set(q.theme, [...(byTheme.get(q.theme) ?? []), score]);
  }
  return new Map([...byTheme].map(([theme, scores]) => [theme, mean(scores)!]));
}

/** The NQPS engagement sub-themes; the engagement score is the mean of a person's sub-theme scores. */
export const ENGAGEMENT_THEMES = ['motivation', 'involvement', 'advocacy'] as const;

/** One person's engagement score on 0–10, if they answered any engagement item. */
export function engagementScore(themes: ReadonlyMap<string, number>): number | undefined {
  return mean(ENGAGEMENT_THEMES.flatMap((t) => (themes.has(t) ? [themes.get(t)!] : [])));
}

/**
 * One person's CBI work-related burnout score on 0–100: the mean of their answered CBI items, counted only when at
 * least half of the survey's CBI items are answered (the CBI convention).
 */
export function burnoutScore(questions: readonly Question[], answers: PersonAnswers): number | undefined {
  const items = questions.filter((q) => q.scale.kind === 'cbi-frequency' || q.scale.kind === 'cbi-degree');
  const scores = items.flatMap((q) => {
    const s = cbiScore(answers[q.id], q.reverse);
    return s === undefined ? [] : [s];
  });
  if (items.length === 0 || scores.length * 2 < items.length) return undefined;
  return mean(scores);
}

/** Scores of 50 or more read as burnout (a common reading of the CBI, not a formal cut-off: see docs/results.md). */
export const BURNOUT_THRESHOLD = 50;

/** True when an agreement or frequency answer is favourable: the top two (or, for a reverse item, the bottom two). */
export function isFavourable(value: string | undefined, reverse = false): boolean | undefined {
  const v = fivePoint(value);
  if (v === undefined) return undefined;
  return reverse ? v <= 2 : v >= 4;
}
