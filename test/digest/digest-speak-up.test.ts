import { ManualClock } from '../../src/platform/clock';
import {
  actionExecute,
  channelMention,
  personalInstall,
  team,
  teamInstall,
  user,
  type TestUser,
} from '../support/activities';
import { cardOf, cardText, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import { caseCardIn, guardianClick, guardiansChannel, raise } from '../support/speak-up';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Speak-up figures in the weekly digest cover completed quarters only, so two digests never differ by one week's
 * cases: neither a case raised between them nor an earlier case reopened between them shows.
 */
describe('speak-up figures in the weekly digest, through /api/messages', () => {
  const clock = new ManualClock('2026-06-01T09:00:00Z'); // Monday, 2026/27 Q1
  const admin = user('Ann Admin');
  const grace = user('Grace Guardian');
  const rita = user('Rita Reporter');
  const sam = user('Sam Staff');
  const leaders = team('Leadership');
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    await h.app.people.roles.seed(grace.aadObjectId, ['guardian']);
    for (const p of [rita, sam, grace])
      await h.post(
        personalInstall({ serviceUrl: h.emulator.url, user: p, conversationId: h.emulator.conversationIdFor(p.id) }),
      );
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
  });
  afterAll(() => h.stop());

  const speakUpIn = (text: string) => text.slice(text.indexOf('Freedom to Speak Up'));
  const digests = () =>
    h.emulator
      .sent(leaders.id)
      .map((c) => cardText(cardOf(c.body)))
      .filter((t) => t.includes('weekly digest'));
  const digestAt = async (at: string) => {
    clock.set(new Date(at));
    const before = digests().length;
    await h.app.digest.sendWeeklyDigest(clock.now());
    await waitFor(() => digests().length === before + 1, 15_000);
    return digests().at(-1)!;
  };
  const raiseAs = async (who: TestUser, categories: string) =>
    /FTSU-\d{4}-\d{4}/.exec(
      cardText((await raise(h, who, { mode: 'anonymous', categories, concern: 'A concern for the test.' })).card),
    )![0];

  it('shows the last completed quarter, and the same figures a week later whatever happened in between', async () => {
    // 2026/27 Q1: three cases; the first is closed.
    const channel = await guardiansChannel(h, admin);
    const first = await raiseAs(rita, 'worker-safety');
    await raiseAs(sam, 'bullying');
    await raiseAs(sam, 'other');
    const posted = await caseCardIn(h, channel, first);
    await guardianClick(h, grace, channel, posted.activityId, 'speakup.close', {
      case: first,
      'text-close': 'The hoist was repaired.',
    });

    // Q2, 92 days on: the reporter is asked about detriment; a digest goes out.
    clock.advance(92 * DAY);
    await h.app.speakUp.timers.tick();
    const before = await digestAt('2026-09-07T07:00:00Z');
    expect(before).toContain('Freedom to Speak Up, 2026/27 Q1 (April to June)');
    expect(speakUpIn(before)).toMatch(/Cases raised\n3\n/);
    expect(speakUpIn(before)).toMatch(/Detriment for speaking up\n0/);

    // In the week between: a new case, and the first one reopened for detriment.
    clock.set(new Date('2026-09-08T10:00:00Z'));
    await raiseAs(sam, 'bullying');
    const reopened = await h.post(
      actionExecute({
        serviceUrl: h.emulator.url,
        user: rita,
        conversationId: h.emulator.conversationIdFor(rita.id),
        verb: 'speakup.checkin',
        data: { case: first, answer: 'yes' },
      }),
    );
    expect(cardText(reopened.body.value)).toContain('has been reopened');

    const after = await digestAt('2026-09-14T07:00:00Z');
    expect(speakUpIn(after)).toBe(speakUpIn(before));
  }, 60_000);

  it('moves on to the next quarter once it is complete', async () => {
    const text = await digestAt('2026-10-05T07:00:00Z');
    expect(text).toContain('Freedom to Speak Up, 2026/27 Q2 (July to September)');
    expect(speakUpIn(text)).toMatch(/Cases raised\nfewer than 3\n/); // the one raised in September
  });
});
