import { ManualClock } from '../../src/platform/clock';
import { user, type TestTeam, type TestUser } from '../support/activities';
import { allEntities, cardText, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import {
  click,
  createAndLaunch,
  finishClosedWaves,
  installPeople,
  nqpsAnswers,
  submitData,
  surveyCardsFor,
  surveyForm,
  waitForCards,
} from '../support/surveys';
import {
  actionFields,
  actionRef,
  buttons,
  leadershipChannel,
  makeExecutive,
  recordAction,
  say,
  youSaidCards,
} from './support';

describe('you said, we did: a whole journey through /api/messages', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z'); // a Monday
  const admin = user('Ann Admin');
  const exec = user('Evan Executive');
  let h: Harness;
  let staff: TestUser[];
  let leaders: TestTeam;
  let surveyId: string;
  const nights = 'Two more nurses on every night shift';
  const breaks = 'A protected break rota on every ward';
  const cardsOf = (p: TestUser) => youSaidCards(h, h.emulator.conversationIdFor(p.id));

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    staff = await installPeople(h, 30);
    ({ surveyId } = await createAndLaunch(h, admin, surveyForm({ name: 'Night shift pulse', cadence: 'weekly' })));
    await waitForCards(h, staff);
    // 20 answer, 10 do not: everyone asked hears about the actions either way.
    for (const p of staff.slice(0, 20))
      await click(
        h,
        p,
        'survey.answer',
        submitData(
          surveyCardsFor(h, p)[0],
          nqpsAnswers(() => 2),
        ),
      );
    await click(h, admin, 'surveys.close', { survey: surveyId });
    await finishClosedWaves(h, clock);
    leaders = await leadershipChannel(h, admin);
    await makeExecutive(h, admin, exec);
  }, 90_000);
  afterAll(() => h.stop());

  it('lets an executive record two actions, one from the results card', async () => {
    const results = await say(h, exec, 'results');
    const respond = buttons(results).find((b) => b.verb === 'actions.form');
    expect(respond?.title).toBe('Respond with an action');
    const form = await click(h, exec, 'actions.form', respond.data);
    expect(cardText(form)).toContain('Night shift pulse, wave 1');
    const save = buttons(form).find((b) => b.verb === 'actions.save');
    const saved = await click(h, exec, 'actions.save', {
      ...save.data,
      ...actionFields({ plan: nights, targetMonth: '2027-01' }),
    });
    expect(cardText(saved)).toContain('Action saved');

    const second = await recordAction(
      h,
      exec,
      surveyId,
      actionFields({
        heard: 'Half of you rarely get a break on a long day',
        plan: breaks,
        owner: 'Ward managers',
        targetMonth: '2026-11',
        status: 'in-progress',
      }),
    );
    expect(cardText(second)).toContain(breaks);
    const audit = await allEntities(h.table('audit'));
    expect(
      audit.filter((e) => e.action === 'action.create' && e.outcome === 'done' && e.actor === exec.aadObjectId),
    ).toHaveLength(2);
  });

  it('publishes both the same day: each of the 30 asked gets one card holding both, and so does the leadership channel', async () => {
    for (const plan of [nights, breaks]) {
      clock.advance(60_000);
      const card = await click(h, exec, 'actions.publish', await actionRef(h, plan));
      expect(cardText(card)).toMatch(
        /Published. Everyone who was asked in wave 1 gets it Tuesday 24 November(,| at) 09:00/,
      );
    }
    expect(staff.every((p) => cardsOf(p).length === 0)).toBe(true); // nothing before the send slot

    clock.set('2026-11-24T09:00:00Z');
    expect(await h.app.actions.actions.sendDailyBundle(clock.now())).toEqual({
      people: 30,
      channels: 1,
      actions: 2,
    });
    await waitFor(() => staff.every((p) => cardsOf(p).length >= 1) && youSaidCards(h, leaders.id).length >= 1, 20_000);
    await h.app.actions.actions.sendDailyBundle(clock.now()); // a second run the same day sends nothing more
    await new Promise((r) => setTimeout(r, 1500));
    for (const p of staff) {
      expect(cardsOf(p)).toHaveLength(1);
      expect(cardText(cardsOf(p)[0])).toContain(nights);
      expect(cardText(cardsOf(p)[0])).toContain(breaks);
    }
    expect(youSaidCards(h, leaders.id)).toHaveLength(1);
    expect(cardsOf(exec)).toHaveLength(0); // not asked in the wave
  });

  it('marking one done sends one short update to the same people, once', async () => {
    const ref = await actionRef(h, nights);
    const form = await click(h, exec, 'actions.form', ref);
    const save = buttons(form).find((b) => b.verb === 'actions.save');
    expect(
      cardText(
        await click(h, exec, 'actions.save', {
          ...save.data,
          ...actionFields({ plan: nights, status: 'done' }),
        }),
      ),
    ).toContain('Action updated');

    clock.set('2026-11-25T09:00:00Z');
    await h.app.actions.actions.sendDailyBundle(clock.now());
    await waitFor(() => staff.every((p) => cardsOf(p).length >= 2), 20_000);
    clock.set('2026-11-26T09:00:00Z');
    await h.app.actions.actions.sendDailyBundle(clock.now());
    await new Promise((r) => setTimeout(r, 1500));
    for (const p of staff) {
      expect(cardsOf(p)).toHaveLength(2);
      expect(cardText(cardsOf(p)[1])).toContain(`Done: ${nights}`);
      expect(cardText(cardsOf(p)[1])).not.toContain(breaks);
    }
    const audit = await allEntities(h.table('audit'));
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'action.edit',
          outcome: 'done',
          detail: 'edited; status planned → done',
        }),
      ]),
    );
  });

  it('opens the next wave’s card with what we heard and what happened since', async () => {
    clock.set('2026-11-30T09:00:00Z');
    const launched = await click(h, admin, 'surveys.launch', {
      survey: surveyId,
    });
    expect(cardText(launched)).toContain('Launched: wave 2');
    await waitForCards(h, staff, 2);
    const second = surveyCardsFor(h, staff[25]!)[1];
    expect(second.body[0].text).toBe(
      'Last time you told us half of you rarely get a break on a long day; only 41% feel there are enough staff on nights. Since then: a protected break rota on every ward (in progress); two more nurses on every night shift (done).',
    );
  });

  it('lists the overdue action in the weekly digest', async () => {
    await h.app.digest.sendWeeklyDigest(new Date('2026-12-07T08:00:00Z'));
    const digest = () =>
      h.emulator
        .sent(leaders.id)
        .map((c) => cardText(c.body?.attachments?.[0]?.content))
        .find((t) => t.includes('Actions due or overdue'));
    await waitFor(() => digest() !== undefined, 15_000);
    expect(digest()).toContain(`Overdue (November 2026)\n${breaks} (Ward managers; in progress; Night shift pulse)`);
    expect(digest()).not.toContain(nights); // done: not due any more
  });
});
