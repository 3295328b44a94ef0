import { ManualClock } from '../../src/platform/clock';
import { personalInstall, personalMessage, user } from '../support/activities';
import { allEntities, cardOf, cardText, startHarness, type Harness } from '../support/harness';
import {
  click,
  finishClosedWaves,
  installPeople,
  nqpsAnswers,
  submitData,
  surveyCardsFor,
  surveyForm,
  surveyIdIn,
  waitForCards,
} from '../support/surveys';

const DAY = 24 * 60 * 60 * 1000;

describe('the pulse survey journey, through /api/messages', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z'); // a Monday
  const admin = user('Ann Admin');
  let h: Harness;
  let staff: ReturnType<typeof user>[];

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    await h.post(
      personalInstall({
        serviceUrl: h.emulator.url,
        user: admin,
        conversationId: h.emulator.conversationIdFor(admin.id),
      }),
    );
    staff = await installPeople(h, 29);
  });
  afterAll(() => h.stop());

  const everyone = () => [admin, ...staff];
  const say = (who: typeof admin, text: string) =>
    h.post(
      personalMessage({
        serviceUrl: h.emulator.url,
        user: who,
        conversationId: h.emulator.conversationIdFor(who.id),
        text,
      }),
    );
  const lastCard = (who: typeof admin) => cardOf(h.emulator.sent(h.emulator.conversationIdFor(who.id)).at(-1)!.body);

  it('an admin creates a survey from the engagement template, previews it and launches it; 30 people get the card', async () => {
    await say(admin, 'surveys');
    const list = lastCard(admin);
    expect(cardText(list)).toContain('No surveys yet');
    const form = await click(h, admin, 'surveys.new');
    expect(cardText(form)).toContain('NHS staff engagement (NQPS)');

    const created = await click(h, admin, 'surveys.create', surveyForm({ name: 'Ward 7 pulse' }));
    expect(cardText(created)).toContain('Created "Ward 7 pulse" as a draft');
    const surveyId = surveyIdIn(created, 'Ward 7 pulse');

    const preview = await click(h, admin, 'surveys.preview', { survey: surveyId });
    expect(cardText(preview)).toContain('Preview');
    expect(cardText(preview)).toContain('I look forward to going to work.');
    expect(JSON.stringify(preview)).not.toContain('survey.answer'); // a preview cannot be submitted

    const launched = await click(h, admin, 'surveys.launch', { survey: surveyId });
    expect(cardText(launched)).toMatch(/Launched: wave 1 is on its way/);

    await waitForCards(h, everyone());
    for (const p of everyone()) {
      const cards = surveyCardsFor(h, p);
      expect(cards).toHaveLength(1);
      expect(cards[0].version).toBe('1.5');
      const submit = cards[0].actions.find((a: any) => a.verb === 'survey.answer');
      expect(submit).toMatchObject({ type: 'Action.Execute', data: { wave: `${surveyId}-w001`, to: p.aadObjectId } });
      const inputs = cards[0].body.filter((b: any) => b.type === 'Input.ChoiceSet');
      expect(inputs).toHaveLength(9);
      expect(inputs.every((i: any) => i.label && i.isRequired === true)).toBe(true);
    }
  });

  it('20 people answer and each gets the thank-you card; the admin sees live progress', async () => {
    for (const p of staff.slice(0, 20)) {
      const card = surveyCardsFor(h, p)[0];
      const reply = await click(
        h,
        p,
        'survey.answer',
        submitData(
          card,
          nqpsAnswers((i) => (i % 5) + 1),
        ),
      );
      expect(cardText(reply)).toContain('Thank you: your answers are in');
      expect(cardText(reply)).toMatch(/groups of 10 or more, after the survey closes/);
    }
    await say(admin, 'surveys');
    expect(cardText(lastCard(admin))).toMatch(/sent 30 of 30; answered 20 \(67%\)/);
  });

  it('sends one reminder, only to the 10 who did not answer, however often the job runs', async () => {
    clock.advance(3 * DAY + 60_000);
    await h.app.surveys.waves.tick();
    const notAnswered = [admin, ...staff.slice(20)];
    await waitForCards(h, notAnswered, 2);
    await h.app.surveys.waves.tick();
    clock.advance(DAY);
    await h.app.surveys.waves.tick();
    await new Promise((r) => setTimeout(r, 1000)); // give any wrongly queued reminder time to arrive
    for (const p of notAnswered) {
      const cards = surveyCardsFor(h, p);
      expect(cards).toHaveLength(2);
      expect(cardText(cards[1])).toContain('Reminder');
    }
    for (const p of staff.slice(0, 20)) expect(surveyCardsFor(h, p)).toHaveLength(1);
  });

  it('closes on time, writes the 20 anonymous responses, and refuses a late answer politely', async () => {
    clock.set(new Date('2026-11-30T09:01:00Z'));
    await h.app.surveys.waves.tick();
    // While open, 20 waiting answers were written all but a reserve of k; the reserve waits for the final write.
    expect(await allEntities(h.table('responses'))).toHaveLength(10);
    await finishClosedWaves(h, clock);
    const responses = await allEntities(h.table('responses'));
    expect(responses).toHaveLength(20);

    const late = staff[25]!;
    const reply = await click(h, late, 'survey.answer', submitData(surveyCardsFor(h, late)[0], nqpsAnswers()));
    expect(cardText(reply)).toMatch(/has closed/);
    expect(cardText(reply)).toMatch(/nothing was saved/);
    await h.app.surveys.waves.tick();
    expect(await allEntities(h.table('responses'))).toHaveLength(20);

    await say(admin, 'surveys');
    expect(cardText(lastCard(admin))).toMatch(/Ended/);
  });

  it('lists open surveys for a member of staff, and none once the wave has closed', async () => {
    await say(staff[0]!, 'surveys');
    expect(cardText(lastCard(staff[0]!))).toContain('No surveys are open for you right now');
  });
});
