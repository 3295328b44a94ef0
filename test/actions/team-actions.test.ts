import { ManualClock } from '../../src/platform/clock';
import { FINAL_MIX_GRACE_MS } from '../../src/surveys/waves/wave-mix';
import { team, teamInstall, user, type TestTeam, type TestUser } from '../support/activities';
import { allEntities, cardText, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import { click, createAndLaunch, finishClosedWaves, submitData, surveyCardsFor, surveyForm } from '../support/surveys';
import {
  actionFields,
  actionRef,
  buttons,
  feedbackButton,
  leadershipChannel,
  makeExecutive,
  say,
  youSaidCards,
} from './support';

const DAY = 24 * 60 * 60 * 1000;
const ANSWERS = { its1: '2', its2: '4' };

/**
 * A wave to four teams (k = 10): Ward 7 (12 asked, 10 answer: shown), Ward 9 (10 asked, all answer: shown), Theatres
 * (12 asked, 7 answer: fewer than k) and a three-person office (asked with no team: fewer than k are asked through
 * it). Wendy leads Ward 7 and Nora Ward 9; Sam is one of Ward 7's staff. Together the unshown answers are ten, so no
 * subtraction of the shown teams from everyone's figures isolates fewer than k.
 */
describe('team actions: a lead answers their team’s results, and only the team’s staff hear', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z'); // a Monday
  const admin = user('Ann Admin');
  const exec = user('Evan Executive');
  const staff = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => user(`${prefix} ${i + 1}`));
  const wendy = user('Wendy Ward');
  const nora = user('Nora Nine');
  const sam = user('Sam Staff');
  const ward7People = [wendy, sam, ...staff('Ward 7 nurse', 10)];
  const ward9People = [nora, ...staff('Ward 9 nurse', 9)];
  const theatresPeople = staff('Theatre nurse', 12);
  const officePeople = staff('Office clerk', 3);
  const everyone = [...ward7People, ...ward9People, ...theatresPeople, ...officePeople];
  const ward7 = team('Ward 7');
  const ward9 = team('Ward 9');
  const theatres = team('Theatres');
  const office = team('Ward office');
  const pharmacy = team('Pharmacy'); // has the app; the wave did not go to it
  const handover = 'A protected 15-minute handover slot on every shift';
  const rota = 'Rotas published six weeks ahead';
  let h: Harness;
  let leaders: TestTeam;
  let surveyId: string;
  let waveId: string;
  const cardsOf = (p: TestUser) => youSaidCards(h, h.emulator.conversationIdFor(p.id));
  const actionRows = async () =>
    (await allEntities(h.table('actions'))).map(({ Timestamp: _t, etag: _e, ...rest }) => rest);
  const refusedAudit = async (who: TestUser) =>
    (await allEntities(h.table('audit'))).filter((e) => e.actor === who.aadObjectId && e.outcome === 'refused');
  const teamRoute = (t: TestTeam) => ({ survey: surveyId, wave: waveId, team: t.id });
  const addTeam = async (t: TestTeam, members: readonly TestUser[]) => {
    h.emulator.addTeam({ ...t, members: members.map((p) => ({ id: p.id, aadObjectId: p.aadObjectId, name: p.name })) });
    await h.post(teamInstall({ serviceUrl: h.emulator.url, team: t, by: admin }));
  };

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    for (const [t, members] of [
      [ward7, ward7People],
      [ward9, ward9People],
      [theatres, theatresPeople],
      [office, officePeople],
      [pharmacy, [admin]],
    ] as const)
      await addTeam(t, members);
    const teams = [ward7, ward9, theatres, office].map((t) => t.id).join(',');
    ({ surveyId, waveId } = await createAndLaunch(
      h,
      admin,
      surveyForm({ template: 'intention-to-stay', name: 'Team pulse', cadence: 'weekly', audience: 'teams', teams }),
    ));
    await waitFor(() => everyone.every((p) => surveyCardsFor(h, p).length >= 1), 30_000);
    const answering = [...ward7People.slice(0, 10), ...ward9People, ...theatresPeople.slice(0, 7), ...officePeople];
    for (const p of answering) await click(h, p, 'survey.answer', submitData(surveyCardsFor(h, p)[0], ANSWERS));
    await click(h, admin, 'surveys.close', { survey: surveyId });
    await finishClosedWaves(h, clock);
    leaders = await leadershipChannel(h, admin);
    await makeExecutive(h, admin, exec);
    for (const [t, lead] of [
      [ward7, wendy],
      [ward9, nora],
    ] as const)
      expect(cardText(await click(h, admin, 'leads.name', { team: t.id, person: lead.aadObjectId }))).toContain(
        'Done:',
      );
  }, 180_000);
  afterAll(() => h.stop());

  it('lets Ward 7’s lead record an action from the team card’s button, and publish it to the team', async () => {
    const form = await click(h, wendy, 'actions.form', teamRoute(ward7));
    expect(cardText(form)).toContain('Ward 7, Team pulse, wave 1. The staff asked through Ward 7 will read this');
    const save = buttons(form).find((b) => b.verb === 'actions.save');
    expect(save.data).toEqual({ verb: 'actions.save', ...teamRoute(ward7) });
    const saved = await click(h, wendy, 'actions.save', {
      ...save.data,
      ...actionFields({ heard: 'Handovers often run into your break', plan: handover, owner: 'Wendy Ward' }),
    });
    expect(cardText(saved)).toContain('Action saved');
    expect(cardText(saved)).toContain('Ward 7: Team pulse');
    const row = (await actionRows()).find((r) => r.plan === handover);
    expect(row).toEqual(expect.objectContaining({ team: ward7.id, teamName: 'Ward 7', waveId }));

    const published = await click(h, wendy, 'actions.publish', await actionRef(h, handover));
    expect(cardText(published)).toMatch(/Published. Everyone who was asked through Ward 7 in wave 1 gets it Tuesday/);
    // Her `actions` card is her team's: no organisation section, no other team's.
    const mine = cardText(await say(h, wendy, 'actions'));
    expect(mine).toContain('Ward 7: Team pulse');
    expect(mine).not.toMatch(/Ward 9|Theatres/);
    const audit = await allEntities(h.table('audit'));
    for (const action of ['action.create', 'action.publish'])
      expect(audit).toContainEqual(
        expect.objectContaining({
          actor: wendy.aadObjectId,
          action,
          outcome: 'done',
          detail: expect.stringContaining(`team ${ward7.id}`),
        }),
      );
  });

  it('refuses Ward 9’s lead and Ward 7’s staff on Ward 7, politely, audited, changing nothing', async () => {
    const before = await actionRows();
    const ref = await actionRef(h, handover);
    const attempts = [
      ['actions.form', teamRoute(ward7)],
      ['actions.save', { ...teamRoute(ward7), ...actionFields() }],
      ['actions.save', { ...ref, ...actionFields({ plan: 'Nothing at all' }) }],
      ['actions.publish', ref],
    ] as const;
    for (const who of [nora, sam]) {
      for (const [verb, data] of attempts)
        expect(cardText(await click(h, who, verb, data))).toContain("Only Ward 7's leads record its actions");
      expect((await refusedAudit(who)).map((e) => e.action).sort()).toEqual([
        'action.create',
        'action.edit',
        'action.form',
        'action.publish',
      ]);
      expect((await refusedAudit(who)).every((e) => e.detail === `not-team-lead: team ${ward7.id}`)).toBe(true);
    }
    // A card cannot move an action to another team: Nora's own team on the card changes nothing.
    expect(cardText(await click(h, nora, 'actions.save', { ...ref, team: ward9.id, ...actionFields() }))).toContain(
      "Only Ward 7's leads record its actions",
    );
    // Staff who lead nothing are not shown the actions card at all; Nora's shows only Ward 9.
    expect(cardText(await say(h, sam, 'actions'))).toContain(
      'Actions are for executives, survey admins and team leads',
    );
    expect(cardText(await say(h, nora, 'actions'))).not.toContain('Ward 7');
    expect(await actionRows()).toEqual(before);
  });

  it('refuses a team whose results are not shown: fewer than k answered, or the wave did not go through it', async () => {
    const before = await actionRows();
    expect(cardText(await click(h, exec, 'actions.form', teamRoute(theatres)))).toContain(
      'Theatres has no results shown for wave 1',
    );
    // The office's three were asked with no team: it is one of the wave's teams, with fewer than k.
    expect(cardText(await click(h, exec, 'actions.save', { ...teamRoute(office), ...actionFields() }))).toContain(
      'Ward office has no results shown for wave 1',
    );
    expect(cardText(await click(h, exec, 'actions.form', teamRoute(pharmacy)))).toContain(
      'Pharmacy has no results shown for wave 1',
    );
    expect((await refusedAudit(exec)).map((e) => e.detail)).toEqual(
      expect.arrayContaining([
        `team-not-shown: team ${theatres.id} ${waveId}: fewer-than-k`,
        `team-not-shown: team ${office.id} ${waveId}: fewer-than-k`,
        `team-not-shown: team ${pharmacy.id} ${waveId}: not-asked`,
      ]),
    );
    expect(await actionRows()).toEqual(before);
  });

  it('sends the team’s action only to the staff asked through Ward 7, and an organisation action to everyone asked', async () => {
    const org = await click(h, exec, 'actions.form', { survey: surveyId, wave: waveId });
    const save = buttons(org).find((b) => b.verb === 'actions.save');
    await click(h, exec, 'actions.save', { ...save.data, ...actionFields({ plan: rota }) });
    await click(h, exec, 'actions.publish', await actionRef(h, rota));

    clock.set('2026-11-24T09:00:00Z');
    expect(await h.app.actions.actions.sendDailyBundle(clock.now())).toEqual({ people: 37, channels: 1, actions: 2 });
    await waitFor(
      () => everyone.every((p) => cardsOf(p).length >= 1) && youSaidCards(h, leaders.id).length >= 1,
      20_000,
    );
    for (const p of ward7People) {
      expect(cardsOf(p)).toHaveLength(1);
      expect(cardText(cardsOf(p)[0])).toContain(handover);
      expect(cardText(cardsOf(p)[0])).toContain('Ward 7: Team pulse, wave 1');
      expect(cardText(cardsOf(p)[0])).toContain(rota);
    }
    // Ward 9's, Theatres' and the office's staff (asked with no team) hear of the organisation's action only.
    for (const p of [...ward9People, ...theatresPeople, ...officePeople]) {
      expect(cardsOf(p)).toHaveLength(1);
      expect(cardText(cardsOf(p)[0])).toContain(rota);
      expect(cardText(cardsOf(p)[0])).not.toContain(handover);
    }
    expect(cardText(youSaidCards(h, leaders.id)[0])).not.toContain(handover);
    expect(cardsOf(exec)).toHaveLength(0);
  });

  it('asks Ward 7’s staff "Has this made a difference?" on the team’s action, and nobody else', async () => {
    const id = (await actionRef(h, handover)).id;
    const answer = (p: TestUser, choice: 'yes' | 'not-yet') =>
      click(h, p, 'actions.feedback', feedbackButton(cardsOf(p)[0], id, choice).data);
    for (const [i, p] of ward7People.slice(0, 10).entries())
      expect(cardText(await answer(p, i < 6 ? 'yes' : 'not-yet'))).toContain('recorded, anonymously');
    for (const p of ward9People) expect(feedbackButton(cardsOf(p)[0], id, 'yes')).toBeUndefined();

    // Nora, asked in the wave through Ward 9, crafts a click on Ward 7's action: with her own card's proofs, and with
    // one of Ward 7's cards' proofs. Neither proves she was asked through Ward 7.
    const own = feedbackButton(cardsOf(nora)[0], (await actionRef(h, rota)).id, 'yes').data;
    const crafted = { ...own, id, items: `${surveyId}.${id}.p` };
    const copied = { ...crafted, asked: feedbackButton(cardsOf(ward7People[11]!)[0], id, 'yes').data.asked };
    for (const data of [crafted, copied])
      expect(cardText(await click(h, nora, 'actions.feedback', data))).toContain(
        'This question is for the staff who were asked in that survey, so nothing was recorded.',
      );
    const markers = (await allEntities(h.table('answered'))).filter((m) => m.partitionKey === `fb.${surveyId}.${id}`);
    expect(markers).toHaveLength(10);
  });

  it('opens the next wave’s cards for Ward 7 with the team’s action, and nobody else’s, the reminder too', async () => {
    clock.set('2026-11-30T09:00:00Z');
    expect(cardText(await click(h, admin, 'surveys.launch', { survey: surveyId }))).toContain('Launched: wave 2');
    await waitFor(() => everyone.every((p) => surveyCardsFor(h, p).length >= 2), 30_000);
    const organisation = 'Last time you told us only 41% feel there are enough staff on nights.';
    const opening = (p: TestUser, nth: number) => String(surveyCardsFor(h, p)[nth].body[0].text);
    for (const p of ward7People) {
      expect(opening(p, 1)).toContain(organisation);
      expect(opening(p, 1)).toContain(
        'Ward 7: last time you told us handovers often run into your break. Since then: a protected 15-minute handover slot on every shift (planned).',
      );
    }
    for (const p of [...ward9People, ...theatresPeople, ...officePeople]) {
      expect(opening(p, 1)).toContain(organisation);
      expect(opening(p, 1)).not.toContain('Ward 7');
    }
    clock.advance(3 * DAY + 60_000);
    await h.app.surveys.waves.tick();
    await waitFor(() => [sam, nora].every((p) => surveyCardsFor(h, p).length >= 3), 30_000);
    expect(opening(sam, 2)).toContain('Ward 7: last time you told us handovers');
    expect(opening(nora, 2)).not.toContain('Ward 7');
  });

  it('tells only the team when its action is done, and shows its lead the answers once k are written', async () => {
    const form = await click(h, wendy, 'actions.form', await actionRef(h, handover));
    const save = buttons(form).find((b) => b.verb === 'actions.save');
    const fields = actionFields({ heard: 'Handovers often run into your break', plan: handover, status: 'done' });
    expect(cardText(await click(h, wendy, 'actions.save', { ...save.data, ...fields }))).toContain('Action updated');
    expect(cardText(await say(h, wendy, 'actions'))).toContain('Not shown yet: too few answers so far');

    clock.set('2026-12-04T09:00:00Z');
    expect(await h.app.actions.actions.sendDailyBundle(clock.now())).toEqual({ people: 12, channels: 0, actions: 1 });
    await waitFor(() => ward7People.every((p) => cardsOf(p).length >= 2), 20_000);
    expect(cardText(cardsOf(sam)[1])).toContain(`Done: ${handover}`);
    for (const p of [...ward9People, ...officePeople]) expect(cardsOf(p)).toHaveLength(1);

    clock.advance(28 * DAY + FINAL_MIX_GRACE_MS + 1000);
    await h.app.actions.feedback.mix();
    expect(cardText(await say(h, wendy, 'actions'))).toContain("Yes 6 · Not yet 4 · Don't know 0 (10 answers)");
  });
});
