import { ACTION_VERBS } from '../../src/actions/actions.cards';
import { previousTeamResults } from '../../src/results/team-results';
import { resultCsv } from '../../src/results/export';
import { resultsCard } from '../../src/results/results.cards';
import type { SurveyResults } from '../../src/results/result';
import { teamsTable } from '../../src/results/team-view';
import { teamCardData } from '../../src/results/team-lookup';
import { TEAM_RESULTS_VERBS, teamChoiceCard, teamResultsCard } from '../../src/results/team.cards';
import type { TeamsTable } from '../../src/results/teams-table.cards';
import type { Question } from '../../src/surveys/authoring/questions';
import { NQPS_ENGAGEMENT } from '../../src/surveys/authoring/templates';
import { actionsOf } from '../people/lead-helpers';
import { cardText } from '../support/harness';
import { computedWave, responsesThrough, type StoredWave } from '../support/team-waves';

const QUESTIONS: Question[] = [
  ...NQPS_ENGAGEMENT.questions,
  { id: 'c1', text: 'What would make things better?', scale: { kind: 'text', maxLength: 1000 }, required: false },
];
const SURVEY = { id: 'a1b2c3d4e5', name: 'Winter pulse', questions: QUESTIONS };
const VIEW = { k: 10, timeZone: 'Europe/London', maxComments: 5 };
const NAMES = new Map([
  ['ward-7', 'Ward 7'],
  ['ward-9', 'Ward 9'],
  ['ward-11', 'Ward 11'],
]);

/** Every NQPS item answered `value`, and perhaps a comment. */
const nqps = (value: number, comment?: string) => ({
  ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`nqps${i + 1}`, String(value)])),
  ...(comment ? { c1: comment } : {}),
});

const leadCard = (wave: StoredWave, team: string, audience: Parameters<typeof teamResultsCard>[1] = lead): any =>
  teamResultsCard(
    teamCardData(SURVEY, wave.result, { teamId: team, name: NAMES.get(team)! }, find(wave, team), VIEW),
    audience,
  );
const lead = { kind: 'lead', respondVerb: ACTION_VERBS.form } as const;
const find = (wave: StoredWave, team: string) => wave.teams.find((t) => t.team === team);

/** Ward 7: 14 of 18 answered (12 commenting), Ward 9: 4 of 12, Ward 11: 12 of 20; 15 in personal scope. */
async function sampleWave(previous?: StoredWave): Promise<StoredWave> {
  return computedWave(
    QUESTIONS,
    [
      ...responsesThrough(12, 'ward-7', nqps(4, 'More staff on nights, ask Dr Patel')),
      ...responsesThrough(2, 'ward-7', nqps(4)),
      ...responsesThrough(4, 'ward-9', nqps(1)),
      ...responsesThrough(12, 'ward-11', nqps(3)),
      ...responsesThrough(15, undefined, nqps(2)),
    ],
    {
      surveyName: SURVEY.name,
      waveNumber: previous ? 2 : 1,
      offered: ['ward-7', 'ward-9', 'ward-11'],
      invited: { 'ward-7': 18, 'ward-9': 12, 'ward-11': 20 },
      ...(previous ? { previous: previousTeamResults([{ waveNumber: 1, teams: previous.teams }]) } : {}),
    },
  );
}

