import { ManualClock } from '../../src/platform/clock';
import { newSealingKey } from '../../src/platform/crypto';
import { ConnectorEmulator } from '../support/connector-emulator';
import { allEntities, cardText, uniqueNamespace, type Harness } from '../support/harness';
import { user, type TestUser } from '../support/activities';
import {
  click,
  createAndLaunch,
  finishClosedWaves,
  installPeople,
  nqpsAnswers,
  submitData,
  surveyCardsFor,
  waitForCards,
} from '../support/surveys';
import { peekQueue, startKeyed } from './keyed-harness';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Survey answers across a key rotation: answers sealed under key 1 wait on the `responses` queue while the app
 * restarts with key 2 (key 1 previous); the mixer still opens them, nobody who answered under key 1 can answer again,
 * the reminder (after the re-seal job) still leaves them out, and the job says key 1 is needed until the wave's
 * final write.
 */
describe('survey answers during a key rotation', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z'); // a Monday
  const key1 = newSealingKey();
  const key2 = newSealingKey();
  const namespace = uniqueNamespace();
  const admin = user('Ann Admin');
  let emulator: ConnectorEmulator;
  let h: Harness;
  let staff: TestUser[];
  let surveyId: string;

  const start = (current: string, previous?: string[]) =>
    startKeyed({ current, previous, namespace, emulator, firstAdmins: [admin.aadObjectId], clock });
  const answer = (p: TestUser) => click(h, p, 'survey.answer', submitData(surveyCardsFor(h, p)[0], nqpsAnswers()));

  beforeAll(async () => {
    emulator = await ConnectorEmulator.start();
    h = await start(key1);
    staff = await installPeople(h, 13);
    ({ surveyId } = await createAndLaunch(h, admin));
    await waitForCards(h, staff);
    // Ten answer and one declines under key 1; their answers wait on the queue (the mixer writes nothing below 2k).
    for (const p of staff.slice(0, 10)) expect(cardText(await answer(p))).toContain('Thank you');
    await click(
      h,
      staff[10]!,
      'survey.decline',
      surveyCardsFor(h, staff[10]!)[0].actions.find((a: any) => a.verb === 'survey.decline').data,
    );
    await h.stop();
    h = await start(key2, [key1]);
  }, 60_000);
  afterAll(async () => {
    await h.stop();
    await emulator.stop();
  });

  it('refuses a second answer from someone who answered under key 1', async () => {
    expect(cardText(await answer(staff[0]!))).toMatch(/already/i);
    expect(cardText(await answer(staff[11]!))).toContain('Thank you'); // a new answer, under key 2
  });

  it('the re-seal job moves the markers, and keeps key 1 needed until the wave has had its final write', async () => {
    const report = await h.app.upkeep.reseal.run();
    // Checked: the markers found under key 1's tags in one scan of the wave's markers (10 answered, 1 declined).
    expect(report.parts['answered markers']).toEqual({ checked: 11, resealed: 11, left: 0 });
    expect(report.parts['queued answers']).toEqual({ checked: 1, resealed: 0, left: 1 });
    expect(report.complete).toBe(false);
    const audit = (await allEntities(h.table('audit'))).filter((e) => e.action === 'keys.reseal');
    expect(audit.at(-1)).toMatchObject({
      outcome: 'done',
      detail: expect.stringMatching(/answered markers 11 moved.*queued answers 0 moved, 1 left.*not complete yet$/),
    });
  });

  it('reminds only the one who neither answered nor declined', async () => {
    clock.advance(3 * DAY + 60_000);
    await h.app.surveys.waves.tick();
    await waitForCards(h, [staff[12]!], 2);
    await new Promise((r) => setTimeout(r, 1000)); // give any wrongly queued reminder time to arrive
    for (const p of staff.slice(0, 12)) expect(surveyCardsFor(h, p)).toHaveLength(1);
  });

  it('writes every answer at the close, those sealed under key 1 included, and then needs key 1 no more', async () => {
    await click(h, admin, 'surveys.close', { survey: surveyId });
    await finishClosedWaves(h, clock);
    expect(await allEntities(h.table('responses'))).toHaveLength(11);
    expect(await peekQueue(h, 'responses-poison')).toEqual([]);
    const report = await h.app.upkeep.reseal.run();
    expect(report.parts['queued answers']).toMatchObject({ left: 0 });
    expect(report.complete).toBe(true);
  });
});
