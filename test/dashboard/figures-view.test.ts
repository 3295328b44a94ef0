import { surveyMeasures, trendOf, WHY } from '../../src/dashboard/figures-view';
import { heatmapOf } from '../../src/dashboard/heatmap';
import { teamLatest, teamTrend } from '../../src/dashboard/team-page';
import type { TeamRow, TeamView, WaveResult } from '../../src/results';
import { figuresAt, QUESTIONS, waveResult } from './seed';

/** The dashboard's views of stored results, as pure functions: every figure as stored, every gap with its reason. */
describe("the dashboard's figures", () => {
  const shown = (n: number) => waveResult('a1b2c3d4e5', 'Pulse', n, 10);
  // A wave fewer than k answered: nothing but that is stored.
  const tooFew = (n: number): WaveResult => ({
    ...shown(n),
    figures: { responses: 4, showable: false, breakdowns: [], comments: {} },
  });
  const measures = surveyMeasures([shown(1), tooFew(2)], QUESTIONS);

  it("takes the measures from the latest wave that showed figures, keyed, in the cards' order", () => {
    expect(measures.map((m) => `${m.key} ${m.label}`)).toEqual([
      'engagement Engagement',
      'theme:motivation Motivation',
      'theme:involvement Involvement',
      'theme:advocacy Advocacy',
      'favourable:safe % favourable: I feel safe to speak up about anything that concerns me.',
    ]);
    expect(surveyMeasures([tooFew(1)], QUESTIONS)).toEqual([]);
  });

  it('gives a wave fewer than k answered no figure and no response rate in the trend (never its count)', () => {
    const [first, second] = trendOf([shown(1), tooFew(2)], measures);
    expect(first).toMatchObject({ number: 1, responseRate: 60, measures: { engagement: 6.1, 'favourable:safe': 54 } });
    expect(second).toEqual({
      waveId: 'a1b2c3d4e5-w002',
      number: 2,
      closedAt: expect.any(String),
      responseRate: null,
      measures: Object.fromEntries(measures.map((m) => [m.key, null])),
    });
    expect(JSON.stringify(second)).not.toContain('"4"');
  });

  it("says why each team's cells are empty: fewer than k, withheld, or a figure too few of its people have", () => {
    const rows: TeamRow[] = [
      { team: 't1', status: 'shown', figures: figuresAt(22, 7, { noSafe: true }) },
      { team: 't2', status: 'fewer-than-k', invited: 9 },
      { team: 't3', status: 'withheld' },
    ];
    const names = new Map([
      ['t1', 'Ward 7'],
      ['t2', 'Ward 9'],
    ]);
    const map = heatmapOf({ by: 'team', result: shown(1), measures, k: 5, teams: { rows, names } });
    expect(map.rows.map((r) => r.label)).toEqual(['Whole organisation', 'Unnamed team', 'Ward 7', 'Ward 9']);
    const cells = Object.fromEntries(map.rows.map((r) => [r.id, r.cells]));
    // The stored team section's k (10), not the deployment's (5): that is what the team was judged by.
    expect(cells.t1!.at(-1)).toEqual({ measure: 'favourable:safe', value: null, reason: WHY.figure(10) });
    expect(cells.t2!.every((c) => c.value === null && c.reason === 'fewer than 10 answered')).toBe(true);
    expect(cells.t3!.every((c) => c.value === null && c.reason === WHY.withheld)).toBe(true);
    expect(map.rows.flatMap((r) => r.cells).every((c) => (c.value === null) === (c.reason !== undefined))).toBe(true);

    const lead = heatmapOf({
      by: 'team',
      result: shown(1),
      measures,
      k: 5,
      teams: { rows, names, only: new Set(['t2']) },
    });
    expect(lead.rows.map((r) => r.id)).toEqual(['organisation', 't2']);
  });

  it("names a breakdown's hidden groups without saying which rule hid them", () => {
    const map = heatmapOf({ by: 'staffGroup', result: shown(1), measures, k: 10 });
    const hidden = map.rows.filter((r) => r.cells.every((c) => c.value === null));
    expect(hidden.map((r) => r.label)).toEqual(['Allied health professionals', 'Prefer not to say']);
    for (const row of hidden) for (const cell of row.cells) expect(cell.reason).toBe(WHY.hidden(10));
    const none = heatmapOf({ by: 'staffGroup', result: tooFew(2), measures, k: 10 });
    expect(none.rows).toEqual([
      {
        id: 'organisation',
        label: 'Whole organisation',
        cells: measures.map((m) => ({ measure: m.key, value: null, reason: 'fewer than 10 answered' })),
      },
    ]);
  });

  it("puts a team's figures beside the organisation's, and leaves out waves not sent through it", () => {
    const result = shown(2);
    const organisation = result.figures.overall!;
    const view: TeamView = {
      kind: 'shown',
      team: 't1',
      waveNumber: 2,
      responseRate: 55,
      figures: figuresAt(22, 7),
      movement: { sinceWave: 1, engagement: -0.3, themes: {}, favourable: {}, means: {} },
      comments: {},
      organisation,
    };
    const latest = teamLatest({ result, view }, measures, 10)!;
    expect(latest.figures[0]).toEqual({ measure: 'engagement', team: 7, organisation: 6.1, movement: -0.3 });
    expect(latest.figures[1]).toEqual({ measure: 'theme:motivation', team: 7.3, organisation: 6.4, movement: null });
    const trend = teamTrend(
      [
        { result: shown(1), view: { kind: 'not-asked', team: 't1' } },
        { result, view },
      ],
      measures,
    );
    expect(trend.map((p) => p.number)).toEqual([2]);
  });
});
