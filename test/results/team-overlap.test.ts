import fc from 'fast-check';
import { aggregateWave, aggregateWaveAndTeams, NOT_SAID_GROUP, type StoredResponse } from '../../src/results/aggregate';
import type { GroupFigures, HeadlineFigures, TeamMovement, TeamsSection, WaveFigures } from '../../src/results/figures';
import { previousTeamResults, teamResults } from '../../src/results/team-results';
import type { Question } from '../../src/surveys/authoring/questions';
import { blocksOf, inRowSpace, nullSpace, smallRecoverableSets } from './recoverable';

/**
 * Team results against an independent brute force (recoverable.ts): random organisations of teams of varied sizes,
 * two "about you" breakdowns, people asked through no team, optional questions, and two successive waves to the same
 * audience. Every published figure (everyone, breakdowns, teams, response rates, and the movement between the waves)
 * is a row over the respondents; no rational combination of rows may be a set of 1 to k−1 respondents or a hidden
 * group. Seeded, so a failure reproduces.
 */
const SEED = 2301;
const TEAMS = ['t1', 't2', 't3', 't4'];
const QUESTIONS: Question[] = [
  {
    id: 'q1',
    text: 'I feel a sense of belonging in my team.',
    scale: { kind: 'agreement' },
    theme: 'belonging',
    required: false,
  },
  { id: 'q2', text: 'How likely are you to recommend your ward?', scale: { kind: 'zero-to-ten' }, required: false },
];

/** What a reader can add up: for each measure, the people it is about, each group's figure, and its movement. */
const MEASURES: {
  name: string;
  has: (r: StoredResponse) => boolean;
  of: (g: GroupFigures) => unknown;
  moved: (m: TeamMovement) => unknown;
}[] = [
  { name: 'people', has: () => true, of: (g) => g.people, moved: (m) => m.responseRate },
  {
    name: 'belonging',
    has: (r) => r.answers.q1 !== undefined,
    of: (g) => g.themes.belonging,
    moved: (m) => m.themes.belonging,
  },
  {
    name: 'favourable q1',
    has: (r) => r.answers.q1 !== undefined,
    of: (g) => g.favourable.q1,
    moved: (m) => m.favourable.q1,
  },
  { name: 'mean q2', has: (r) => r.answers.q2 !== undefined, of: (g) => g.means.q2, moved: (m) => m.means.q2 },
];

/** One wave as a reader sees it: its published figures, and the raw responses the brute force checks them against. */
interface PublishedWave {
  readonly responses: readonly StoredResponse[];
  readonly figures: WaveFigures;
  readonly teams?: TeamsSection;
}
/** A movement published for a team between the two waves, per measure name. */
type Movements = readonly { team: string; measures: readonly string[] }[];

const movementsOf = (wave: PublishedWave): Movements =>
  (wave.teams?.teams ?? []).flatMap((t) =>
    t.status === 'shown' && t.movement
      ? [{ team: t.team, measures: MEASURES.filter((m) => m.moved(t.movement!) !== undefined).map((m) => m.name) }]
      : [],
  );

interface Cell {
  name: string;
  wave: number;
  members: ReadonlySet<number>;
  figures?: HeadlineFigures & GroupFigures;
}

/** Every group of a wave a reader can name, with its members (global indices) and its figures if published. */
function cellsOf(wave: PublishedWave, w: number, offset: number): Cell[] {
  const { responses, figures } = wave;
  const members = (inGroup: (r: StoredResponse) => boolean) =>
    new Set(responses.flatMap((r, i) => (inGroup(r) ? [offset + i] : [])));
  const cells: Cell[] = [{ name: `w${w} everyone`, wave: w, members: members(() => true), figures: figures.overall }];
  for (const b of figures.breakdowns) {
    const groupOf = (r: StoredResponse) => r.about[b.dimension] ?? NOT_SAID_GROUP;
    for (const g of b.shown)
      cells.push({
        name: `w${w} ${b.dimension}/${g.group}`,
        wave: w,
        members: members((r) => groupOf(r) === g.group),
        figures: g,
      });
    for (const group of b.hidden)
      cells.push({ name: `w${w} ${b.dimension}/${group}`, wave: w, members: members((r) => groupOf(r) === group) });
  }
  for (const t of wave.teams?.teams ?? [])
    cells.push({
      name: `w${w} team ${t.team}`,
      wave: w,
      members: members((r) => r.team === t.team),
      figures: t.status === 'shown' ? t.figures : undefined,
    });
  return cells;
}

/**
 * The problems a reader could exploit across both waves (empty when safe): a published figure about fewer than k,
 * a set of 1 to k−1 respondents or a hidden group that sums and differences of published figures give exactly.
 */
