import { describesPerson, type Question } from '../surveys';
import { Accumulator, BURNOUT, BURNOUT_BAND, ENGAGEMENT, Layout } from './accumulator';
import type { Breakdown, GroupFigures, WaveFigures } from './figures';
import type { Group } from './overlap';
import { decidePublication } from './publication';
import { commentsToShow } from './redaction';
import { BURNOUT_THRESHOLD, compileScoring, isFavourable, type PersonAnswers } from './scoring';
import { effectiveK, isShowable } from './suppression';

export type { GroupFigures, WaveFigures } from './figures';

/** One anonymous response as stored: answers and the optional "about you" attributes. */
export interface StoredResponse {
  readonly answers: PersonAnswers;
  readonly about: Readonly<Record<string, string>>;
}

/** Group label for people who chose "prefer not to say" (a group like any other for suppression). */
export const NOT_SAID_GROUP = 'Not said';
const EVERYONE = 'everyone';
const ZERO_TO_TEN = new Set(Array.from({ length: 11 }, (_, i) => String(i)));
// Digests and result cards show a handful; the result keeps a bounded, random sample of what passed the threshold.
const MAX_COMMENTS_KEPT = 25;

/** A breakdown: "about you" (staff group, directorate) or a custom question that describes the person. */
interface Dimension {
  readonly key: string;
  /** The person's group in it, or undefined for "prefer not to say". */
  readonly groupOf: (r: StoredResponse) => string | undefined;
}

function dimensionsOf(questions: readonly Question[]): Dimension[] {
  return [
    { key: 'staffGroup', groupOf: (r) => r.about.staffGroup },
    { key: 'directorate', groupOf: (r) => r.about.directorate },
    ...questions
      .filter(describesPerson)
      .map((q): Dimension => ({ key: q.id, groupOf: (r) => optionOf(q.scale.options, r.answers[q.id]) })),
  ];
}

const optionOf = (options: readonly string[], value: string | undefined) =>
  value !== undefined && /^\d{1,2}$/.test(value) ? options[Number(value)] : undefined;

/**
 * Aggregates a closed wave's responses in one pass, then applies the privacy rules: nothing under `k` (per group, and
 * per figure for the people that figure is about), secondary suppression in each breakdown, overlap protection
 * across breakdowns, one dimension at a time, comments only at `kComments` or more. The result holds only figures
 * that may be shown; it is safe to store and to send.
 *
 * The pass adds each person to one block: the people who share a group in every breakdown. Every group's figures
 * are sums of its blocks, and the blocks are what overlap protection reasons about.
 */
export async function aggregateWave(
  questions: readonly Question[],
  responses: AsyncIterable<StoredResponse> | Iterable<StoredResponse>,
  options: {
    recipients: number;
    k: number;
    kComments: number;
    /**
     * Every group each breakdown offered people (by dimension key: `staffGroup`, `directorate`, a describing question's
     * id). A breakdown lists as hidden every offered group it does not show, chosen or not, so its hidden list says
     * nothing about whether anyone from a small group answered.
     */
    offered?: Readonly<Record<string, readonly string[]>>;
  },
): Promise<WaveFigures> {
  const k = effectiveK(options.k);
  const measured = questions.filter((q) => !describesPerson(q));
  const scoring = compileScoring(measured);
  const layout = new Layout(measured, scoring.themes);
  const dimensions = dimensionsOf(questions);
  const textQuestions = questions.filter((q) => q.scale.kind === 'text');
  const { blockList, cells, comments } = await tallyBlocks(responses, { scoring, layout, dimensions, textQuestions });
  const responsesCount = blockList.reduce((n, b) => n + b.acc.people, 0);
  if (!isShowable(responsesCount, k))
    return { responses: responsesCount, showable: false, breakdowns: [], comments: {} };

  const published = publishFigures(blockList, cells, dimensions, layout, k);
  const { overall } = published;
  const breakdowns = published.breakdowns.map((b) => withEveryOfferedHidden(b, options.offered?.[b.dimension]));
  const shownComments = Object.fromEntries(
    [...comments]
      .map(([q, texts]) => [q, commentsToShow(texts, options.kComments).slice(0, MAX_COMMENTS_KEPT)] as const)
      .filter(([, texts]) => texts.length > 0),
  );
  return {
    responses: responsesCount,
    showable: true,
    ...(options.recipients > 0
      ? { responseRate: Math.round(((100 * responsesCount) / Math.max(options.recipients, responsesCount)) * 10) / 10 }
      : {}),
    overall,
    breakdowns,
    comments: shownComments,
  };
}

