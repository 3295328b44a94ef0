import { ManualClock } from '../../src/platform/clock';
import { user } from '../support/activities';
import { allEntities, cardText, startHarness, type Harness } from '../support/harness';
import { click, installPeople, surveyCardsFor, surveyForm, surveyIdIn, waitForCards } from '../support/surveys';

const DAY = 24 * 60 * 60 * 1000;

describe('waves on a schedule', () => {
  const clock = new ManualClock('2026-11-23T10:00:00Z'); // Monday, after the 09:00 send time
  const admin = user('Ann Admin');
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
  });
  afterAll(() => h.stop());

  const waves = async (surveyId: string) =>
    (await allEntities(h.table('waves')))
      .filter((w) => w.partitionKey === surveyId)
      .sort((a, b) => Number(a.number) - Number(b.number));

  it('opens a scheduled weekly survey at the next send slot, then every week, and stops while paused', async () => {
    const [p] = await installPeople(h, 10);
    const created = await click(
      h,
      admin,
      'surveys.create',
      surveyForm({ name: 'Weekly check', cadence: 'weekly', windowDays: '5' }),
    );
    const surveyId = surveyIdIn(created, 'Weekly check');
    const scheduled = await click(h, admin, 'surveys.schedule', { survey: surveyId });
    expect(cardText(scheduled)).toContain('Scheduled: the first wave opens Tuesday 24 November at 09:00');

    await h.app.surveys.waves.tick();
    expect(await waves(surveyId)).toHaveLength(0); // not yet

    clock.set('2026-11-24T09:00:30Z');
    await h.app.surveys.waves.tick();
    expect(await waves(surveyId)).toMatchObject([{ number: 1, status: 'open', closesAt: '2026-11-29T09:00:30.000Z' }]);
    await waitForCards(h, [p!]);

    clock.set('2026-11-29T09:01:00Z');
    await h.app.surveys.waves.tick();
    expect((await waves(surveyId))[0]).toMatchObject({ status: 'closed' });

    clock.set('2026-12-01T09:00:30Z');
    await h.app.surveys.waves.tick();
    expect((await waves(surveyId)).map((w) => w.status)).toEqual(['closed', 'open']);
    await waitForCards(h, [p!], 2);

    expect(cardText(await click(h, admin, 'surveys.pause', { survey: surveyId }))).toContain('Paused');
    clock.set('2026-12-08T09:00:30Z');
    await h.app.surveys.waves.tick();
    expect(await waves(surveyId)).toHaveLength(2); // paused: no third wave

    const resumed = await click(h, admin, 'surveys.resume', { survey: surveyId });
    expect(cardText(resumed)).toContain('Resumed: the next wave opens Wednesday 9 December at 09:00');
  });

  it('sends the new-starter check-in only to people about 30, 60 or 90 days in', async () => {
    clock.set('2027-01-04T10:00:00Z');
    const [veteran] = await installPeople(h, 1, 'Veteran');
    clock.advance(10 * DAY);
    const starters = await installPeople(h, 10, 'Starter');
    clock.advance(31 * DAY); // the starters are 31 days in, the veteran 41
    const created = await click(
      h,
      admin,
      'surveys.create',
      surveyForm({
        template: 'new-starter',
        name: 'New starter check-in',
        cadence: 'weekly',
        audience: 'new-starters',
      }),
    );
    const surveyId = surveyIdIn(created, 'New starter check-in');
    expect(cardText(await click(h, admin, 'surveys.launch', { survey: surveyId }))).toMatch(/Launched: wave 1/);
    await waitForCards(h, starters);
    expect(surveyCardsFor(h, veteran!).filter((c) => JSON.stringify(c).includes(surveyId))).toHaveLength(0);
    expect((await waves(surveyId))[0]).toMatchObject({ recipients: 10 });
  });

  it('does not open a scheduled wave whose audience is under k: nobody is asked, and the next opening is set', async () => {
    // On Monday 1 March nobody is 30–37, 60–67 or 90–97 days in: that week's new-starter wave would go to no one.
    const [survey] = (await allEntities(h.table('surveys'))).filter((s) => s.name === 'New starter check-in');
    await click(h, admin, 'surveys.close', { survey: survey!.rowKey });
    clock.set('2027-03-01T09:00:30Z');
    await h.app.surveys.waves.tick();
    const after = (await allEntities(h.table('surveys'))).find((s) => s.rowKey === survey!.rowKey)!;
    expect(await waves(String(survey!.rowKey))).toHaveLength(1);
    expect(new Date(String(after.nextOpenAt)).getTime()).toBeGreaterThan(clock.now().getTime());
    expect(h.logLines.join('\n')).toMatch(/wave not opened: fewer people can be reached than the minimum group size/);
  });

  it('opens one wave when an admin double-clicks "Launch now" on two processes at once', async () => {
    const second = await startHarness({
      firstAdmins: [admin.aadObjectId],
      clock,
      namespace: h.namespace,
      emulator: h.emulator,
    });
    try {
      const [p] = await installPeople(h, 10, 'Double');
      const created = await click(h, admin, 'surveys.create', surveyForm({ name: 'Double launch' }));
      const surveyId = surveyIdIn(created, 'Double launch');
      const replies = await Promise.all([
        click(h, admin, 'surveys.launch', { survey: surveyId }),
        click(second, admin, 'surveys.launch', { survey: surveyId }),
      ]);
      expect(replies.map(cardText).join('\n')).toMatch(/Launched: wave 1/);
      await waitForCards(h, [p!]);
      await new Promise((r) => setTimeout(r, 1000));
      expect(await waves(surveyId)).toHaveLength(1);
      expect(surveyCardsFor(h, p!).filter((c) => JSON.stringify(c).includes(surveyId))).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});