function leaks(waves: readonly PublishedWave[], k: number, movements: Movements = movementsOf(waves[1]!)): string[] {
  const problems: string[] = [];
  const offsets = waves.map((_, w) => waves.slice(0, w).reduce((n, x) => n + x.responses.length, 0));
  const all = waves.flatMap((wave) => wave.responses);
  const cells = waves.flatMap((wave, w) => cellsOf(wave, w + 1, offsets[w]!));
  for (const c of cells)
    if (c.figures && c.figures.people !== c.members.size)
      problems.push(`${c.name}: people ${c.figures.people} but ${c.members.size}`);
  waves.forEach((wave, w) => {
    for (const t of wave.teams?.teams ?? []) {
      const size = wave.responses.filter((r) => r.team === t.team).length;
      if ((t.status === 'fewer-than-k') !== size < k)
        problems.push(`w${w + 1} team ${t.team}: ${t.status} with ${size}`);
    }
  });

  for (const m of MEASURES) {
    const population = all.flatMap((r, i) => (m.has(r) ? [i] : []));
    const local = new Map(population.map((p, i) => [p, i]));
    const within = (members: ReadonlySet<number>) =>
      new Set([...members].filter((p) => local.has(p)).map((p) => local.get(p)!));
    const shown = (c: Cell) => c.figures !== undefined && m.of(c.figures) !== undefined;
    const published = cells.filter(shown).map((c) => ({ name: c.name, members: within(c.members) }));
    for (const g of published)
      if (g.members.size < k) problems.push(`${m.name}: ${g.name} is published about ${g.members.size}`);
    // A movement is the team's figure now minus then; beside both figures it adds nothing, so only the others count.
    const moved = movements
      .filter((mv) => mv.measures.includes(m.name))
      .map((mv) => cells.filter((c) => c.name.endsWith(`team ${mv.team}`)).sort((a, b) => b.wave - a.wave))
      .filter(([now, then]) => !shown(now!) || !shown(then!))
      .map(([now, then]) => [within(now!.members), within(then!.members)] as const);
    const sets = [...published.map((g) => g.members), ...moved.flat()];
    const { rows, sizes, blockOf } = blocksOf(population.length, sets);
    const space = [
      ...rows.slice(0, published.length),
      ...moved.map((_, i) =>
        rows[published.length + 2 * i]!.map((v, b) => v - rows[published.length + 2 * i + 1]![b]!),
      ),
    ];
    for (const set of smallRecoverableSets(space, sizes, k))
      problems.push(
        `${m.name}: blocks ${set.join('+')} (${set.reduce((n, b) => n + sizes[b]!, 0)} people) can be worked out`,
      );
    const kernel = nullSpace(space, sizes.length);
    for (const c of cells.filter((c) => !shown(c))) {
      const members = within(c.members);
      const wavePopulation = [...local.keys()].filter(
        (p) => p >= offsets[c.wave - 1]! && p < offsets[c.wave - 1]! + waves[c.wave - 1]!.responses.length,
      );
      // A hidden group holding everyone its figure is about, beside everyone's figure, says nothing new.
      const everyone = cells.find((e) => e.wave === c.wave && e.name.endsWith('everyone'))!;
      if (members.size === 0 || (shown(everyone) && members.size === wavePopulation.length)) continue;
      const inside = new Array<number>(sizes.length).fill(0);
      for (const p of members) inside[blockOf[p]!]!++;
      if (!inside.every((n, b) => n === 0 || n === sizes[b])) continue; // splits a block: cannot be isolated
      if (
        inRowSpace(
          kernel,
          inside.map((n) => (n > 0 ? 1 : 0)),
        )
      )
        problems.push(`${m.name}: hidden ${c.name} can be worked out`);
    }
  }
  return problems;
}

// An organisation: people with a team (or none: personal scope), a staff group and a directorate they declare (or
// not), who answer in the first wave, the second, both or neither, with optional questions left unanswered.
const answers = fc.record(
  {
    q1: fc.constantFrom(undefined, '1', '2', '4', '5', '5'),
    q2: fc.constantFrom(undefined, undefined, '3', '7', '10'),
  },
  { requiredKeys: [] },
);
const organisation: fc.Arbitrary<Person[]> = fc
  .array(fc.integer({ min: 0, max: 5 }), { minLength: TEAMS.length + 1, maxLength: TEAMS.length + 1 })
  .chain((weights) =>
    fc.array(
      fc.record({
        team: fc.constantFrom(
          ...[undefined, ...TEAMS].flatMap((t, i) =>
            Array<string | undefined>(weights[i]! + (i === 0 ? 0 : 1)).fill(t),
          ),
        ),
        staffGroup: fc.constantFrom(undefined, 'Nursing', 'Nursing', 'Medical'),
        directorate: fc.constantFrom(undefined, 'D1', 'D2', 'D2'),
        first: fc.option(answers, { freq: 4 }),
        second: fc.option(answers, { freq: 4 }),
      }),
      { minLength: 8, maxLength: 40 },
    ),
  );