describe("a team lead's card", () => {
  it("says how many of the team answered and sets the team's figures beside the organisation's", async () => {
    const card = leadCard(await sampleWave(), 'ward-7');
    const text = cardText(card);
    expect(text).toContain('Ward 7: 14 of 18 answered');
    expect(text).toContain('Winter pulse, wave 1, closed');
    const table = card.body.find((b: any) => b.type === 'Table');
    const rows = table.rows.map((r: any) => r.cells.map((c: any) => c.items[0].text));
    expect(rows[0]).toEqual(['', 'Ward 7', 'Organisation']);
    // 14 of 18 (78%) beside 45 of 50; every item "often" (7.5) beside everyone's (14 × 7.5 + 12 × 5 + 15 × 2.5) / 45.
    expect(rows).toContainEqual(['Response rate', '78%', '90%']);
    expect(rows).toContainEqual(['Engagement', '7.5/10', '4.5/10']);
  });

  it("gives the team's movement since its previous wave", async () => {
    const first = await sampleWave();
    const second = await computedWave(
      QUESTIONS,
      [...responsesThrough(16, 'ward-7', nqps(5)), ...responsesThrough(20, undefined, nqps(3))],
      {
        waveNumber: 2,
        offered: ['ward-7'],
        invited: { 'ward-7': 18 },
        previous: previousTeamResults([{ waveNumber: 1, teams: first.teams }]),
      },
    );
    const text = cardText(leadCard(second, 'ward-7'));
    expect(text).toContain('Ward 7: 16 of 18 answered');
    expect(text).toContain('10.0/10 (+2.5 since wave 1)');
    expect(text).toContain('89% (+11 since wave 1)');
  });

  it("shows leads the team's comments redacted and inert, and the channel's copy neither comments nor buttons", async () => {
    const wave = await sampleWave();
    const card = leadCard(wave, 'ward-7');
    const comments = JSON.stringify(card.body.filter((b: any) => b.type === 'RichTextBlock'));
    expect(comments).toContain('More staff on nights, ask Dr [name]');
    expect(comments).not.toContain('Patel');
    expect(actionsOf(card).map((a) => [a.title, a.verb, a.data])).toEqual([
      [
        "Post to the team's channel",
        TEAM_RESULTS_VERBS.post,
        expect.objectContaining({ survey: SURVEY.id, wave: wave.result.waveId, team: 'ward-7' }),
      ],
      [
        'Record a team action',
        ACTION_VERBS.form,
        expect.objectContaining({ survey: SURVEY.id, wave: wave.result.waveId, team: 'ward-7' }),
      ],
    ]);
    const channel = leadCard(wave, 'ward-7', { kind: 'channel', sharedBy: 'Liam Lead' });
    expect(cardText(channel)).toContain('Ward 7: 14 of 18 answered');
    expect(cardText(channel)).toContain('Shared by Liam Lead.');
    expect(JSON.stringify(channel)).not.toContain('More staff');
    expect(actionsOf(channel)).toEqual([]);
  });

  it('says "fewer than k answered" for a team under k, with no figure and no button', async () => {
    const card = leadCard(await sampleWave(), 'ward-9');
    const text = cardText(card);
    expect(text).toContain('Ward 9: fewer than 10 answered');
    expect(text).toContain('12 people were asked through Ward 9');
    expect(text).toContain("Their answers still count in the organisation's results");
    expect(card.body.some((b: any) => b.type === 'Table')).toBe(false);
    expect(text).not.toMatch(/\b4 of 12\b/);
    expect(actionsOf(card)).toEqual([]);
  });

  it('says why a withheld team shows nothing', async () => {
    // Ward 9's three are under k; everyone minus Ward 7 would be them, so Ward 7 is withheld.
    const wave = await computedWave(
      QUESTIONS,
      [...responsesThrough(30, 'ward-7', nqps(4)), ...responsesThrough(3, 'ward-9', nqps(1))],
      {
        offered: ['ward-7', 'ward-9'],
      },
    );
    const text = cardText(leadCard(wave, 'ward-7'));
    expect(text).toContain('Ward 7: results withheld');
    expect(text).toContain('one minus the other would single people out');
    expect(text).not.toContain('30');
  });

  it('offers a choice of teams as buttons that each show one team', () => {
    const card = teamChoiceCard([
      { teamId: 'ward-7', name: 'Ward 7' },
      { teamId: 'ward-9', name: 'Ward 9' },
    ]);
    expect(actionsOf(card).map((a) => [a.title, a.verb, a.data.team])).toEqual([
      ['Ward 7', TEAM_RESULTS_VERBS.show, 'ward-7'],
      ['Ward 9', TEAM_RESULTS_VERBS.show, 'ward-9'],
    ]);
  });
});

