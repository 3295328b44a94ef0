import fc from 'fast-check';
import { aggregateWave, NOT_SAID_GROUP, type StoredResponse, type WaveFigures } from '../../src/results/aggregate';
import type { GroupFigures } from '../../src/results/figures';
import { groupsToHide } from '../../src/results/overlap';
import { findSmallRecoverableSet } from '../../src/results/overlap-search';
import { contains, rowSpaceOf } from '../../src/results/row-space';
import type { Question } from '../../src/surveys/authoring/questions';
import { blocksOf, inRowSpace, nullSpace, smallRecoverableSets } from './recoverable';

const matrix = (rows: number, columns: number) =>
  fc.array(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: columns, maxLength: columns }), {
    minLength: rows,
    maxLength: rows,
  });
const bySizeDescending = (sizes: readonly number[]) => sizes.map((_, c) => c).sort((a, b) => sizes[b]! - sizes[a]!);

describe('the exact row space', () => {
  it('says a set is recoverable exactly when bigint elimination does (property)', () => {
    const problem = fc.integer({ min: 1, max: 9 }).chain((columns) =>
      fc.tuple(
        fc.integer({ min: 1, max: 7 }).chain((rows) => matrix(rows, columns)),
        fc.array(fc.integer({ min: 0, max: 1 }), { minLength: columns, maxLength: columns }),
      ),
    );
    fc.assert(
      fc.property(problem, ([rows, x]) => {
        expect(contains(rowSpaceOf(rows, x.length), x)).toBe(inRowSpace(nullSpace(rows, x.length), x));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds a set of fewer than k people that the groups add up to, exactly when one exists (property)', () => {
    const problem = fc.integer({ min: 1, max: 10 }).chain((columns) =>
      fc.tuple(
        fc.integer({ min: 1, max: 8 }).chain((rows) => matrix(rows, columns)),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: columns, maxLength: columns }),
        fc.integer({ min: 5, max: 8 }),
      ),
    );
    fc.assert(
      fc.property(problem, ([rows, sizes, k]) => {
        const expected = smallRecoverableSets(rows, sizes, k);
        const found = findSmallRecoverableSet(rowSpaceOf(rows, sizes.length, bySizeDescending(sizes)), sizes, k, 1e7);
        expect(found.kind).toBe(expected.length > 0 ? 'found' : 'none');
        if (found.kind === 'found') expect(expected).toContainEqual(found.blocks);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with brute force on breakdowns that cross, as in a wave (property)', () => {
    // Blocks of 1 to 20 people; "everyone" and the cells of two or three breakdowns, each a partition of the blocks.
    // About a third of these have nothing small to find, so both answers are exercised.
    const problem = fc.integer({ min: 2, max: 14 }).chain((blocks) =>
      fc.tuple(
        fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: blocks, maxLength: blocks }), {
          minLength: 2,
          maxLength: 3,
        }),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: blocks, maxLength: blocks }),
        fc.integer({ min: 5, max: 8 }),
      ),
    );
    fc.assert(
      fc.property(problem, ([partitions, sizes, k]) => {
        const rows = [
          sizes.map(() => 1),
          ...partitions.flatMap((cellOf) =>
            [...new Set(cellOf)].map((cell) => cellOf.map((c) => (c === cell ? 1 : 0))),
          ),
        ];
        const expected = smallRecoverableSets(rows, sizes, k);
        const found = findSmallRecoverableSet(rowSpaceOf(rows, sizes.length, bySizeDescending(sizes)), sizes, k, 1e7);
        expect(found.kind).toBe(expected.length > 0 ? 'found' : 'none');
        if (found.kind === 'found') expect(expected).toContainEqual(found.blocks);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('overlap protection', () => {
  // Blocks: the 11 nurses (all in D1), the one clerk in D1, 10 doctors and 20 estates staff (both in D2).
  const sizes = [11, 1, 10, 20];
  const groups = [
    { id: 'everyone', blocks: [0, 1, 2, 3] },
    { id: 'D1', dimension: 'directorate', blocks: [0, 1] },
    { id: 'D2', dimension: 'directorate', blocks: [2, 3] },
    { id: 'Nursing', dimension: 'staffGroup', blocks: [0] },
    { id: 'Clerical', dimension: 'staffGroup', blocks: [1] },
    { id: 'Medical', dimension: 'staffGroup', blocks: [2] },
    { id: 'Estates', dimension: 'staffGroup', blocks: [3] },
  ];

  it('hides Nursing when D1 (12) minus Nursing (11) would single out one clerk', () => {
    // Within staff groups alone, hiding the clerk and the doctors (the next smallest) would do.
    expect(
      [
        ...groupsToHide({
          sizes,
          groups: groups.filter((g) => g.dimension !== 'directorate'),
          hidden: new Set(),
          everyoneHideable: false,
          k: 10,
        }).hidden,
      ].sort(),
    ).toEqual(['Clerical', 'Medical']);
    // Across both, Nursing must go too; it then covers the clerk, so the doctors are shown again.
    const { hidden } = groupsToHide({ sizes, groups, hidden: new Set(), everyoneHideable: false, k: 10 });
    expect([...hidden].sort()).toEqual(['Clerical', 'Nursing']);
    const published = groups.filter((g) => !hidden.has(g.id));
    const rows = published.map((g) => sizes.map((_, b) => (g.blocks.includes(b) ? 1 : 0)));
    expect(smallRecoverableSets(rows, sizes, 10)).toEqual([]);
  });

  it('withdraws a whole breakdown when the search runs past its budget, and is still safe', () => {
    // Two breakdowns crossing in four blocks of 5: each group holds 10, and nothing small can be isolated, but the
    // search has to look; with no budget it gives up, and the safe way out is to withdraw a breakdown.
    const crossing = { sizes: [5, 5, 5, 5], k: 6, hidden: new Set<string>(), everyoneHideable: false };
    const cells = [
      { id: 'everyone', blocks: [0, 1, 2, 3] },
      { id: 'A', dimension: 'staffGroup', blocks: [0, 1] },
      { id: 'B', dimension: 'staffGroup', blocks: [2, 3] },
      { id: 'X', dimension: 'directorate', blocks: [0, 2] },
      { id: 'Y', dimension: 'directorate', blocks: [1, 3] },
    ];
    expect(groupsToHide({ ...crossing, groups: cells })).toEqual({ hidden: new Set(), withdrawn: [] });
    const decision = groupsToHide({ ...crossing, groups: cells, budget: 0 });
    expect(decision.withdrawn).toEqual(['directorate']);
    expect([...decision.hidden].sort()).toEqual(['X', 'Y']);
  });
});

// A wave with two "about you" breakdowns, a question that describes the person, and optional questions.
const QUESTIONS: Question[] = [
  {
    id: 'q1',
    text: 'I feel a sense of belonging in my team.',
    scale: { kind: 'agreement' },
    theme: 'belonging',
    required: false,
  },
  { id: 'q2', text: 'How likely are you to recommend your ward?', scale: { kind: 'zero-to-ten' }, required: false },
  {
    id: 'q3',
    text: 'Which shift pattern do you mostly work?',
    scale: { kind: 'choice', options: ['Days', 'Nights', 'Long days'] },
    required: false,
  },
  {
    id: 'ward',
    text: 'Your ward',
    scale: { kind: 'choice', options: ['Ward 1', 'Ward 2'] },
    required: false,
    describesPerson: true,
  },
];

/** Each person's group in each breakdown, as the test reads it from the raw responses. */
const groupIn = (r: StoredResponse, dimension: string) =>
  (dimension === 'ward'
    ? r.answers.ward === undefined
      ? undefined
      : ['Ward 1', 'Ward 2'][Number(r.answers.ward)]
    : r.about[dimension]) ?? NOT_SAID_GROUP;

/** What a reader can add up: for each measure, the people it is about and each group's figure (undefined if hidden). */
const MEASURES: { name: string; has: (r: StoredResponse) => boolean; of: (g: GroupFigures) => unknown }[] = [
  { name: 'people', has: () => true, of: (g) => g.people },
  { name: 'belonging', has: (r) => r.answers.q1 !== undefined, of: (g) => g.themes.belonging },
  { name: 'favourable q1', has: (r) => r.answers.q1 !== undefined, of: (g) => g.favourable.q1 },
  { name: 'counts q1', has: (r) => r.answers.q1 !== undefined, of: (g) => g.counts.q1 },
  { name: 'mean q2', has: (r) => r.answers.q2 !== undefined, of: (g) => g.means.q2 },
  { name: 'choices q3', has: (r) => r.answers.q3 !== undefined, of: (g) => g.choices.q3 },
];

/**
 * Checks a published result against the raw responses by brute force: for each measure, no set of 1 to k−1 of its
 * people, and no group whose figure is hidden, is a rational combination of the groups whose figure is published.
 * Returns the problems found (empty when the result is safe).
 */
function leaks(responses: readonly StoredResponse[], result: WaveFigures, k: number): string[] {
  if (!result.showable) return responses.length < k ? [] : ['a wave of k or more was not shown'];
  const problems: string[] = [];
  const everyone = { name: 'everyone', members: new Set(responses.map((_, i) => i)), figures: result.overall };
  const cells = result.breakdowns.flatMap((b) => {
    const members = (group: string) =>
      new Set(responses.flatMap((r, i) => (groupIn(r, b.dimension) === group ? [i] : [])));
    return [
      ...b.shown.map((g) => ({
        name: `${b.dimension}/${g.group}`,
        members: members(g.group),
        figures: g as GroupFigures | undefined,
      })),
      ...b.hidden.map((group) => ({ name: `${b.dimension}/${group}`, members: members(group), figures: undefined })),
    ];
  });
  for (const g of [everyone, ...cells])
    if (g.figures && g.figures.people !== g.members.size)
      problems.push(`${g.name}: people ${g.figures.people} but ${g.members.size} in the data`);
  for (const g of [everyone, ...cells])
    if (g.figures && ('ward' in g.figures.choices || 'ward' in g.figures.counts))
      problems.push(`${g.name}: the describing question was reported as a figure`);

  for (const m of MEASURES) {
    const population = responses.flatMap((r, i) => (m.has(r) ? [i] : []));
    const local = new Map(population.map((p, i) => [p, i]));
    const within = (members: ReadonlySet<number>) =>
      new Set([...members].filter((p) => local.has(p)).map((p) => local.get(p)!));
    const published = [everyone, ...cells]
      .filter((g) => g.figures && m.of(g.figures) !== undefined)
      .map((g) => ({ name: g.name, members: within(g.members) }));
    // A hidden group whose people for this measure are all of its people says nothing beyond everyone's figure.
    const everyoneShown = result.overall !== undefined && m.of(result.overall) !== undefined;
    const hidden = [everyone, ...cells]
      .filter((g) => !g.figures || m.of(g.figures) === undefined)
      .map((g) => ({ name: g.name, members: within(g.members) }))
      .filter((g) => g.members.size > 0 && !(everyoneShown && g.members.size === population.length));
    for (const g of published)
      if (g.members.size < k) problems.push(`${m.name}: ${g.name} is published about ${g.members.size} people`);
    const { rows, sizes, blockOf } = blocksOf(
      population.length,
      published.map((g) => g.members),
    );
    for (const set of smallRecoverableSets(rows, sizes, k))
      problems.push(
        `${m.name}: blocks ${set.join('+')} (${set.reduce((n, b) => n + sizes[b]!, 0)} people) can be worked out`,
      );
    const kernel = nullSpace(rows, sizes.length);
    for (const h of hidden) {
      const inside = new Array<number>(sizes.length).fill(0);
      for (const p of h.members) inside[blockOf[p]!]!++;
      if (!inside.every((n, b) => n === 0 || n === sizes[b])) continue; // splits a block: cannot be isolated
      if (
        inRowSpace(
          kernel,
          inside.map((n) => (n > 0 ? 1 : 0)),
        )
      )
        problems.push(`${m.name}: hidden ${h.name} can be worked out`);
    }
  }
  return problems;
}

const response = fc.record(
  {
    staffGroup: fc.constantFrom(undefined, 'Nursing', 'Medical', 'Clerical'),
    directorate: fc.constantFrom(undefined, 'D1', 'D2', 'D3'),
    ward: fc.constantFrom(undefined, '0', '1'),
    q1: fc.constantFrom(undefined, '1', '2', '3', '4', '5', '5'),
    q2: fc.constantFrom(undefined, undefined, '3', '7', '10'),
    q3: fc.constantFrom(undefined, '0', '1', '2'),
  },
  { requiredKeys: [] },
);
const toStored = (r: {
  staffGroup?: string;
  directorate?: string;
  ward?: string;
  q1?: string;
  q2?: string;
  q3?: string;
}): StoredResponse => ({
  answers: Object.fromEntries(
    Object.entries({ q1: r.q1, q2: r.q2, q3: r.q3, ward: r.ward }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>,
  about: Object.fromEntries(
    Object.entries({ staffGroup: r.staffGroup, directorate: r.directorate }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>,
});

describe('published figures never describe fewer than k people', () => {
  it('lists every offered group it does not show as hidden, so the list never says which small group answered', async () => {
    const common = Array.from({ length: 24 }, (_, i) => ({
      answers: { q1: String((i % 5) + 1) },
      about: { staffGroup: i % 2 ? 'Nursing' : 'Medical' },
    }));
    const threeFrom = (staffGroup: string) => [
      ...common,
      ...Array.from({ length: 3 }, () => ({ answers: { q1: '2' }, about: { staffGroup } })),
    ];
    const offered = { staffGroup: ['Clerical', 'Estates', 'Medical', 'Nursing'] };
    const hiddenOf = async (responses: StoredResponse[], o?: typeof offered) =>
      (await aggregateWave(QUESTIONS, responses, { recipients: 40, k: 10, kComments: 10, offered: o })).breakdowns.find(
        (b) => b.dimension === 'staffGroup',
      )!.hidden;
    // Three from Estates, or three from Clerical: the same hidden list (Medical goes too, by secondary suppression).
    expect(await hiddenOf(threeFrom('Estates'), offered)).toEqual(['Clerical', 'Estates', 'Medical']);
    expect(await hiddenOf(threeFrom('Clerical'), offered)).toEqual(await hiddenOf(threeFrom('Estates'), offered));
    // Listing only the groups people chose would name the small group that answered: what the offered list is for.
    expect(await hiddenOf(threeFrom('Estates'))).toEqual(['Estates', 'Medical']);
    expect(await hiddenOf(threeFrom('Clerical'))).toEqual(['Clerical', 'Medical']);
  });

  it('D1 = 12 respondents containing all 11 in Nursing: D1 minus Nursing cannot single out the clerk', async () => {
    const responses: StoredResponse[] = [
      ...Array.from({ length: 11 }, () => ({
        answers: { q1: '5' },
        about: { staffGroup: 'Nursing', directorate: 'D1' },
      })),
      { answers: { q1: '1' }, about: { staffGroup: 'Clerical', directorate: 'D1' } },
      ...Array.from({ length: 15 }, (_, i) => ({
        answers: { q1: '3' },
        about: { staffGroup: i < 12 ? 'Medical' : 'Estates', directorate: 'D2' },
      })),
    ];
    const result = await aggregateWave(QUESTIONS, responses, { recipients: 40, k: 10, kComments: 10 });
    const shown = (dimension: string) =>
      result.breakdowns.find((b) => b.dimension === dimension)!.shown.map((g) => `${g.group} (${g.people})`);
    expect(shown('directorate').includes('D1 (12)') && shown('staffGroup').includes('Nursing (11)')).toBe(false);
    expect(leaks(responses, result, 10)).toEqual([]);
    // Without the other breakdown both would be fine: each alone is published.
    const byDirectorateOnly = await aggregateWave(
      QUESTIONS,
      responses.map((r) => ({ ...r, about: { directorate: r.about.directorate! } })),
      { recipients: 40, k: 10, kComments: 10 },
    );
    expect(byDirectorateOnly.breakdowns.find((b) => b.dimension === 'directorate')!.shown.map((g) => g.group)).toEqual([
      'D1',
      'D2',
    ]);
  });

  it('an optional question answered by fewer than k in a group shows nothing for it there', async () => {
    const responses: StoredResponse[] = Array.from({ length: 24 }, (_, i) => ({
      answers: { q1: '4', ...(i < 12 || i % 4 === 0 ? { q2: '8' } : {}) }, // D1: all 12 answer q2; D2: 3 of 12 do
      about: { directorate: i < 12 ? 'D1' : 'D2' },
    }));
    const result = await aggregateWave(QUESTIONS, responses, { recipients: 30, k: 10, kComments: 10 });
    const byDirectorate = result.breakdowns.find((b) => b.dimension === 'directorate')!;
    const d2 = byDirectorate.shown.find((g) => g.group === 'D2')!;
    expect(d2.people).toBe(12);
    expect(d2.favourable.q1).toBe(100);
    expect(d2.means.q2).toBeUndefined(); // only 3 answered it in D2
    // And it cannot come back by subtraction: everyone's q2 (15 answers) minus D1's (12) would be D2's 3.
    expect(
      result.overall!.means.q2 === undefined ||
        byDirectorate.shown.find((g) => g.group === 'D1')!.means.q2 === undefined,
    ).toBe(true);
    expect(leaks(responses, result, 10)).toEqual([]);
  });

  it('shows a question for everyone when only a hidden group answered it: its figure is everyone’s, about k or more', async () => {
    const staff = [
      ...Array(15).fill('Nursing'),
      ...Array(25).fill('Medical'),
      ...Array(3).fill('Clerical'),
      ...Array(2).fill('Estates'),
    ] as string[];
    const responses = staff.map((staffGroup) => ({
      answers: { q1: '4', ...(staffGroup === 'Nursing' ? { q2: '6' } : {}) },
      about: { staffGroup },
    }));
    const result = await aggregateWave(QUESTIONS, responses, { recipients: 50, k: 10, kComments: 10 });
    expect(result.breakdowns[0]!.hidden).toEqual(['Clerical', 'Estates', 'Nursing']);
    expect(result.overall!.means.q2).toBe(6);
    expect(leaks(responses, result, 10)).toEqual([]);
  });

  it('no hidden or sub-k set of respondents is recoverable from any published figures (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(response, { minLength: 5, maxLength: 40 }), fc.constantFrom(5, 6), async (raw, k) => {
        const responses = raw.map(toStored);
        const result = await aggregateWave(QUESTIONS, responses, { recipients: 50, k, kComments: 10 });
        expect(leaks(responses, result, k)).toEqual([]);
      }),
      { numRuns: 1500 },
    );
  });
});
