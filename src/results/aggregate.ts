import type { Question } from '../surveys/questions';
import { commentsToShow } from './redaction';
import { BURNOUT_THRESHOLD, burnoutScore, engagementScore, isFavourable, themeScores, type PersonAnswers } from './scoring';
import { cellsToHide, effectiveK, isShowable } from './suppression';

/** One anonymous response as stored: answers and the optional "about you" attributes. */
export interface StoredResponse {
  readonly answers: PersonAnswers;
  readonly about: Readonly<Record<string, string>>;
}

/** Figures for one group of people. Every figure here has already passed the minimum group size. */
export interface GroupFigures {
  readonly people: number;
  /** NQPS engagement, 0–10. */
  readonly engagement?: number;
  /** Theme scores, 0–10 (motivation, involvement, advocacy, belonging…). */
  readonly themes: Readonly<Record<string, number>>;
  /** CBI work-related burnout, 0–100, and the share of people scoring 50 or more. */
  readonly burnout?: number;
  readonly burnoutShare?: number;
  /** % favourable per agreement/frequency question. */
  readonly favourable: Readonly<Record<string, number>>;
  /** Mean per 0–10 question. */
  readonly means: Readonly<Record<string, number>>;
  /** % choosing each option, per single-choice question. */
  readonly choices: Readonly<Record<string, readonly number[]>>;
  /** How many chose each point, per five-point question (least to most): what the NQPS return asks for. */
  readonly counts: Readonly<Record<string, readonly number[]>>;
}

/** A one-dimension breakdown (never crossed with another): shown groups with figures, hidden ones named only. */
export interface Breakdown {
  readonly dimension: 'staffGroup' | 'directorate';
  readonly shown: readonly (GroupFigures & { readonly group: string })[];
  readonly hidden: readonly string[];
}

/** The privacy-safe result of a closed wave: what may be shown, and nothing else. */
export interface WaveFigures {
  readonly responses: number;
  /** False when fewer than k people answered: then nothing else is filled in. */
  readonly showable: boolean;
  readonly responseRate?: number;
  readonly overall?: GroupFigures;
  readonly breakdowns: readonly Breakdown[];
  /** Redacted, shuffled comments per free-text question, only where at least `kComments` people wrote one. */
  readonly comments: Readonly<Record<string, readonly string[]>>;
}

/** Group label for people who chose "prefer not to say" (a group like any other for suppression). */
export const NOT_SAID_GROUP = 'Not said';
const DIMENSIONS = ['staffGroup', 'directorate'] as const;
const FIVE_POINT = new Set(['frequency', 'agreement', 'cbi-frequency', 'cbi-degree']);
// Digests and result cards show a handful; the result keeps a bounded, random sample of what passed the threshold.
const MAX_COMMENTS_KEPT = 25;

class Accumulator {
  people = 0;
  private readonly sums = new Map<string, { sum: number; n: number }>();
  private readonly choiceCounts = new Map<string, number[]>();

  add(key: string, value: number | undefined): void {
    if (value === undefined) return;
    const s = this.sums.get(key) ?? { sum: 0, n: 0 };
    s.sum += value;
    s.n++;
    this.sums.set(key, s);
  }

  choose(questionId: string, option: number, options: number): void {
    const counts = this.choiceCounts.get(questionId) ?? new Array<number>(options).fill(0);
    counts[option] = (counts[option] ?? 0) + 1;
    this.choiceCounts.set(questionId, counts);
  }

  figures(questions: readonly Question[]): GroupFigures {
    const raw = (key: string) => {
      const s = this.sums.get(key);
      return s && s.n > 0 ? s.sum / s.n : undefined;
    };
    const mean = (key: string, scale = 1) => {
      const m = raw(key);
      return m === undefined ? undefined : round(m * scale);
    };
    const pick = (prefix: string, scale = 1) => Object.fromEntries([...this.sums.keys()].filter((k) => k.startsWith(prefix)).map((k) => [k.slice(prefix.length), mean(k, scale)!]));
    const choices: Record<string, number[]> = {};
    const counts: Record<string, number[]> = {};
    for (const q of questions) {
      const tally = this.choiceCounts.get(q.id);
      const total = tally?.reduce((a, b) => a + b, 0) ?? 0;
      if (!tally || total === 0) continue;
      if (q.scale.kind === 'choice') choices[q.id] = tally.map((c) => round((100 * c) / total));
      else counts[q.id] = [...tally];
    }
    const favourable = pick('fav:', 100);
    const burnoutShare = mean('burnout-band', 100);
    return {
      people: this.people,
      engagement: mean('engagement'),
      themes: pick('theme:'),
      burnout: mean('burnout'),
      burnoutShare,
      favourable,
      means: pick('mean:'),
      choices,
      counts,
    };
  }
}