/** People who share a group in every breakdown, with the sums of what they answered. */
interface Block {
  readonly cells: number[];
  readonly acc: Accumulator;
}

/** The one pass over the responses: each person added to their block, and the comments collected. */
async function tallyBlocks(
  responses: AsyncIterable<StoredResponse> | Iterable<StoredResponse>,
  wave: {
    scoring: ReturnType<typeof compileScoring>;
    layout: Layout;
    dimensions: readonly Dimension[];
    textQuestions: readonly Question[];
  },
): Promise<{ blockList: Block[]; cells: Map<string, number>[]; comments: Map<string, string[]> }> {
  const { scoring, layout, dimensions, textQuestions } = wave;
  const cells = dimensions.map(() => new Map<string, number>([[NOT_SAID_GROUP, 0]])); // group label → index, per dimension
  const blocks = new Map<string, Block>();
  const comments = new Map<string, string[]>();
  const slotValues = new Float64Array(layout.slots.length);
  const choice = new Int32Array(layout.plan.length);
  const cellOf = new Array<number>(dimensions.length);

  for await (const r of responses) {
    // Everything this person contributes is worked out once (NaN: nothing), then added to their block.
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
    dimensions.forEach((d, i) => {
      const label = d.groupOf(r) ?? NOT_SAID_GROUP;
      const known = cells[i]!.get(label);
      cellOf[i] = known ?? cells[i]!.set(label, cells[i]!.size).size - 1;
    });
    const key = cellOf.join(',');
    let block = blocks.get(key);
    if (!block) blocks.set(key, (block = { cells: [...cellOf], acc: new Accumulator(layout) }));
    block.acc.addPerson(slotValues, choice);
    for (const q of textQuestions) {
      const text = r.answers[q.id]?.trim();
      if (!text) continue;
      const list = comments.get(q.id);
      if (list) list.push(text);
      else comments.set(q.id, [text]);
    }
  }
  return { blockList: [...blocks.values()], cells, comments };
}

/** The figures that may be shown: everyone's, and each declared breakdown's groups after suppression and overlap. */
function publishFigures(
  blockList: readonly Block[],
  cells: readonly Map<string, number>[],
  dimensions: readonly Dimension[],
  layout: Layout,
  k: number,
): { overall: GroupFigures; breakdowns: Breakdown[] } {
  // A breakdown nobody declared (everyone "not said") says nothing and is left out.
  const declared = dimensions.flatMap((d, i) => (cells[i]!.size > 1 ? [{ d, i }] : []));
  const groups: (Group & { label: string })[] = [{ id: EVERYONE, label: EVERYONE, blocks: blockList.map((_, b) => b) }];
  for (const { d, i } of declared) {
    for (const [label, cell] of cells[i]!) {
      const members = blockList.flatMap((b, index) => (b.cells[i] === cell ? [index] : []));
      if (members.length > 0) groups.push({ id: `${d.key}\u001f${label}`, dimension: d.key, label, blocks: members });
    }
  }
  const publication = decidePublication(
    blockList.map((b) => b.acc),
    groups,
    layout.populations(),
    k,
  );
  const figuresOf = (group: Group): GroupFigures => {
    const sum = new Accumulator(layout);
    for (const b of group.blocks) sum.addAll(blockList[b]!.acc);
    return sum.figures((population) => publication.shows(group.id, population));
  };

  const breakdowns = declared.map(({ d }): Breakdown => {
    const own = groups.filter((g) => g.dimension === d.key).sort((a, b) => a.label.localeCompare(b.label));
    return {
      dimension: d.key,
      shown: own.filter((g) => !publication.hiddenGroups.has(g.id)).map((g) => ({ group: g.label, ...figuresOf(g) })),
      hidden: own.filter((g) => publication.hiddenGroups.has(g.id)).map((g) => g.label),
    };
  });
  return { overall: figuresOf(groups[0]!), breakdowns };
}

/**
 * A breakdown whose hidden list also names every offered group it does not show, whether or not anyone chose it:
 * otherwise the list would say that someone from a group of one to k−1 people answered.
 */
export function withEveryOfferedHidden(b: Breakdown, offered: readonly string[] | undefined): Breakdown {
  if (!offered) return b;
  const shown = new Set(b.shown.map((g) => g.group));
  const hidden = new Set([...b.hidden, ...offered.filter((label) => !shown.has(label))]);
  return { ...b, hidden: [...hidden].sort((x, y) => x.localeCompare(y)) };
}