type Answers = Partial<Record<'q1' | 'q2', string>>;
interface Person {
  team?: string;
  staffGroup?: string;
  directorate?: string;
  first: Answers | null;
  second: Answers | null;
}

const responsesOf = (people: readonly Person[], wave: 'first' | 'second'): StoredResponse[] =>
  people.flatMap((p) => {
    const a = p[wave];
    if (a === null) return [];
    const about = Object.fromEntries(
      Object.entries({ staffGroup: p.staffGroup, directorate: p.directorate }).filter(([, v]) => v),
    ) as Record<string, string>;
    return [
      {
        answers: Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Record<string, string>,
        about,
        ...(p.team ? { team: p.team } : {}),
      },
    ];
  });
const invitedOf = (people: readonly Person[]) =>
  new Map(TEAMS.map((t) => [t, people.filter((p) => p.team === t).length]));

/** Both waves as the results service publishes them: the second one's movement measured from the first. */
async function protectedWaves(people: readonly Person[], k: number): Promise<PublishedWave[]> {
  const out: PublishedWave[] = [];
  for (const wave of ['first', 'second'] as const) {
    const responses = responsesOf(people, wave);
    const aggregate = await aggregateWaveAndTeams(QUESTIONS, responses, {
      recipients: people.length,
      k,
      kComments: 10,
    });
    const earlier = out.map((w, i) => ({ waveNumber: i + 1, teams: w.teams?.teams ?? [] }));
    const teams = teamResults(aggregate, {
      k,
      kComments: 10,
      offered: TEAMS,
      invited: invitedOf(people),
      previous: previousTeamResults(earlier),
    });
    out.push({ responses, figures: aggregate.figures, teams });
  }
  return out;
}

/** Team figures without the team protection: each team of k or more aggregated on its own, beside everything else. */
async function unprotectedWaves(people: readonly Person[], k: number): Promise<PublishedWave[]> {
  const out: PublishedWave[] = [];
  for (const wave of ['first', 'second'] as const) {
    const responses = responsesOf(people, wave);
    const figures = await aggregateWave(QUESTIONS, responses, { recipients: people.length, k, kComments: 10 });
    const teams = await Promise.all(
      TEAMS.map(async (team) => {
        const own = await aggregateWave(
          QUESTIONS,
          responses.filter((r) => r.team === team),
          { recipients: 1, k, kComments: 10 },
        );
        return own.overall
          ? { team, status: 'shown' as const, figures: own.overall, comments: {} }
          : { team, status: 'fewer-than-k' as const };
      }),
    );
    out.push({ responses, figures, teams: { k, teams } });
  }
  return out;
}

describe('team results across teams, breakdowns and two waves', () => {
  it('no set of fewer than k respondents and no hidden team or group can be worked out (property)', async () => {
    await fc.assert(
      fc.asyncProperty(organisation, fc.constantFrom(5, 6), async (people, k) => {
        const waves = await protectedWaves(people, k);
        expect(leaks(waves, k)).toEqual([]);
      }),
      { seed: SEED, numRuns: 600 },
    );
  });

  it('is caught by the same check with the team protection switched off', async () => {
    const run = await fc.check(
      fc.asyncProperty(organisation, fc.constantFrom(5, 6), async (people, k) => {
        expect(leaks(await unprotectedWaves(people, k), k)).toEqual([]);
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(run.failed).toBe(true);
  });

  it('is caught when a movement is published for a team hidden in the second wave', async () => {
    // Ward t1: 12 in each wave, then 4 in the second. Its movement beside its first figure would give the four away.
    const person = (team: string | undefined, second: boolean): Person => ({
      team,
      staffGroup: undefined,
      directorate: undefined,
      first: { q1: '4' },
      second: second ? { q1: '2' } : null,
    });
    const people = [
      ...Array.from({ length: 12 }, (_, i) => person('t1', i < 4)),
      ...Array.from({ length: 20 }, () => person('t2', true)),
      ...Array.from({ length: 10 }, () => person(undefined, true)),
    ];
    const waves = await protectedWaves(people, 10);
    expect(waves[1]!.teams!.teams.find((t) => t.team === 't1')!.status).toBe('fewer-than-k');
    expect(leaks(waves, 10)).toEqual([]);
    expect(leaks(waves, 10, [{ team: 't1', measures: ['people', 'favourable q1'] }])).toContain(
      'favourable q1: hidden w2 team t1 can be worked out',
    );
  });
});