const round = (x: number) => Math.round(x * 10) / 10;

/**
 * Aggregates a closed wave's responses in one pass, then applies the privacy rules: nothing under `k`, secondary
 * suppression in each breakdown, one dimension at a time, comments only at `kComments` or more. The result holds
 * only figures that may be shown; it is safe to store and to send.
 */
export async function aggregateWave(
  questions: readonly Question[],
  responses: AsyncIterable<StoredResponse> | Iterable<StoredResponse>,
  options: { recipients: number; k: number; kComments: number },
): Promise<WaveFigures> {
  const k = effectiveK(options.k);
  const overall = new Accumulator();
  const cells = new Map<string, Accumulator>(); // `${dimension}:${group}`
  const comments = new Map<string, string[]>();
  const textQuestions = questions.filter((q) => q.scale.kind === 'text');

  for await (const r of responses) {
    const targets = [overall, ...DIMENSIONS.map((d) => cell(cells, `${d}:${r.about[d] ?? NOT_SAID_GROUP}`))];
    const themes = themeScores(questions, r.answers);
    const engagement = engagementScore(themes);
    const burnout = burnoutScore(questions, r.answers);
    for (const t of targets) {
      t.people++;
      t.add('engagement', engagement);
      for (const [theme, score] of themes) t.add(`theme:${theme}`, score);
      t.add('burnout', burnout);
      t.add('burnout-band', burnout === undefined ? undefined : burnout >= BURNOUT_THRESHOLD ? 1 : 0);
      for (const q of questions) {
        const value = r.answers[q.id];
        if (value === undefined) continue;
        if (q.scale.kind === 'agreement' || q.scale.kind === 'frequency') {
          const fav = isFavourable(value, q.reverse);
          t.add(`fav:${q.id}`, fav === undefined ? undefined : fav ? 1 : 0);
        }
        if (FIVE_POINT.has(q.scale.kind) && /^[1-5]$/.test(value)) t.choose(q.id, Number(value) - 1, 5); else if (q.scale.kind === 'zero-to-ten' && /^(10|[0-9])$/.test(value)) t.add(`mean:${q.id}`, Number(value));
        else if (q.scale.kind === 'choice' && /^\d+$/.test(value) && Number(value) < q.scale.options.length) t.choose(q.id, Number(value), q.scale.options.length);
      }
    }
    for (const q of textQuestions) {
      const text = r.answers[q.id]?.trim();
      if (text) comments.set(q.id, [...(comments.get(q.id) ?? []), text]);
    }
  }

  const responsesCount = overall.people;
  if (!isShowable(responsesCount, k)) return { responses: responsesCount, showable: false, breakdowns: [], comments: {} };

  const breakdowns = DIMENSIONS.map((dimension): Breakdown => {
    const groups = [...cells].filter(([key]) => key.startsWith(`${dimension}:`)).map(([key, acc]) => ({ key: key.slice(dimension.length + 1), acc }));
    const hidden = cellsToHide(groups.map((g) => ({ key: g.key, people: g.acc.people })), k);
    return {
      dimension,
      shown: groups.filter((g) => !hidden.has(g.key)).map((g) => ({ group: g.key, ...g.acc.figures(questions) })).sort((a, b) => a.group.localeCompare(b.group)),
      hidden: [...hidden].sort(),
    };
  }).filter((b) => b.hidden.length > 0 || b.shown.some((s) => s.group !== NOT_SAID_GROUP)); // nobody declared it: nothing to say

  const shownComments = Object.fromEntries(
    [...comments].map(([q, texts]) => [q, commentsToShow(texts, options.kComments).slice(0, MAX_COMMENTS_KEPT)] as const).filter(([, texts]) => texts.length > 0),
  );
  return {
    responses: responsesCount,
    showable: true,
    ...(options.recipients > 0 ? { responseRate: round((100 * responsesCount) / Math.max(options.recipients, responsesCount)) } : {}),
    overall: overall.figures(questions),
    breakdowns,
    comments: shownComments,
  };
}

function cell(cells: Map<string, Accumulator>, key: string): Accumulator {
  let acc = cells.get(key);
  if (!acc) cells.set(key, (acc = new Accumulator()));
  return acc;
}