describe("the executives' table of teams on the results card", () => {
  const surveyResults = (wave: StoredWave, id = SURVEY.id): SurveyResults => ({
    survey: { ...SURVEY, id, commentsInDigest: true },
    latest: wave.result,
    trend: [wave.result],
  });
  const tableOf = (wave: StoredWave, names: ReadonlyMap<string, string> = NAMES): Map<string, TeamsTable> =>
    new Map([[wave.result.waveId, { rows: teamsTable(wave.teams), names, k: 10 }]]);

  it('lists each team\'s response rate and headline measures, and "fewer than k" for a team under k', async () => {
    const wave = await sampleWave();
    const card: any = resultsCard([surveyResults(wave)], VIEW, { respond: ACTION_VERBS.form }, tableOf(wave));
    const facts = card.body.find((b: any) => b.type === 'FactSet' && b.facts.some((f: any) => f.title === 'Ward 7'));
    expect(facts.facts.map((f: any) => [f.title, f.value])).toEqual([
      ['Ward 11', expect.stringMatching(/^12 of 20 answered \(60%\) · Engagement 5\.0\/10 · Motivation/)],
      ['Ward 7', expect.stringMatching(/^14 of 18 answered \(78%\) · Engagement 7\.5\/10/)],
      ['Ward 9', 'fewer than 10 answered (of 12 asked)'],
    ]);
    expect(cardText(card)).toContain('By team (3)');
    // No comment of a team reaches the executives' table.
    expect(JSON.stringify(facts)).not.toContain('nights');
  });

  it('stays under 28 KB with 200 teams, listing some and saying how many more and where to find them', async () => {
    const teams = Array.from(
      { length: 200 },
      (_, i) => `19:team-${String(i).padStart(3, '0')}-general-channel@thread.tacv2`,
    );
    const responses = teams.flatMap((t, i) => responsesThrough(i % 7 === 0 ? 4 : 12, t, nqps(1 + (i % 5))));
    const invited = Object.fromEntries(teams.map((t) => [t, 20]));
    const names = new Map(teams.map((t, i) => [t, `Ward ${i + 1} (Acute and emergency medicine)`]));
    const one = await computedWave(QUESTIONS, responses, { offered: teams, invited });
    const card = resultsCard([surveyResults(one)], VIEW, { respond: ACTION_VERBS.form }, tableOf(one, names));
    const text = cardText(card);
    expect(text).toContain('By team (200)');
    expect(text).toContain('140 more teams: type "results team" and a team\'s name for one, or "export"');
    expect(text).toContain('fewer than 10 answered (of 20 asked)');
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(28 * 1024);
    // Three such surveys on one card share the rows.
    const three = [0, 1, 2].map((i) => ({
      ...one,
      result: { ...one.result, surveyId: `a1b2c3d4e${i}`, waveId: `a1b2c3d4e${i}-w001` },
    }));
    const tables = new Map(three.map((w) => [w.result.waveId, { rows: teamsTable(w.teams), names, k: 10 }]));
    const big = resultsCard(
      three.map((w) => surveyResults(w, w.result.surveyId)),
      VIEW,
      { respond: ACTION_VERBS.form },
      tables,
    );
    expect(cardText(big)).toContain('180 more teams');
    expect(Buffer.byteLength(JSON.stringify(big), 'utf8')).toBeLessThan(28 * 1024);
  });
});

describe('the results CSV of a wave sent to teams', () => {
  it('lists every team by name: its figures, or why there are none, and never its comments', async () => {
    const wave = await sampleWave();
    const csv = resultCsv(wave.result, QUESTIONS, { rows: teamsTable(wave.teams), names: NAMES, k: 10 });
    const teamLines = csv.split('\r\n').filter((l) => l.includes('"team"'));
    expect(teamLines).toContain('"Winter pulse","1","2026-10-20","team","Ward 7","","asked","18"');
    expect(teamLines).toContain('"Winter pulse","1","2026-10-20","team","Ward 7","14","response rate %","77.8"');
    expect(teamLines).toContain('"Winter pulse","1","2026-10-20","team","Ward 7","14","engagement (0-10)","7.5"');
    expect(teamLines).toContain('"Winter pulse","1","2026-10-20","team","Ward 9","","hidden","fewer than 10 answered"');
    expect(teamLines.filter((l) => l.includes('"Ward 9"'))).toHaveLength(2);
    expect(csv).not.toContain('nights');
  });
});
