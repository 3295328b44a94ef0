import { ManualClock } from '../../src/platform/clock';
import { personalMessage, user, type TestUser } from '../support/activities';
import { allEntities, cardOf, startHarness, type Harness } from '../support/harness';
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

/**
 * Download links (results CSV, NQPS return, NGO return) work once: the first fetch spends the link, so a second one,
 * or one racing it, gets nothing; a link not used in time is dead; and the audit says whose link was downloaded, when.
 */
describe('single-use download links, through the real HTTP server', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const admin = user('Ann Admin');
  const eve = user('Eve Executive');
  const grace = user('Grace Guardian');
  let h: Harness;
  let waveId: string;

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    await h.app.people.roles.seed(eve.aadObjectId, ['executive']);
    await h.app.people.roles.seed(grace.aadObjectId, ['guardian']);
    const staff = await installPeople(h, 10);
    let surveyId: string;
    ({ surveyId, waveId } = await createAndLaunch(h, admin));
    await waitForCards(h, staff);
    for (const p of staff) await click(h, p, 'survey.answer', submitData(surveyCardsFor(h, p)[0], nqpsAnswers()));
    await click(h, admin, 'surveys.close', { survey: surveyId });
    clock.advance(6 * MINUTE); // past the final write's grace period
    await h.app.surveys.waves.tick();
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
  const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, h.url);
  const linksFor = async (who: TestUser, command: string): Promise<string[]> => {
    await say(who, command);
    return (lastCard(who).actions ?? []).filter((a: any) => a.type === 'Action.OpenUrl').map((a: any) => local(a.url));
  };
  const get = async (url: string) => {
    const res = await fetch(url);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
  };
  const audit = async (action: string) => (await allEntities(h.table('audit'))).filter((e) => e.action === action);

  it('serves a results link once; the second fetch gets 410 and no CSV', async () => {
    const [results] = await linksFor(eve, 'export');
    const first = await get(results!);
    expect(first.status).toBe(200);
    expect(first.type).toContain('text/csv');
    expect(first.body).toContain('engagement (0-10)');

    const second = await get(results!);
    expect(second.status).toBe(410);
    expect(second.type).not.toContain('text/csv');
    expect(second.body).not.toContain('engagement');
    expect(second.body).toContain('already been used');
  });

  it('audits who downloaded what: the owner of the link, the wave and the time, and the refused second try', async () => {
    const rows = await audit('export.download');
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          partitionKey: 'admin',
          actor: eve.aadObjectId,
          outcome: 'done',
          target: waveId,
          detail: 'results CSV',
          at: clock.now().toISOString(),
        }),
        expect.objectContaining({
          partitionKey: 'admin',
          actor: eve.aadObjectId,
          outcome: 'refused',
          target: waveId,
          detail: 'link already used',
        }),
      ]),
    );
  });

  it('serves one of two fetches racing for the same link, and refuses the other', async () => {
    const [, nqps] = await linksFor(eve, 'export');
    const both = await Promise.all([get(nqps!), get(nqps!), get(nqps!)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 410, 410]);
    expect(both.filter((r) => r.body.includes('NQPS1'))).toHaveLength(1);
  });

  it('refuses a link fetched after it expired, never used, with nothing served', async () => {
    const [results] = await linksFor(eve, 'export');
    clock.advance(15 * MINUTE + 1000);
    const late = await get(results!);
    expect([404, 410]).toContain(late.status);
    expect(late.body).not.toContain('engagement');
    expect(await audit('export.download')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: eve.aadObjectId, outcome: 'refused', detail: 'link expired' }),
      ]),
    );
  });

  it('refuses a link whose owner lost the role after asking for it', async () => {
    const [results] = await linksFor(eve, 'export');
    expect((await h.app.people.roles.change(admin.aadObjectId, eve.aadObjectId, 'executive', false)).kind).toBe(
      'revoked',
    );
    const res = await get(results!);
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('engagement');
    expect((await get(results!)).status).toBe(410); // and the link is spent
    await h.app.people.roles.change(admin.aadObjectId, eve.aadObjectId, 'executive', true);
  });

  it('serves an NGO-return link once, and audits the guardian who asked', async () => {
    const [ngo] = await linksFor(grace, 'ngo return');
    const first = await get(ngo!);
    expect(first.status).toBe(200);
    expect(first.body).toContain('Cases raised');
    const second = await get(ngo!);
    expect(second.status).toBe(410);
    expect(second.body).not.toContain('Cases raised');
    expect(await audit('ngo.download')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: grace.aadObjectId, outcome: 'done' }),
        expect.objectContaining({ actor: grace.aadObjectId, outcome: 'refused' }),
      ]),
    );
  });

  it('never writes a download token into its own log lines', async () => {
    const [results] = await linksFor(eve, 'export');
    const token = results!.split('/').at(-1)!;
    await fetch(results!, { method: 'POST' }); // the wrong method: restify rejects it and logs the path
    expect((await get(results!)).status).toBe(200);
    expect(h.logLines.some((l) => l.includes('request rejected') && l.includes('/downloads/'))).toBe(true);
    expect(h.logLines.join('\n')).not.toContain(token);
  });
});
