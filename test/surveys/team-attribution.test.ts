import { ManualClock } from '../../src/platform/clock';
import { readRow, type ResponseEntity } from '../../src/surveys/answering/response-row';
import { teamsOfAtLeast } from '../../src/surveys/waves/audience';
import { actionSubmit, team, teamInstall, user, type TestTeam, type TestUser } from '../support/activities';
import { allEntities, cardOf, cardText, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import { snapshot, traces, type Snapshot } from '../support/storage-attacker';
import {
  click,
  createAndLaunch,
  finishClosedWaves,
  markerOf,
  submitData,
  surveyCardsFor,
  surveyForm,
  testRowKeys,
  waitForCards,
} from '../support/surveys';

const DAY = 24 * 60 * 60 * 1000;
const ANSWERS = { its1: '2', its2: '4' };

/**
 * A wave to three teams, chosen in this order: Ward 7 (people 0–11), Ward 9 (people 8–21: 8–11 are in both) and a
 * three-person office (22–24). Each answer belongs to at most one team: the team the person's card was sent through,
 * the first of the wave's teams whose roster has them. The office is asked through fewer than k people (k = 10), so
 * its members are asked with no team. The first process sends nothing (no workers), so the queued cards can be read
 * before a second process sends them.
 */
describe('a wave to teams: the team an answer belongs to', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z'); // a Monday
  const admin = user('Ann Admin');
  const people = Array.from({ length: 25 }, (_, i) => user(`Staff ${i + 1}`));
  const ward7 = team('Ward 7');
  const ward9 = team('Ward 9');
  const office = team('Ward office');
  const teamOf = (i: number) => (i < 12 ? ward7.id : i < 22 ? ward9.id : '');
  let h: Harness;
  let sender: Harness;
  let waveId: string;
  let surveyId: string;
  let queued: Snapshot;
  const refused: Record<string, any> = {};
  let markerAfterRefusal: unknown;

  const addTeam = async (t: TestTeam, members: TestUser[]) => {
    h.emulator.addTeam({ ...t, members: members.map((p) => ({ id: p.id, aadObjectId: p.aadObjectId, name: p.name })) });
    await h.post(teamInstall({ serviceUrl: h.emulator.url, team: t, by: admin }));
  };
  const cardFor = (p: TestUser, nth = 0) => surveyCardsFor(h, p).filter((c) => JSON.stringify(c).includes(waveId))[nth];

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock, delivery: { workers: 0 } });
    await addTeam(ward7, people.slice(0, 12));
    await addTeam(ward9, people.slice(8, 22));
    await addTeam(office, people.slice(22));
    const teams = [ward7, ward9, office].map((t) => t.id).join(',');
    ({ waveId, surveyId } = await createAndLaunch(
      h,
      admin,
      surveyForm({ template: 'intention-to-stay', name: 'Team pulse', audience: 'teams', teams }),
    ));
    await h.app.surveys.waves.idle();
    queued = await snapshot(h);
    sender = await startHarness({ namespace: h.namespace, emulator: h.emulator, clock, delivery: { workers: 2 } });
    await waitForCards(h, people);

    // Someone asked through Ward 9 claims Ward 7, with their own card's proof: refused, nothing stored.
    const own = submitData(cardFor(people[12]!), ANSWERS);
    refused.otherTeam = await click(h, people[12]!, 'survey.answer', { ...own, team: ward7.id });
    refused.noProof = await click(h, people[13]!, 'survey.answer', {
      ...submitData(cardFor(people[13]!), ANSWERS),
      teamProof: '',
    });
    markerAfterRefusal = await markerOf(h, waveId, people[12]!);

    // Ten of Ward 7 (people 10 and 11 do not answer), all ten asked through Ward 9 (one from the Action.Submit
    // fallback), and one of the office.
    for (const i of [...Array(10).keys(), ...Array.from({ length: 9 }, (_, j) => 12 + j), 22])
      await click(h, people[i]!, 'survey.answer', submitData(cardFor(people[i]!), ANSWERS));
    const p = people[21]!;
    await h.post(
      actionSubmit({
        serviceUrl: h.emulator.url,
        user: p,
        conversationId: h.emulator.conversationIdFor(p.id),
        data: { verb: 'survey.answer', ...submitData(cardFor(p), ANSWERS) },
        replyToId: 'act-survey-card',
      }),
    );

    // The reminder, three days on, to those who have not answered.
    clock.advance(3 * DAY + 60_000);
    await h.app.surveys.waves.tick();
    await waitFor(() => [10, 11, 23, 24].every((i) => surveyCardsFor(h, people[i]!).length === 2), 20_000);
  }, 180_000);

  afterAll(async () => {
    await sender?.stop();
    await h?.stop();
  });

  it('asks each person once, through the first of the wave’s teams whose roster has them', () => {
    for (const [i, p] of people.entries()) {
      expect(surveyCardsFor(h, p).length).toBeGreaterThanOrEqual(1);
      const data = submitData(cardFor(p), {});
      expect({ i, team: data.team }).toEqual({ i, team: teamOf(i) });
      expect(data.teamProof).toEqual(teamOf(i) ? expect.stringMatching(/^[0-9a-f]{40}$/) : '');
    }
    // People 8–11 are in both wards: one card each (only the reminder adds a second, for 10 and 11).
    for (const i of [8, 9]) expect(surveyCardsFor(h, people[i]!)).toHaveLength(1);
  });

  it('says on the card that results are also shown team by team, without naming the team', () => {
    const text = cardText(cardFor(people[0]!));
    expect(text).toContain('Results are also shown for each team this survey went to, where 10 or more');
    expect(text).not.toContain('Ward 7');
  });

  it('keeps the team on the person’s deliveries row, and the reminder carries the same team', async () => {
    const rows = (await allEntities(h.table('deliveries'))).filter((r) => r.partitionKey === waveId);
    expect(rows).toHaveLength(25);
    for (const [i, p] of people.entries())
      expect(rows.find((r) => r.rowKey === p.aadObjectId)?.via).toEqual(teamOf(i) || undefined);
    const asked = await h.app.surveys.teamsAsked(waveId);
    expect(Object.fromEntries(asked)).toEqual({ [ward7.id]: 12, [ward9.id]: 10 });
    for (const i of [10, 11, 23, 24]) {
      const reminder = cardFor(people[i]!, 1);
      expect(cardText(reminder)).toContain('Reminder: your view still counts');
      expect(submitData(reminder, {}).team).toBe(teamOf(i));
    }
  });

  it('refuses an answer that claims another team, or a team without its proof, and stores nothing for it', () => {
    expect(cardText(refused.otherTeam)).toContain('This card is out of date');
    expect(cardText(refused.noProof)).toContain('This card is out of date');
    expect(markerAfterRefusal).toBeUndefined();
  });

  it('seals every queued card of the wave: no team id readable on the outbox queue', () => {
    const outbox = queued.messages.filter((m) => m.queue === 'outbox');
    expect(outbox).toHaveLength(25);
    for (const m of outbox) {
      expect(JSON.parse(m.text)).toEqual(expect.objectContaining({ batch: waveId, sealed: expect.any(String) }));
      for (const t of [ward7.id, ward9.id]) expect(m.text).not.toContain(t);
    }
  });

  it('stores each answer with the team it was asked through, sealed, and nowhere a team beside a person but deliveries', async () => {
    const now = await snapshot(h);
    const places = (s: Snapshot) => [
      ...Object.entries(s.rows).flatMap(([table, rows]) =>
        rows.map((r) => ({ where: `${table}/${r.partitionKey}`, raw: r.raw })),
      ),
      ...s.messages.map((m) => ({ where: `queue:${m.queue}`, raw: m.text })),
    ];
    const teamIds = [ward7.id, ward9.id, office.id];
    const withTeam = [...places(queued), ...places(now)].filter((p) => teamIds.some((t) => p.raw.includes(t)));
    // Only the teams' own conversation rows, the survey's audience, the admin's audit and the deliveries rows.
    expect(withTeam.filter((p) => !/^(conversations|surveys|audit|deliveries)\//.test(p.where))).toEqual([]);
    expect(withTeam.filter((p) => p.where.startsWith('deliveries/')).length).toBeGreaterThan(0);
    const staffTraces = people.flatMap((p) => traces(h, p));
    const paired = withTeam.filter((p) => staffTraces.some((t) => p.raw.toLowerCase().includes(t)));
    expect(new Set(paired.map((p) => p.where))).toEqual(new Set([`deliveries/${waveId}`, `deliveries/${waveId}-r`]));

    await click(h, admin, 'surveys.close', { survey: surveyId });
    await finishClosedWaves(h, clock);
    const rows = (await allEntities(h.table('responses'))).filter((r) => r.partitionKey === waveId);
    for (const r of rows) for (const t of teamIds) expect(JSON.stringify(r)).not.toContain(t);
    const opened = rows.map((r) => readRow('responses', r as ResponseEntity, testRowKeys));
    const teams = opened.map((r) => (r.kind === 'sealed' ? (r.response.team ?? 'none') : r.kind));
    const count = (t: string) => teams.filter((x) => x === t).length;
    expect({ ward7: count(ward7.id), ward9: count(ward9.id), none: count('none'), total: teams.length }).toEqual({
      ward7: 10,
      ward9: 10,
      none: 1,
      total: 21,
    });
  }, 60_000);

  it('answers from the Action.Submit fallback too (its answer is one of Ward 9’s ten above)', () => {
    const update = h.emulator.updates(h.emulator.conversationIdFor(people[21]!.id)).at(-1);
    expect(cardText(cardOf(update!.body))).toContain('Thank you: your answers are in');
  });
});

describe('the teams a wave records', () => {
  it('keeps a team only on the people asked through it when there are at least k of them', () => {
    const asked = [
      ...Array.from({ length: 10 }, (_, i) => ({ person: `a${i}`, team: 'A' })),
      ...Array.from({ length: 9 }, (_, i) => ({ person: `b${i}`, team: 'B' })),
      { person: 'c0' },
    ];
    const kept = teamsOfAtLeast(10, asked);
    expect(kept.filter((a) => a.team === 'A')).toHaveLength(10);
    expect(kept.filter((a) => a.team === 'B')).toEqual([]);
    expect(kept.map((a) => a.person)).toEqual(asked.map((a) => a.person));
    expect(teamsOfAtLeast(9, asked).filter((a) => a.team === 'B')).toHaveLength(9);
  });
});
