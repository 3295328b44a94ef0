import type { Question } from '../surveys/questions';
import { commentsToShow } from './redaction';
import { BURNOUT_THRESHOLD, compileScoring, isFavourable, type PersonAnswers } from './scoring';
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
const ZERO_TO_TEN = new Set(Array.from({ length: 11 }, (_, i) => String(i)));
// Digests and result cards show a handful; the result keeps a bounded, random sample of what passed the threshold.
const MAX_COMMENTS_KEPT = 25;

/**
 * The sums behind one group's figures. Every figure has a fixed slot (worked out once per wave by `Layout`), so adding
 * a person is a few array writes, whatever the size of the wave.
 */
class Accumulator {
  people = 0;
  readonly sums: Float64Array;
  readonly counts: Uint32Array;
  readonly tallies: (Uint32Array | undefined)[];

  constructor(private readonly layout: Layout) {
    this.sums = new Float64Array(layout.slots.length);
    this.counts = new Uint32Array(layout.slots.length);
    this.tallies = new Array<Uint32Array | undefined>(layout.questions.length);
  }

  figures(): GroupFigures {
    const { slots, questions } = this.layout;
    const mean = (slot: number, scale = 1) => (this.counts[slot]! > 0 ? round((this.sums[slot]! / this.counts[slot]!) * scale) : undefined);
    const pick = (kind: Slot['kind'], scale = 1) => {
      const out: Record<string, number> = {};
      slots.forEach((s, i) => {
        const value = s.kind === kind ? mean(i, scale) : undefined;
        if (value !== undefined) out[s.name] = value;
      });
      return out;
    };
    const choices: Record<string, number[]> = {};
    const counts: Record<string, number[]> = {};
    questions.forEach((q, i) => {
      const tally = this.tallies[i];
      const total = tally?.reduce((a, b) => a + b, 0) ?? 0;
      if (!tally || total === 0) return;
      if (q.scale.kind === 'choice') choices[q.id] = [...tally].map((c) => round((100 * c) / total));
      else counts[q.id] = [...tally];
    });
    return {
      people: this.people,
      engagement: mean(ENGAGEMENT),
      themes: pick('theme'),
      burnout: mean(BURNOUT),
      burnoutShare: mean(BURNOUT_BAND, 100),
      favourable: pick('favourable', 100),
      means: pick('mean'),
      choices,
      counts,
    };
  }
}

interface Slot {
  readonly kind: 'engagement' | 'burnout' | 'band' | 'theme' | 'favourable' | 'mean';
  readonly name: string;
}
const [ENGAGEMENT, BURNOUT, BURNOUT_BAND] = [0, 1, 2];

/** Where each figure of a wave lives in an accumulator, and which answers feed it: worked out once per wave. */
class Layout {
  readonly slots: Slot[] = [
    { kind: 'engagement', name: 'engagement' },
    { kind: 'burnout', name: 'burnout' },
    { kind: 'band', name: 'burnout-band' },
  ];
  readonly themeSlot: number;
  readonly plan: { id: string; reverse: boolean; favourable?: number; mean?: number; points: number; fivePoint: boolean }[];

  constructor(
    readonly questions: readonly Question[],
    themes: readonly string[],
  ) {
    this.themeSlot = this.slots.length;
    for (const t of themes) this.slots.push({ kind: 'theme', name: t });
    this.plan = questions.map((q) => {
      const fivePoint = FIVE_POINT.has(q.scale.kind);
      const favourable = q.scale.kind === 'agreement' || q.scale.kind === 'frequency' ? this.slots.push({ kind: 'favourable', name: q.id }) - 1 : undefined;
      const mean = q.scale.kind === 'zero-to-ten' ? this.slots.push({ kind: 'mean', name: q.id }) - 1 : undefined;
      const points = fivePoint ? 5 : q.scale.kind === 'choice' ? q.scale.options.length : 0;
      return { id: q.id, reverse: q.reverse === true, favourable, mean, points, fivePoint };
    });
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
  const scoring = compileScoring(questions);
  const layout = new Layout(questions, scoring.themes);
  const overall = new Accumulator(layout);
  const cells = new Map<string, Accumulator>(); // `${dimension}:${group}`
  const comments = new Map<string, string[]>();
  const textQuestions = questions.filter((q) => q.scale.kind === 'text');
  const slotValues = new Float64Array(layout.slots.length);
  const choice = new Int32Array(questions.length);

  for await (const r of responses) {
    // Everything this person contributes is worked out once (NaN: nothing), then added to each of their groups.
    slotValues.fill(NaN);
    choice.fill(-1);
    const scores = scoring.score(r.answers);
    if (scores.engagement !== undefined) slotValues[ENGAGEMENT] = scores.engagement;
    if (scores.burnout !== undefined) {
      slotValues[BURNOUT] = scores.burnout;
      slotValues[BURNOUT_BAND] = scores.burnout >= BURNOUT_THRESHOLD ? 1 : 0;
    }
    scores.themes.forEach((v, t) => (slotValues[layout.themeSlot + t] = v));
    layout.plan.forEach((p, i) => {
      const value = r.answers[p.id];
      if (value === undefined) return;
      if (p.favourable !== undefined) {
        const fav = isFavourable(value, p.reverse);
        if (fav !== undefined) slotValues[p.favourable] = fav ? 1 : 0;
      }
      if (p.mean !== undefined && ZERO_TO_TEN.has(value)) slotValues[p.mean] = Number(value);
      if (p.points > 0) {
        const option = p.fivePoint ? Number(value) - 1 : Number(value);
        if (Number.isInteger(option) && option >= 0 && option < p.points && value.length <= 2) choice[i] = option;
      }
    });
    for (const t of [overall, cell(cells, layout, `staffGroup:${r.about.staffGroup ?? NOT_SAID_GROUP}`), cell(cells, layout, `directorate:${r.about.directorate ?? NOT_SAID_GROUP}`)]) {
      t.people++;
      for (let slot = 0; slot < slotValues.length; slot++) {
        const v = slotValues[slot]!;
        if (Number.isNaN(v)) continue;
        t.sums[slot]! += v;
        t.counts[slot]!++;
      }
      for (let i = 0; i < choice.length; i++) {
        const option = choice[i]!;
        if (option < 0) continue;
        const tally = (t.tallies[i] ??= new Uint32Array(layout.plan[i]!.points));
        tally[option]!++;
      }
    }
    for (const q of textQuestions) {
      const text = r.answers[q.id]?.trim();
      if (!text) continue;
      const list = comments.get(q.id);
      if (list) list.push(text);
      else comments.set(q.id, [text]);
    }
  }

  const responsesCount = overall.people;
  if (!isShowable(responsesCount, k)) return { responses: responsesCount, showable: false, breakdowns: [], comments: {} };

  const breakdowns = DIMENSIONS.map((dimension): Breakdown => {
    const groups = [...cells].filter(([key]) => key.startsWith(`${dimension}:`)).map(([key, acc]) => ({ key: key.slice(dimension.length + 1), acc }));
    const hidden = cellsToHide(groups.map((g) => ({ key: g.key, people: g.acc.people })), k);
    return {
      dimension,
      shown: groups.filter((g) => !hidden.has(g.key)).map((g) => ({ group: g.key, ...g.acc.figures() })).sort((a, b) => a.group.localeCompare(b.group)),
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
    overall: overall.figures(),
    breakdowns,
    comments: shownComments,
  };
}

function cell(cells: Map<string, Accumulator>, layout: Layout, key: string): Accumulator {
  let acc = cells.get(key);
  if (!acc) cells.set(key, (acc = new Accumulator(layout)));
  return acc;
}
