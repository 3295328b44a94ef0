import { TableClient } from '@azure/data-tables';
import type { GroupFigures, TeamResult } from '../../src/results/figures';
import type { WaveResult } from '../../src/results/result';
import { TableResultStore } from '../../src/results/result.store';
import { allEntities, testConnectionString, uniqueNamespace } from '../support/harness';

const figures = (people: number): GroupFigures => ({
  people,
  engagement: 7.1,
  themes: { motivation: 7.5 },
  favourable: { nqps1: 80 },
  means: {},
  choices: {},
  counts: {},
});
const wave = (number: number, teams?: { k: number }): WaveResult => ({
  surveyId: 'a1b2c3d4e5',
  waveId: `a1b2c3d4e5-w00${number}`,
  surveyName: 'Team pulse',
  waveNumber: number,
  closedAt: '2026-12-01T17:00:00Z',
  computedAt: '2026-12-01T17:05:00Z',
  recipients: 20_000,
  figures: { responses: 12_000, showable: true, overall: figures(12_000), breakdowns: [], comments: {} },
  ...(teams ? { teams } : {}),
});
// Teams' own ids, which hold characters a RowKey may not ("19:…@thread.tacv2", and worse).
const teamId = (i: number) => `19:${i.toString(16).padStart(32, '0')}@thread.tacv2/#?${i}`;
const comment = (i: number) => `${i} `.padEnd(1000, 'more staff on nights ');

describe('stored team results', () => {
  const table = TableClient.fromConnectionString(testConnectionString(), `${uniqueNamespace()}results`, {
    allowInsecureConnection: true,
  });
  const store = new TableResultStore(table);

  beforeAll(() => table.createTable());
  afterAll(() => table.deleteTable());

  it('keeps 200 teams with their comments, each in a row of its own, far past what one entity holds', async () => {
    const teams: TeamResult[] = Array.from({ length: 200 }, (_, i) =>
      i % 10 === 9
        ? { team: teamId(i), status: 'fewer-than-k', invited: 12 }
        : {
            team: teamId(i),
            status: 'shown',
            invited: 120,
            responseRate: 50,
            figures: figures(60),
            comments: { c1: Array.from({ length: 25 }, (_, c) => comment(c)) },
          },
    );
    expect(JSON.stringify(teams).length * 2).toBeGreaterThan(8 * 2 ** 20); // UTF-16: eight times Azure's 1 MiB
    expect(await store.putOnce(wave(1, { k: 10 }), teams)).toEqual(wave(1, { k: 10 }));

    expect(await store.get('a1b2c3d4e5', 'a1b2c3d4e5-w001')).toEqual(wave(1, { k: 10 }));
    expect(await store.teamOf('a1b2c3d4e5-w001', teamId(7))).toEqual(teams[7]);
    expect(await store.teamOf('a1b2c3d4e5-w001', teamId(9))).toEqual({
      team: teamId(9),
      status: 'fewer-than-k',
      invited: 12,
    });
    expect(await store.teamOf('a1b2c3d4e5-w001', 'some other team')).toBeUndefined();
    expect((await store.teamsOf('a1b2c3d4e5-w001')).map((t) => t.team)).toEqual(teams.map((t) => t.team).sort());
    // The survey's trend reads wave rows only, never the teams'.
    expect((await store.ofSurvey('a1b2c3d4e5')).map((r) => r.waveId)).toEqual(['a1b2c3d4e5-w001']);
  });

  it('keeps the first computation of a wave and of each of its teams', async () => {
    const first: TeamResult = { team: 'ward-7', status: 'shown', figures: figures(14), comments: { c1: ['first'] } };
    const second: TeamResult = { ...first, comments: { c1: ['second'] } };
    await store.putOnce(wave(2, { k: 10 }), [first]);
    const again = await store.putOnce({ ...wave(2, { k: 10 }), computedAt: '2026-12-01T17:06:00Z' }, [second]);
    expect(again.computedAt).toBe('2026-12-01T17:05:00Z');
    expect(await store.teamOf('a1b2c3d4e5-w002', 'ward-7')).toEqual(first);
  });

  it('reads a result stored before team results as one with no teams', async () => {
    await store.putOnce(wave(3));
    expect((await store.get('a1b2c3d4e5', 'a1b2c3d4e5-w003'))!.teams).toBeUndefined();
    expect(await store.teamsOf('a1b2c3d4e5-w003')).toEqual([]);
    const rows = (await allEntities(table)).filter((e) => e.partitionKey === 'a1b2c3d4e5-w003');
    expect(rows).toEqual([]);
  });
});
