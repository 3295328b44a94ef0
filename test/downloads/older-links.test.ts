import { ManualClock } from '../../src/platform/clock';
import { personalMessage, user, type TestUser } from '../support/activities';
import { allEntities, startHarness, type Harness } from '../support/harness';
import {
  click,
  createAndLaunch,
  installPeople,
  nqpsAnswers,
  submitData,
  surveyCardsFor,
  waitForCards,
} from '../support/surveys';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Links written before downloads had an owner of their own carry `surveyId` and `waveId` (an NGO link: `surveyId`
 * `ngo` and its quarter's start as `waveId`) instead of `subject`. They keep working, once, until they expire, and
 * the retention job deletes them like any other dead link.
 */
describe('download links stored by the earlier release', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const admin = user('Ann Admin');
  const eve = user('Eve Executive');
  const grace = user('Grace Guardian');
  let h: Harness;
  let surveyId: string;
  let waveId: string;

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    await h.app.people.roles.seed(eve.aadObjectId, ['executive']);
    await h.app.people.roles.seed(grace.aadObjectId, ['guardian']);
    const staff = await installPeople(h, 10);
    ({ surveyId, waveId } = await createAndLaunch(h, admin));
    await waitForCards(h, staff);
    for (const p of staff) await click(h, p, 'survey.answer', submitData(surveyCardsFor(h, p)[0], nqpsAnswers()));
    await click(h, admin, 'surveys.close', { survey: surveyId });
    clock.advance(6 * MINUTE); // past the final write's grace period
    await h.app.surveys.waves.tick();
    await say(eve, 'export'); // the wave's result is stored
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
  const oldRow = async (token: string, row: Record<string, string>) =>
    h.table('exports').createEntity({ partitionKey: 'download', rowKey: token, ...row });
  const get = async (token: string) => {
    const res = await fetch(`${h.url}/downloads/${token}`);
    return { status: res.status, body: await res.text() };
  };
  const audit = async (action: string) => (await allEntities(h.table('audit'))).filter((e) => e.action === action);
  const inAQuarterHour = () => new Date(clock.now().getTime() + 15 * MINUTE).toISOString();

  it('serves an older results link once, and audits it under the wave it names', async () => {
    const token = 'a'.repeat(32);
    await oldRow(token, { surveyId, waveId, kind: 'results', expiresAt: inAQuarterHour(), createdBy: eve.aadObjectId });
    const first = await get(token);
    expect(first.status).toBe(200);
    expect(first.body).toContain('engagement (0-10)');
    expect((await get(token)).status).toBe(410);
    expect(await audit('export.download')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: eve.aadObjectId, outcome: 'done', target: waveId, detail: 'results CSV' }),
      ]),
    );
  });

  it('serves an older NGO-return link once, for the quarter it names', async () => {
    const token = 'b'.repeat(32);
    await oldRow(token, {
      surveyId: 'ngo',
      waveId: '2026-09-30T23:00:00.000Z',
      kind: 'ngo',
      expiresAt: inAQuarterHour(),
      createdBy: grace.aadObjectId,
    });
    const first = await get(token);
    expect(first.status).toBe(200);
    expect(first.body).toContain('Cases raised');
    expect((await get(token)).status).toBe(410);
    expect(await audit('ngo.download')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: grace.aadObjectId, outcome: 'done', target: '2026/27 Q3' }),
      ]),
    );
  });

  it('deletes older links a day after they expired, like any other', async () => {
    const token = 'c'.repeat(32);
    await oldRow(token, {
      surveyId: 'ngo',
      waveId: '2026-09-30T23:00:00.000Z',
      kind: 'ngo',
      expiresAt: inAQuarterHour(),
      createdBy: grace.aadObjectId,
    });
    clock.advance(DAY + 16 * MINUTE);
    expect((await h.app.upkeep.retention.purge()).downloadLinks).toBeGreaterThanOrEqual(3);
    expect((await allEntities(h.table('exports'))).map((e) => e.rowKey)).not.toContain(token);
  });
});
