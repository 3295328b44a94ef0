import type { Question } from '../surveys';

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

/** The NQPS engagement sub-themes; the engagement score is the mean of a person's sub-theme scores. */
export const ENGAGEMENT_THEMES = ['motivation', 'involvement', 'advocacy'] as const;

/** One person's scores: theme means on 0–10 (NaN where they answered nothing), engagement 0–10 and CBI 0–100. */
export interface PersonScores {
  readonly themes: Float64Array;
  readonly engagement?: number;
  readonly burnout?: number;
}

const FIVE: Readonly<Record<string, number>> = { '1': 1, '2': 2, '3': 3, '4': 4, '5': 5 };

/**
 * Compiles a survey's scoring once, so that scoring each person is a loop over plain arrays (a closed wave can
 * hold tens of thousands of responses). `themes` names the entries of `PersonScores.themes`.
 *
 * - Theme scores: the mean of a person's answered five-point items in each theme, each scored 0, 2.5, 5, 7.5, 10
 *   (reverse items the other way round). CBI items are not themes: they make the burnout score.
 * - Engagement: the mean of the person's NQPS sub-theme scores (motivation, involvement, advocacy) they have.
 * - Burnout: the mean of their CBI item scores (0, 25, 50, 75, 100; item 7 reversed), only when at least half the
 *   survey's CBI items are answered (the CBI convention).
 */
export function compileScoring(questions: readonly Question[]): {
  themes: readonly string[];
  score(answers: PersonAnswers): PersonScores;
} {
  const themes: string[] = [];
  const themed: { id: string; theme: number; reverse: boolean }[] = [];
  const cbi: { id: string; reverse: boolean }[] = [];
  for (const q of questions) {
    if (q.scale.kind === 'cbi-frequency' || q.scale.kind === 'cbi-degree')
      cbi.push({ id: q.id, reverse: q.reverse === true });
    else if (q.theme && FIVE_POINT.has(q.scale.kind)) {
      if (!themes.includes(q.theme)) themes.push(q.theme);
      themed.push({ id: q.id, theme: themes.indexOf(q.theme), reverse: q.reverse === true });
    }
  }
  const engagementThemes = ENGAGEMENT_THEMES.map((t) => themes.indexOf(t)).filter((i) => i >= 0);
  const sums = new Float64Array(themes.length);
  const counts = new Uint32Array(themes.length);
  return {
    themes,
    score(answers) {
      sums.fill(0);
      counts.fill(0);
      for (const item of themed) {
        const v = FIVE[answers[item.id] ?? ''];
        if (v === undefined) continue;
        sums[item.theme]! += (item.reverse ? 5 - v : v - 1) * 2.5;
        counts[item.theme]!++;
      }
      const themeMeans = new Float64Array(themes.length);
      for (let t = 0; t < themes.length; t++) themeMeans[t] = counts[t]! > 0 ? sums[t]! / counts[t]! : NaN;
      let engagementSum = 0;
      let engagementN = 0;
      for (const t of engagementThemes) {
        if (!Number.isNaN(themeMeans[t]!)) {
          engagementSum += themeMeans[t]!;
          engagementN++;
        }
      }
      let cbiSum = 0;
      let cbiN = 0;
      for (const item of cbi) {
        const v = FIVE[answers[item.id] ?? ''];
        if (v === undefined) continue;
        cbiSum += (item.reverse ? 5 - v : v - 1) * 25;
        cbiN++;
      }
      return {
        themes: themeMeans,
        ...(engagementN > 0 ? { engagement: engagementSum / engagementN } : {}),
        ...(cbi.length > 0 && cbiN * 2 >= cbi.length ? { burnout: cbiSum / cbiN } : {}),
      };
    },
  };
}

/** One person's theme scores on 0–10 (themes they answered nothing in are absent). */
export function themeScores(questions: readonly Question[], answers: PersonAnswers): Map<string, number> {
  const { themes, score } = compileScoring(questions);
  const values = score(answers).themes;
  return new Map(themes.flatMap((t, i) => (Number.isNaN(values[i]!) ? [] : [[t, values[i]!] as const])));
}

/** One person's engagement score on 0–10, from their theme scores, if they answered any engagement item. */
export function engagementScore(themes: ReadonlyMap<string, number>): number | undefined {
  const scores = ENGAGEMENT_THEMES.flatMap((t) => (themes.has(t) ? [themes.get(t)!] : []));
  return scores.length === 0 ? undefined : scores.reduce((a, b) => a + b, 0) / scores.length;
}

/** One person's CBI work-related burnout score on 0–100 (see `compileScoring`). */
export function burnoutScore(questions: readonly Question[], answers: PersonAnswers): number | undefined {
  return compileScoring(questions).score(answers).burnout;
}

/** Scores of 50 or more read as burnout (a common reading of the CBI, not a formal cut-off: see docs/results.md). */
export const BURNOUT_THRESHOLD = 50;

/** True when an agreement or frequency answer is favourable: the top two (or, for a reverse item, the bottom two). */
export function isFavourable(value: string | undefined, reverse = false): boolean | undefined {
  const v = fivePoint(value);
  if (v === undefined) return undefined;
  return reverse ? v <= 2 : v >= 4;
}
