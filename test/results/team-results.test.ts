import { aggregateWave, aggregateWaveAndTeams, type StoredResponse } from '../../src/results/aggregate';
import type { TeamResult } from '../../src/results/figures';
import type { WaveResult } from '../../src/results/result';
import { previousTeamResults, teamResults, type PreviousTeamResult } from '../../src/results/team-results';
import { teamsTable, teamView } from '../../src/results/team-view';
import type { Question } from '../../src/surveys/authoring/questions';

const QUESTIONS: Question[] = [
  {
    id: 'q1',
    text: 'I feel a sense of belonging in my team.',
    scale: { kind: 'agreement' },
    theme: 'belonging',
    required: true,
  },
  { id: 'q2', text: 'How likely are you to recommend your ward?', scale: { kind: 'zero-to-ten' }, required: false },
  { id: 'c1', text: 'What would make things better?', scale: { kind: 'text', maxLength: 1000 }, required: false },
];

/** `count` people asked through `team` (none: personal scope), all answering q1 with `q1`. */
const people = (count: number, team: string | undefined, q1: number, extra: Partial<StoredResponse> = {}) =>
  Array.from({ length: count }, (): StoredResponse => ({
    answers: { q1: String(q1) },
    about: {},
    ...(team ? { team } : {}),
    ...extra,
  }));

/** A closed wave's result and its teams' as the results service stores them (the same two steps, and nothing else). */
interface StoredWave {
  readonly result: WaveResult;
  readonly teams: readonly TeamResult[];
}

async function waveResult(
  responses: readonly StoredResponse[],
  options: {
    waveNumber?: number;
    offered?: readonly string[];
    invited?: Record<string, number>;
    previous?: ReadonlyMap<string, PreviousTeamResult>;
  } = {},
): Promise<StoredWave> {
  const aggregate = await aggregateWaveAndTeams(QUESTIONS, responses, { recipients: 200, k: 10, kComments: 10 });
  const teams = teamResults(aggregate, {
    k: 10,
    kComments: 10,
    offered: options.offered ?? [],
    invited: new Map(Object.entries(options.invited ?? {})),
    previous: options.previous ?? new Map(),
  });
  const waveNumber = options.waveNumber ?? 1;
  const result: WaveResult = {
    surveyId: 'a1b2c3d4e5',
    waveId: `a1b2c3d4e5-w00${waveNumber}`,
    surveyName: 'Team pulse',
    waveNumber,
    closedAt: '2026-12-01T17:00:00Z',
    computedAt: '2026-12-01T17:05:00Z',
    recipients: 200,
    figures: aggregate.figures,
    ...(teams ? { teams: { k: teams.k } } : {}),
  };
  return { result, teams: teams?.teams ?? [] };
}

const view = (wave: StoredWave, team: string) =>
  teamView(
    wave.result,
    team,
    wave.teams.find((t) => t.team === team),
  );
const previousOf = (wave: StoredWave) =>
  previousTeamResults([{ waveNumber: wave.result.waveNumber, teams: wave.teams }]);

const statuses = (wave: StoredWave) => Object.fromEntries(wave.teams.map((t) => [t.team, t.status]));

