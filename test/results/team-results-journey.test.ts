import { ManualClock } from '../../src/platform/clock';
import { team, teamInstall, user, type TestTeam, type TestUser } from '../support/activities';
import { allEntities, cardOf, cardText, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import {
  click,
  createAndLaunch,
  finishClosedWaves,
  nqpsAnswers,
  submitData,
  surveyCardsFor,
  surveyForm,
  waitForCards,
} from '../support/surveys';
import { actionsOf, chat } from '../people/lead-helpers';

const POST = 'results.team.post';
const SHOW = 'results.team.show';

/**
 * A wave to three teams, answered, closed and settled, then the leads' cards, `results team`, posting and the
 * executives' table, through /api/messages and the connector emulator. Ward 7 (16 asked: 14 staff and its leads Liam
 * and Wendy) has 14 answers; Ward 9 (13 asked: 12 staff and its lead Nora; Wendy leads it too but was asked through
 * Ward 7) has 3, fewer than k = 10; the office (8 asked, fewer than k, so asked with no team) has 8, whose answers are
 * never shown on their own and cover Ward 9's three, so Ward 7 is shown.
 */
describe("a team's results, for its leads", () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z'); // a Monday
  const admin = user('Ann Admin');
  const evan = user('Evan Executive');
  const [liam, wendy, nora] = [user('Liam Lead'), user('Wendy Ward'), user('Nora Nine')];
  const staff = Array.from({ length: 34 }, (_, i) => user(`Staff ${i + 1}`));
  const [ward7, ward9, office] = [team('Ward 7'), team('Ward 9'), team('Ward office')];
  const members = {
    ward7: [...staff.slice(0, 14), liam, wendy],
    ward9: [...staff.slice(14, 26), nora, wendy],
    office: staff.slice(26, 34),
  };
  const answering = [...staff.slice(0, 14), ...staff.slice(14, 17), ...staff.slice(26, 34)];
  let h: Harness;
  let other: Harness;
  let c: ReturnType<typeof chat>;
  let surveyId: string;
  let waveId: string;
  const announced: { waves: number; cards: number }[] = [];

  const addTeam = async (t: TestTeam, people: TestUser[]) => {
    h.emulator.addTeam({ ...t, members: people.map((p) => ({ id: p.id, aadObjectId: p.aadObjectId, name: p.name })) });
    await h.post(teamInstall({ serviceUrl: h.emulator.url, team: t, by: admin }));
  };
  /** The team results cards that reached someone's 1:1 chat, by their headline. */
  const teamCards = (who: TestUser) =>
    h.emulator
      .sent(h.emulator.conversationIdFor(who.id))
      .map((call) => cardOf(call.body))
      .filter((card) => cardText(card).includes('Team pulse, wave 1, closed'))
      .map((card) => card.body.find((b: any) => b.style === 'heading').text as string);
  const resultRow = async () =>
    (await allEntities(h.table('results'))).find((r) => r.partitionKey === surveyId && r.rowKey === waveId)!;

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    c = chat(h);
    await h.app.people.roles.seed(evan.aadObjectId, ['executive']);
    await addTeam(ward7, members.ward7);
    await addTeam(ward9, members.ward9);
    await addTeam(office, members.office);
    for (const [t, lead] of [
      [ward7, liam],
      [ward7, wendy],
      [ward9, nora],
      [ward9, wendy],
    ] as const)
      expect(cardText(await c.click(admin, 'leads.name', { team: t.id, person: lead.aadObjectId }))).toContain('Done:');
    const teams = [ward7, ward9, office].map((t) => t.id).join(',');
    ({ surveyId, waveId } = await createAndLaunch(
      h,
      admin,
      surveyForm({ name: 'Team pulse', audience: 'teams', teams }),
    ));
    await waitForCards(h, [...members.ward7, ...members.ward9, ...members.office]);
    for (const [i, p] of answering.entries())
      await click(
        h,
        p,
        'survey.answer',
        submitData(
          surveyCardsFor(h, p)[0],
          nqpsAnswers(() => (i < 14 ? 5 : 3)),
        ),
      );
    await click(h, admin, 'surveys.close', { survey: surveyId });
    // Before the last answers are written, there is nothing to announce.
    announced.push(await h.app.results.announcer.announceReady());
    await finishClosedWaves(h, clock);
    // Two processes run the job at once.
    other = await startHarness({ namespace: h.namespace, emulator: h.emulator, clock });
    announced.push(
      ...(await Promise.all([h.app.results.announcer.announceReady(), other.app.results.announcer.announceReady()])),
    );
    await waitFor(
      () => teamCards(liam).length >= 1 && teamCards(wendy).length >= 2 && teamCards(nora).length >= 1,
      20_000,
    );
  }, 240_000);

  afterAll(async () => {
    await other?.stop();
    await h?.stop();
  });

  it("sends each lead of each team one card once the wave's results are ready, whichever process runs the job", async () => {
    expect(announced[0]).toEqual({ waves: 0, cards: 0 });
    // Liam and Wendy of Ward 7, Nora and Wendy of Ward 9: four cards, however the two runs shared them (a card one run
    // queued and the other found still waiting is queued twice, and sent once).
    expect(announced.slice(1).map((a) => a.cards <= 4)).toEqual([true, true]);
    expect(announced[1]!.cards + announced[2]!.cards).toBeGreaterThanOrEqual(4);
    expect(await resultRow()).toEqual(expect.objectContaining({ teamsAnnouncedAt: clock.now().toISOString() }));
    expect(teamCards(liam)).toEqual(['Ward 7: 14 of 16 answered']);
    expect(teamCards(wendy).sort()).toEqual(['Ward 7: 14 of 16 answered', 'Ward 9: fewer than 10 answered']);
    expect(teamCards(nora)).toEqual(['Ward 9: fewer than 10 answered']);
    for (const p of [evan, admin, ...staff]) expect(teamCards(p)).toEqual([]);
  });

  it('sends nothing twice when the job runs again, even after a crash between queueing and marking', async () => {
    expect(await h.app.results.announcer.announceReady()).toEqual({ waves: 0, cards: 0 });
    // A crash after the cards were queued, before the wave was marked: the mark is missing when the job next runs.
    const { teamsAnnouncedAt: _, etag: _etag, timestamp: _at, ...unmarked } = await resultRow();
    await h.table('results').updateEntity(unmarked as { partitionKey: string; rowKey: string }, 'Replace');
    expect((await resultRow()).teamsAnnouncedAt).toBeUndefined();
    expect(await other.app.results.announcer.announceReady()).toEqual({ waves: 1, cards: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect([teamCards(liam).length, teamCards(wendy).length, teamCards(nora).length]).toEqual([1, 2, 1]);
  });

  it("sets the team's figures beside the organisation's on the lead's card, with the buttons for the team", async () => {
    const card = cardOf(
      h.emulator.sent(h.emulator.conversationIdFor(liam.id)).find((s) => cardText(cardOf(s.body)).includes('14 of 16'))!
        .body,
    );
    const rows = card.body
      .find((b: any) => b.type === 'Table')
      .rows.map((r: any) => r.cells.map((x: any) => x.items[0].text));
    expect(rows[0]).toEqual(['', 'Ward 7', 'Organisation']);
    // 14 of 16 (88%) beside 25 of 37 (68%); every answer "always" (10) beside everyone's (14 × 10 + 11 × 5) / 25.
    expect(rows).toContainEqual(['Response rate', '88%', '68%']);
    expect(rows).toContainEqual(['Engagement', '10.0/10', '7.8/10']);
    expect(actionsOf(card).map((a) => [a.verb, a.data])).toEqual([
      [POST, expect.objectContaining({ survey: surveyId, wave: waveId, team: ward7.id })],
      ['actions.form', expect.objectContaining({ survey: surveyId, wave: waveId, team: ward7.id })],
    ]);
  });

  it('shows a lead their team again with `results team`, and a lead of two teams a choice', async () => {
    await c.say(liam, 'results team');
    expect(cardText(c.lastCard(liam))).toContain('Ward 7: 14 of 16 answered');
    await c.say(wendy, 'results team');
    expect(actionsOf(c.lastCard(wendy)).map((a) => [a.title, a.verb, a.data.team])).toEqual([
      ['Ward 7', SHOW, ward7.id],
      ['Ward 9', SHOW, ward9.id],
    ]);
    expect(cardText(await c.click(wendy, SHOW, { team: ward9.id }))).toContain('Ward 9: fewer than 10 answered');
  });

  it('lets an executive name any team', async () => {
    await c.say(evan, 'results team ward 9');
    expect(cardText(c.lastCard(evan))).toContain('Ward 9: fewer than 10 answered');
    await c.say(evan, 'results team Ward 7');
    expect(cardText(c.lastCard(evan))).toContain('Ward 7: 14 of 16 answered');
  });

  it("posts the card once to the team's General channel, without buttons, and audits it", async () => {
    const data = { survey: surveyId, wave: waveId, team: ward7.id };
    expect(cardText(await c.click(liam, POST, data))).toContain('Posted to Ward 7’s General channel.');
    await waitFor(() => h.emulator.sent(ward7.id).length > 0, 20_000);
    const posted = cardOf(h.emulator.sent(ward7.id)[0]!.body);
    expect(cardText(posted)).toContain('Ward 7: 14 of 16 answered');
    expect(cardText(posted)).toContain('Shared by Liam Lead.');
    expect(actionsOf(posted)).toEqual([]);
    // A second click, by another lead: it is there already.
    expect(cardText(await c.click(wendy, POST, data))).toContain('Already posted to Ward 7’s General channel');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.emulator.sent(ward7.id)).toHaveLength(1);
    const audit = (await allEntities(h.table('audit'))).filter((r) => r.action === 'results.team.post');
    expect(audit.map((r) => [r.actor, r.outcome, r.target])).toEqual([[liam.aadObjectId, 'done', ward7.id]]);
  });

  it('refuses to post a team under k (nothing to post) and a lead of the other team', async () => {
    const ward9Data = { survey: surveyId, wave: waveId, team: ward9.id };
    expect(cardText(await c.click(nora, POST, ward9Data))).toContain('That button is no longer in use');
    const refused = await c.click(nora, POST, { survey: surveyId, wave: waveId, team: ward7.id });
    expect(cardText(refused)).toContain('You lead Ward 9, not Ward 7');
    expect(h.emulator.sent(ward9.id)).toHaveLength(0);
  });

  it('gives executives a table of the teams on the results card, "fewer than k" where a team is under k', async () => {
    await c.say(evan, 'results');
    const facts = c
      .lastCard(evan)
      .body.find((b: any) => b.type === 'FactSet' && b.facts.some((f: any) => f.title === 'Ward 7'));
    expect(facts.facts.map((f: any) => [f.title, f.value])).toEqual([
      ['Ward 7', expect.stringMatching(/^14 of 16 answered \(88%\) · Engagement 10\.0\/10/)],
      ['Ward 9', 'fewer than 10 answered (of 13 asked)'],
      ['Ward office', 'fewer than 10 answered'],
    ]);
  });
});
