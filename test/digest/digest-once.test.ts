import { ManualClock } from '../../src/platform/clock';
import { channelMention, team, teamInstall, user, type TestUser } from '../support/activities';
import { cardOf, cardText, startHarness, type Harness } from '../support/harness';
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

const MINUTE = 60_000;

/**
 * A wave's results exist only after its final write, a grace period after it closes. Whenever that falls between
 * digests, the results must reach exactly one digest: the first one after they exist.
 */
describe('a closed wave in the weekly digest, through /api/messages', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const admin = user('Ann Admin');
  const leaders = team('Leadership');
  let h: Harness;
  let staff: TestUser[];
  let surveyId: string;

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    staff = await installPeople(h, 12);
    ({ surveyId } = await createAndLaunch(h, admin, surveyForm({ name: 'Night shift pulse' })));
    await waitForCards(h, staff);
    for (const p of staff) await click(h, p, 'survey.answer', submitData(surveyCardsFor(h, p)[0], nqpsAnswers()));
    await h.post(teamInstall({ serviceUrl: h.emulator.url, team: leaders, by: admin }));
    await h.post(
      channelMention({
        serviceUrl: h.emulator.url,
        user: admin,
        team: leaders,
        channelId: leaders.id,
        text: 'digest here',
      }),
    );
  }, 60_000);
  afterAll(() => h.stop());

  const digests = () =>
    h.emulator
      .sent(leaders.id)
      .map((c) => cardText(cardOf(c.body)))
      .filter((t) => t.includes('Staff Voice weekly digest'));
  /** Runs the digest job at the clock's time and returns the card it posted. */
  const digestNow = async () => {
    const before = digests().length;
    await h.app.digest.sendWeeklyDigest(clock.now());
    await waitFor(() => digests().length === before + 1, 15_000);
    return digests().at(-1)!;
  };

  it('carries the results in the first digest after they exist, and in no other', async () => {
    clock.advance(5 * 60 * MINUTE + 7 * MINUTE); // 14:07
    await click(h, admin, 'surveys.close', { survey: surveyId });

    clock.advance(MINUTE); // 14:08: closed, but its last answers are not written yet, so it has no results
    const beforeResults = await digestNow();
    expect(beforeResults).not.toContain('Night shift pulse');

    await finishClosedWaves(h, clock); // the final write, two minutes after the close
    clock.advance(2 * MINUTE);
    const first = await digestNow();
    expect(first).toContain('Night shift pulse');
    expect(first).toContain('Responses\n12');

    clock.advance(7 * 24 * 60 * MINUTE); // the next week's digest: nothing new
    expect(await digestNow()).not.toContain('Night shift pulse');
  });

  it('carries a wave once when two processes run the same digest at the same time', async () => {
    const { surveyId: second } = await createAndLaunch(h, admin, surveyForm({ name: 'Day shift pulse' }));
    await waitFor(() => staff.every((p) => surveyCardsFor(h, p).length === 2), 20_000);
    for (const p of staff) await click(h, p, 'survey.answer', submitData(surveyCardsFor(h, p)[1], nqpsAnswers()));
    await click(h, admin, 'surveys.close', { survey: second });
    await finishClosedWaves(h, clock);

    const other = await startHarness({
      firstAdmins: [admin.aadObjectId],
      clock,
      namespace: h.namespace,
      emulator: h.emulator,
    });
    try {
      const before = digests().length;
      await Promise.all([h.app.digest.sendWeeklyDigest(clock.now()), other.app.digest.sendWeeklyDigest(clock.now())]);
      await waitFor(() => digests().length === before + 1, 15_000);
      expect(digests().at(-1)).toContain('Day shift pulse');
      expect(digests().at(-1)).not.toContain('Night shift pulse');

      clock.advance(7 * 24 * 60 * MINUTE);
      expect(await digestNow()).not.toContain('Day shift pulse');
      expect(digests().filter((d) => d.includes('Day shift pulse'))).toHaveLength(1);
    } finally {
      await other.stop();
    }
  }, 60_000);
});
