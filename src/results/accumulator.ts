import type { Question } from '../surveys';
import type { GroupFigures } from './figures';

/** The population of a group's count and of every figure about all of its people. */
export const PEOPLE = 'people';
/** The population of one slot's figure: the people with that score or answer (k is checked on them). */
export const slotPopulation = (slot: number) => `slot:${slot}`;
/** The population of one question's counts or "% choosing": the people who answered it. */
export const tallyPopulation = (question: number) => `tally:${question}`;

/** One figure's place in an accumulator: a score, a theme, or one question's % favourable or mean. */
export interface Slot {
  readonly kind: 'engagement' | 'burnout' | 'band' | 'theme' | 'favourable' | 'mean';
  readonly name: string;
}
/** The fixed slots every layout starts with. */
export const [ENGAGEMENT, BURNOUT, BURNOUT_BAND] = [0, 1, 2];

const FIVE_POINT = new Set(['frequency', 'agreement', 'cbi-frequency', 'cbi-degree']);

/** Where each figure of a wave lives in an accumulator, and which answers feed it: worked out once per wave. */
export class Layout {
  readonly slots: Slot[] = [
    { kind: 'engagement', name: 'engagement' },
    { kind: 'burnout', name: 'burnout' },
    { kind: 'band', name: 'burnout-band' },
  ];
  readonly themeSlot: number;
  readonly plan: {
    id: string;
    reverse: boolean;
    favourable?: number;
    mean?: number;
    points: number;
    fivePoint: boolean;
  }[];

  constructor(
    /** The questions that have figures of their own (not free text, not questions that describe the person). */
    readonly questions: readonly Question[],
    themes: readonly string[],
  ) {
    this.themeSlot = this.slots.length;
    for (const t of themes) this.slots.push({ kind: 'theme', name: t });
    this.plan = questions.map((q) => {
      const fivePoint = FIVE_POINT.has(q.scale.kind);
      const favourable =
        q.scale.kind === 'agreement' || q.scale.kind === 'frequency'
          ? this.slots.push({ kind: 'favourable', name: q.id }) - 1
          : undefined;
      const mean = q.scale.kind === 'zero-to-ten' ? this.slots.push({ kind: 'mean', name: q.id }) - 1 : undefined;
      const points = fivePoint ? 5 : q.scale.kind === 'choice' ? q.scale.options.length : 0;
      return { id: q.id, reverse: q.reverse === true, favourable, mean, points, fivePoint };
    });
  }

  /** Every population a figure can be about, besides `people`. */
  populations(): string[] {
    return [
      ...this.slots.map((_, i) => slotPopulation(i)),
      ...this.plan.flatMap((p, i) => (p.points > 0 ? [tallyPopulation(i)] : [])),
    ];
  }
}

/**
 * The sums behind one block's (or group's) figures. Every figure has a fixed slot, so adding a person is a few array
 * writes, whatever the size of the wave; a group's sums are its blocks' sums added up.
 */
export class Accumulator {
  people = 0;
  readonly sums: Float64Array;
  readonly counts: Uint32Array;
  readonly tallies: (Uint32Array | undefined)[];

  constructor(private readonly layout: Layout) {
    this.sums = new Float64Array(layout.slots.length);
    this.counts = new Uint32Array(layout.slots.length);
    this.tallies = new Array<Uint32Array | undefined>(layout.questions.length);
  }

  /** One person: a value per slot (NaN where they have none) and a chosen point per question (−1 for none). */
  addPerson(slotValues: Float64Array, choice: Int32Array): void {
    this.people++;
    for (let slot = 0; slot < slotValues.length; slot++) {
      const v = slotValues[slot]!;
      if (Number.isNaN(v)) continue;
      this.sums[slot]! += v;
      this.counts[slot]!++;
    }
    for (let i = 0; i < choice.length; i++) {
      const option = choice[i]!;
      if (option < 0) continue;
      const tally = (this.tallies[i] ??= new Uint32Array(this.layout.plan[i]!.points));
      tally[option]!++;
    }
  }

  /** Adds another accumulator's sums (a block's, into its group). */
  addAll(other: Accumulator): void {
    this.people += other.people;
    for (let slot = 0; slot < this.sums.length; slot++) {
      this.sums[slot]! += other.sums[slot]!;
      this.counts[slot]! += other.counts[slot]!;
    }
    other.tallies.forEach((tally, i) => {
      if (!tally) return;
      const mine = (this.tallies[i] ??= new Uint32Array(tally.length));
      tally.forEach((c, j) => (mine[j]! += c));
    });
  }

  /** How many people a population holds here: everyone, a slot's contributors, or a question's answerers. */
  sizeOf(population: string): number {
    if (population === PEOPLE) return this.people;
    const [kind, index] = population.split(':') as [string, string];
    if (kind === 'slot') return this.counts[Number(index)]!;
    return this.tallies[Number(index)]?.reduce((a, b) => a + b, 0) ?? 0;
  }

  /** The figures, keeping only those whose population `shown` allows (the privacy rules decided that). */
  figures(shown: (population: string) => boolean): GroupFigures {
    const { slots, questions } = this.layout;
    const mean = (slot: number, scale = 1) =>
      this.counts[slot]! > 0 && shown(slotPopulation(slot))
        ? round((this.sums[slot]! / this.counts[slot]!) * scale)
        : undefined;
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
      if (!tally || total === 0 || !shown(tallyPopulation(i))) return;
      if (q.scale.kind === 'choice') choices[q.id] = [...tally].map((c) => round((100 * c) / total));
      else counts[q.id] = [...tally];
    });
    return {
      people: this.people,
      ...defined('engagement', mean(ENGAGEMENT)),
      themes: pick('theme'),
      ...defined('burnout', mean(BURNOUT)),
      ...defined('burnoutShare', mean(BURNOUT_BAND, 100)),
      favourable: pick('favourable', 100),
      means: pick('mean'),
      choices,
      counts,
    };
  }
}

const round = (x: number) => Math.round(x * 10) / 10;
const defined = <K extends string>(key: K, value: number | undefined) =>
  value === undefined ? {} : ({ [key]: value } as Record<K, number>);