describe('team results', () => {
  it("gives a team of k or more the organisation's measures, its response rate, and everyone's figures beside", async () => {
    const ward7 = people(14, 'ward-7', 5, { answers: { q1: '5', q2: '8' } });
    const result = await waveResult([...ward7, ...people(20, 'ward-9', 2), ...people(12, undefined, 4)], {
      offered: ['ward-7', 'ward-9'],
      invited: { 'ward-7': 18, 'ward-9': 30 },
    });
    const ward = view(result, 'ward-7');
    if (ward.kind !== 'shown') throw new Error(`ward 7 is ${ward.kind}`);
    // The same figures as the team's responses aggregated alone: 14 people, all strongly agreeing.
    const alone = await aggregateWave(QUESTIONS, ward7, { recipients: 18, k: 10, kComments: 10 });
    expect(ward.figures).toEqual(alone.overall);
    expect(ward.figures).toMatchObject({
      people: 14,
      themes: { belonging: 10 },
      favourable: { q1: 100 },
      means: { q2: 8 },
    });
    expect(ward.responseRate).toBe(77.8); // "Ward 7: 14 of 18 answered"
    expect(ward.invited).toBe(18);
    expect(ward.organisation.people).toBe(46);
    expect(ward.organisation.favourable.q1).toBeCloseTo((100 * (14 + 12)) / 46, 1);
    expect(ward.organisationResponseRate).toBe(23);
    expect(ward.movement).toBeUndefined(); // no earlier wave
  });

  it('shows "fewer than k" and no figure for a team under k, whose answers still count for the organisation', async () => {
    const result = await waveResult(
      [...people(30, 'ward-7', 5), ...people(4, 'ward-9', 1), ...people(15, undefined, 5)],
      {
        offered: ['ward-7', 'ward-9', 'ward-11'],
        invited: { 'ward-9': 12 },
      },
    );
    expect(view(result, 'ward-9')).toEqual({ kind: 'fewer-than-k', team: 'ward-9', k: 10, invited: 12 });
    // A team nobody answered through reads the same: the list never says which small team answered.
    expect(view(result, 'ward-11')).toEqual({ kind: 'fewer-than-k', team: 'ward-11', k: 10 });
    expect(result.result.figures.overall!.people).toBe(49);
    expect(result.result.figures.overall!.favourable.q1).toBeCloseTo((100 * 45) / 49, 1);
    expect(JSON.stringify(result.teams)).not.toMatch(/"people":4\b/);
  });

  it('does not let the organisation minus every other team reveal a suppressed team', async () => {
    // Ward 9 (3) is under k. Showing Ward 7 would make everyone (33) minus Ward 7 (30) exactly Ward 9's three.
    const result = await waveResult([...people(30, 'ward-7', 5), ...people(3, 'ward-9', 1)], {
      offered: ['ward-7', 'ward-9'],
    });
    expect(statuses(result)).toEqual({ 'ward-7': 'withheld', 'ward-9': 'fewer-than-k' });
    expect(view(result, 'ward-7')).toEqual({ kind: 'withheld', team: 'ward-7', k: 10 });
    // Twelve people asked in personal scope are never shown: everyone minus Ward 7 is then fifteen people, Ward 9's
    // three among them, and nothing tells them apart, so Ward 7 is shown.
    const withOthers = await waveResult([
      ...people(30, 'ward-7', 5),
      ...people(3, 'ward-9', 1),
      ...people(12, undefined, 3),
    ]);
    expect(statuses(withOthers)).toEqual({ 'ward-7': 'shown', 'ward-9': 'fewer-than-k' });
  });

  it('counts the people asked through no team as a hidden cell when they are few', async () => {
    // Two in personal scope: everyone minus both wards would be them, so the smaller ward is withheld with them.
    const result = await waveResult([
      ...people(30, 'ward-7', 5),
      ...people(12, 'ward-9', 4),
      ...people(2, undefined, 1),
    ]);
    expect(statuses(result)).toEqual({ 'ward-7': 'shown', 'ward-9': 'withheld' });
  });

  it('hides a team that another breakdown would single someone out of', async () => {
    // Ward 7 is 11 nurses and one doctor, and the nurses who answered are all Ward 7's: Ward 7 minus Nursing is the doctor.
    const nurse = { about: { staffGroup: 'Nursing' } };
    const result = await waveResult([
      ...people(11, 'ward-7', 5, nurse),
      ...people(1, 'ward-7', 1, { about: { staffGroup: 'Medical' } }),
      ...people(25, 'ward-9', 3, { about: { staffGroup: 'Medical' } }),
    ]);
    const nursingShown = result.result.figures.breakdowns
      .find((b) => b.dimension === 'staffGroup')!
      .shown.some((g) => g.group === 'Nursing');
    expect(nursingShown && view(result, 'ward-7').kind === 'shown').toBe(false);
  });

  it("gives movement since the team's previous wave, only when both waves showed the team", async () => {
    const first = await waveResult(
      [...people(12, 'ward-7', 4), ...people(12, 'ward-9', 4), ...people(12, 'ward-11', 4), ...people(5, 'ward-12', 4)],
      { invited: { 'ward-7': 20 } },
    );
    expect(statuses(first)).toMatchObject({ 'ward-7': 'shown', 'ward-12': 'fewer-than-k' });
    const second = await waveResult(
      [
        ...people(16, 'ward-7', 5),
        ...people(3, 'ward-9', 4),
        ...people(12, 'ward-11', 4),
        ...people(15, 'ward-12', 2),
        ...people(12, undefined, 3),
      ],
      { waveNumber: 2, invited: { 'ward-7': 20 }, previous: previousOf(first) },
    );
    const ward7 = view(second, 'ward-7');
    if (ward7.kind !== 'shown') throw new Error(`ward 7 is ${ward7.kind}`);
    expect(ward7.movement).toEqual({
      sinceWave: 1,
      themes: { belonging: 2.5 },
      favourable: { q1: 0 },
      means: {},
      responseRate: 20, // 12 of 20, then 16 of 20
    });
    // Ward 12 was under k in wave 1: shown now, but with no movement (its wave 1 figure was never published).
    const ward12 = view(second, 'ward-12');
    expect(ward12.kind === 'shown' && ward12.movement).toBe(undefined);
    // Ward 9 is under k now: no figure and no movement, which would give its figure away.
    expect(view(second, 'ward-9').kind).toBe('fewer-than-k');
  });

  it('measures movement from the latest earlier wave sent through the team', () => {
    const wave = (waveNumber: number, status: 'shown' | 'withheld') => ({
      waveNumber,
      teams: [
        status === 'shown'
          ? ({ team: 'ward-7', status, figures: { people: 10 }, comments: {} } as unknown as TeamResult)
          : { team: 'ward-7', status },
      ],
    });
    const previous = previousTeamResults([wave(2, 'withheld'), wave(1, 'shown')]).get('ward-7')!;
    expect(previous.waveNumber).toBe(2);
    expect(previous.result.status).toBe('withheld');
  });

  it('shows a team its comments only when k_comments of the team wrote one, and not so that a team left out is found', async () => {
    const writing = (count: number, team: string) =>
      Array.from({ length: count }, (_, i): StoredResponse => ({
        answers: { q1: '4', c1: `${team} idea ${i}, ask Dr Patel` },
        about: {},
        team,
      }));
    const result = await waveResult([
      ...writing(12, 'ward-7'),
      ...writing(11, 'ward-9'),
      ...writing(9, 'ward-11'),
      ...people(3, 'ward-11', 4),
    ]);
    const comments = (team: string) => {
      const ward = view(result, team);
      return ward.kind === 'shown' ? (ward.comments.c1 ?? []) : [];
    };
    expect(comments('ward-7')).toHaveLength(12);
    expect(comments('ward-7').every((c) => c.startsWith('ward-7') && c.endsWith('Dr [name]'))).toBe(true);
    // Ward 11 (nine comments) is left out, so Ward 9's are left out too: everyone's comments minus Ward 7's would
    // otherwise be Ward 11's nine, with all of Ward 9's published beside them.
    expect(view(result, 'ward-11').kind).toBe('shown');
    expect([comments('ward-9'), comments('ward-11')]).toEqual([[], []]);
    // Twelve comments from no team are never shown, and cover Ward 11's instead.
    const covered = await waveResult([
      ...writing(12, 'ward-7'),
      ...writing(11, 'ward-9'),
      ...writing(9, 'ward-11'),
      ...people(3, 'ward-11', 4),
      ...Array.from({ length: 12 }, (_, i): StoredResponse => ({ answers: { q1: '3', c1: `mine ${i}` }, about: {} })),
    ]);
    const ward9 = view(covered, 'ward-9');
    expect(ward9.kind === 'shown' && ward9.comments.c1).toHaveLength(11);
  });

  it('keeps no team section for a wave that came through no team, and reads older results as having none', async () => {
    const result = await waveResult(people(20, undefined, 4), { offered: ['ward-7'] });
    expect([result.result.teams, result.teams]).toEqual([undefined, []]);
    expect(view(result, 'ward-7')).toEqual({ kind: 'not-asked', team: 'ward-7' });
    expect(teamsTable(result.teams)).toEqual([]);
  });

  it('gives executives a table of every team: response rate and figures, or "fewer than k"', async () => {
    const result = await waveResult(
      [...people(30, 'ward-7', 5), ...people(4, 'ward-9', 1), ...people(15, undefined, 5)],
      {
        offered: ['ward-7', 'ward-9', 'ward-11'],
        invited: { 'ward-7': 40, 'ward-9': 10, 'ward-11': 6 },
      },
    );
    const table = teamsTable(result.teams);
    expect(table.map((row) => [row.team, row.status, row.responseRate, row.figures?.favourable.q1])).toEqual([
      ['ward-11', 'fewer-than-k', undefined, undefined],
      ['ward-7', 'shown', 75, 100],
      ['ward-9', 'fewer-than-k', undefined, undefined],
    ]);
    expect(table.every((row) => !('comments' in row) && !('movement' in row))).toBe(true);
  });
});
