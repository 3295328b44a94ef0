import type { Question } from '../surveys';
import { Accumulator, BURNOUT, BURNOUT_BAND, ENGAGEMENT, type Layout } from './accumulator';
import { BURNOUT_THRESHOLD, isFavourable, type compileScoring, type PersonAnswers } from './scoring';

/** One anonymous response as stored: answers, the optional "about you" attributes, and the team it came through. */
export interface StoredResponse {
  readonly answers: PersonAnswers;
  readonly about: Readonly<Record<string, string>>;
  /** The team (a team id) the person's card was sent through, in a wave sent to teams; absent otherwise. */
  readonly team?: string;
}

/** Group label for people who chose "prefer not to say" (a group like any other for suppression). */
export const NOT_SAID_GROUP = 'Not said';
const ZERO_TO_TEN = new Set(Array.from({ length: 11 }, (_, i) => String(i)));

/** A breakdown: "about you" (staff group, directorate), the team, or a custom question that describes the person. */
export interface Dimension {
  readonly key: string;
  /** The person's group in it, or undefined for "prefer not to say" (for the team: asked through none). */
  readonly groupOf: (r: StoredResponse) => string | undefined;
}

/** People who share a group in every breakdown, with the sums of what they answered. */
export interface Block {
  readonly cells: number[];
  readonly acc: Accumulator;
}

/** What the pass keeps of each team apart from its blocks: its people and their comments, per free-text question. */
export interface TeamPart {
  people: number;
  readonly comments: Map<string, string[]>;
}

/** The one pass over the responses: each person added to their block, and the comments collected. */
export async function tallyBlocks(
  responses: AsyncIterable<StoredResponse> | Iterable<StoredResponse>,
  wave: {
    scoring: ReturnType<typeof compileScoring>;
    layout: Layout;
    dimensions: readonly Dimension[];
    textQuestions: readonly Question[];
  },
): Promise<{
  blockList: Block[];
  cells: Map<string, number>[];
  comments: Map<string, string[]>;
  teams: Map<string, TeamPart>;
}> {
  const { scoring, layout, dimensions, textQuestions } = wave;
  const cells = dimensions.map(() => new Map<string, number>([[NOT_SAID_GROUP, 0]])); // group label → index, per dimension
  const blocks = new Map<string, Block>();
  const comments = new Map<string, string[]>();
  const teams = new Map<string, TeamPart>();
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
    let team: TeamPart | undefined;
    if (r.team !== undefined) {
      team = teams.get(r.team);
      if (!team) teams.set(r.team, (team = { people: 0, comments: new Map() }));
      team.people++;
    }
    for (const q of textQuestions) {
      const text = r.answers[q.id]?.trim();
      if (!text) continue;
      pushTo(comments, q.id, text);
      if (team) pushTo(team.comments, q.id, text);
    }
  }
  return { blockList: [...blocks.values()], cells, comments, teams };
}

function pushTo(lists: Map<string, string[]>, key: string, value: string): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}
