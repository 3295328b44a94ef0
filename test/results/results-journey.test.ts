import { ManualClock } from '../../src/platform/clock';
import { channelMention, personalMessage, team, teamInstall, user, type TestUser } from '../support/activities';
import { allEntities, cardOf, cardText, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import {
  click,
  createAndLaunch,
  installPeople,
  nqpsAnswers,
  submitData,
  surveyCardsFor,
  surveyForm,
  waitForCards,
} from '../support/surveys';

const MINUTE = 60_000;

describe('results, exports and the weekly digest, through /api/messages', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const admin = user('Ann Admin');
  const leaders = team('Leadership');
  let h: Harness;
  let staff: TestUser[];
  let surveyId: string;

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    staff = await installPeople(h, 25);
    ({ surveyId } = await createAndLaunch(
      h,
      admin,
      surveyForm({ name: 'Winter pulse', aboutYou: 'true', directorates: 'Medicine\nSurgery\nEstates' }),
    ));
    await waitForCards(h, staff);
    // 12 in Medicine, 10 in Surgery, 3 in Estates; engagement answers differ by directorate.
    for (const [i, p] of staff.entries()) {
      const directorate = i < 12 ? 'Medicine' : i < 22 ? 'Surgery' : 'Estates';
      const value = directorate === 'Medicine' ? 5 : 3;
      await click(h, p, 'survey.answer', {
        ...submitData(
          surveyCardsFor(h, p)[0],
          nqpsAnswers(() => value),
        ),
        'about.directorate': directorate,
      });
    }
  }, 60_000);
  afterAll(() => h.stop());

  const say = (who: TestUser, text: string) =>
    h.post(
      personalMessage({
        serviceUrl: h.emulator.url,
        user: who,
        conversationId: h.emulator.conversationIdFor(who.id),
        text,
      }),
    );
  const lastCard = (who: TestUser) => cardOf(h.emulator.sent(h.emulator.conversationIdFor(who.id)).at(-1)!.body);

  it('shows nothing while the wave is open', async () => {
    await say(admin, 'results');
    expect(cardText(lastCard(admin))).toContain('No results yet. Results appear a few minutes after a wave closes');
  });

  it('refuses results and exports to someone without the executive or admin role', async () => {
    await say(staff[0]!, 'results');
    expect(cardText(lastCard(staff[0]!))).toContain('Results are for executives and survey admins');
    await say(staff[0]!, 'export');
    expect(cardText(lastCard(staff[0]!))).toContain('Results are for executives and survey admins');
  });

  it('after close, shows scores with the small directorate hidden together with the next smallest', async () => {
    await click(h, admin, 'surveys.close', { survey: surveyId });
    // The survey job writes the last answers a grace period after the close; results wait for that write.
    clock.advance(6 * MINUTE);
    await h.app.surveys.waves.tick();
    await say(admin, 'results');
    const text = cardText(lastCard(admin));
    expect(text).toContain('Winter pulse');
    expect(text).toMatch(/Responses\n25 \(100% of those asked\)/); // the 25 who installed the app (not the admin)
    expect(text).toContain('Medicine (12)');
    expect(text).not.toContain('Surgery (10)');
    expect(text).not.toContain('Estates (3)');
    expect(text).toContain('2 more groups');
    // Medicine answered 5 throughout (10/10); Surgery and Estates 3 (5/10): (12×10 + 13×5) / 25 = 7.4
    expect(text).toContain('7.4/10');
  });

  it('keeps a closed wave’s result fixed, even if a late response appears in storage', async () => {
    const before = await allEntities(h.table('results'));
    await h
      .table('responses')
      .createEntity({ partitionKey: `${surveyId}-w001`, rowKey: 'f'.repeat(32), day: '2026-11-30', a_nqps1: '1' });
    await say(admin, 'results');
    expect(cardText(lastCard(admin))).toMatch(/Responses\n25 /);
    expect(await allEntities(h.table('results'))).toEqual(before);
  });

  it('exports the suppressed figures and the NQPS return as CSV links', async () => {
    await say(admin, 'export winter');
    const card = lastCard(admin);
    const links: string[] = card.actions.map((a: any) => a.url);
    expect(links).toHaveLength(2);
    const fetchCsv = async (url: string) => {
      const res = await fetch(url.replace(/^https?:\/\/[^/]+/, h.url));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      return res.text();
    };
    const csv = await fetchCsv(links[0]!);
    expect(csv).toContain('"directorate","Medicine","12","engagement (0-10)","10"');
    expect(csv).toContain('"directorate","Estates","","hidden"');
    expect(csv).not.toMatch(/"Estates","3"/);
    const nqps = await fetchCsv(links[1]!);
    expect(nqps).toContain('"NQPS1","I look forward to going to work.","0","0","13","0","12","25"');
    expect(nqps).toContain('"surveyed","25"');

    clock.advance(16 * MINUTE);
    expect((await fetch(links[0]!.replace(/^https?:\/\/[^/]+/, h.url))).status).toBe(404); // expired
    expect((await fetch(`${h.url}/downloads/${'0'.repeat(32)}`)).status).toBe(404);

    await say(admin, `export ${surveyId}-w001`);
    expect(lastCard(admin).actions).toHaveLength(2);
    await say(admin, `export ${surveyId}-w009`);
    expect(cardText(lastCard(admin))).toContain('Nothing to export yet');
  });

  it('sends the weekly digest to the registered leadership channel, then a one-line note when nothing new closed', async () => {
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
    const digests = () =>
      h.emulator
        .sent(leaders.id)
        .map((c) => cardText(cardOf(c.body)))
        .filter((t) => t.includes('digest'));

    await h.app.digest.sendWeeklyDigest(new Date('2026-11-30T08:00:00Z'));
    await waitFor(() => digests().some((t) => t.includes('Staff Voice weekly digest')), 15_000);
    expect(digests().find((t) => t.includes('Staff Voice weekly digest'))).toContain('Winter pulse');

    await h.app.digest.sendWeeklyDigest(new Date('2026-12-07T08:00:00Z'));
    await waitFor(() => digests().some((t) => t.includes('no new survey results since the last digest')), 15_000);
  });
});
