import { ManualClock } from '../../src/platform/clock';
import {
  actionExecute,
  asRefresh,
  channelActionExecute,
  personalInstall,
  user,
  type TestTeam,
} from '../support/activities';
import { allEntities, cardOf, cardText, startHarness, testConnectionString, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import { caseCardIn, guardianClick, guardiansChannel, raise } from '../support/speak-up';
import { TcpProxy } from '../support/tcp-proxy';

const caseRows = async (h: Harness) =>
  (await allEntities(h.table('cases'))).filter((r) => String(r.rowKey).startsWith('FTSU-'));

describe('speak up before the guardians are set up, and during an outage', () => {
  const clock = new ManualClock('2026-11-23T10:00:00Z');
  const admin = user('Ann Admin');
  const grace = user('Grace Guardian');
  const rita = user('Rita Reporter');
  let proxy: TcpProxy;
  let h: Harness;
  let channel: TestTeam;

  beforeAll(async () => {
    // The app reaches table storage through a proxy the test can cut, as if the endpoint were unreachable.
    const cs = testConnectionString();
    proxy = await TcpProxy.start({
      host: '127.0.0.1',
      port: Number(/TableEndpoint=http:\/\/[^:]+:(\d+)/.exec(cs)![1]),
    });
    h = await startHarness({
      firstAdmins: [admin.aadObjectId],
      clock,
      storageConnectionString: cs.replace(
        /TableEndpoint=http:\/\/[^:]+:\d+/,
        `TableEndpoint=http://127.0.0.1:${proxy.port}`,
      ),
    });
    await h.app.people.roles.seed(grace.aadObjectId, ['guardian']);
    await h.post(
      personalInstall({
        serviceUrl: h.emulator.url,
        user: rita,
        conversationId: h.emulator.conversationIdFor(rita.id),
      }),
    );
  });
  afterAll(async () => {
    await h.stop();
    await proxy.stop();
  });

  it('saves a case raised before any guardians channel exists, and posts it once one is registered', async () => {
    const { card } = await raise(h, rita, {
      mode: 'confidential',
      categories: 'worker-safety',
      concern: 'The lift on level 2 traps people.',
    });
    expect(cardText(card)).toContain('FTSU-2026-0001');
    expect(cardText(card)).toContain('not fully set up');
    expect(await caseRows(h)).toEqual([expect.objectContaining({ rowKey: 'FTSU-2026-0001', posted: false })]);

    channel = await guardiansChannel(h, admin); // registering the channel posts the waiting case: no timer run needed
    const posted = await caseCardIn(h, channel, 'FTSU-2026-0001');
    expect(JSON.stringify(posted.card)).not.toContain('Rita');
    const { verb, data } = posted.card.refresh.action;
    const view = await h.post(
      asRefresh(
        channelActionExecute({
          serviceUrl: h.emulator.url,
          user: grace,
          team: channel,
          channelId: channel.id,
          activityId: posted.activityId,
          verb,
          data,
        }),
      ),
    );
    expect(cardText(view.body.value)).toContain('Rita Reporter');
    expect((await caseRows(h))[0]).toMatchObject({ posted: true });
    await h.app.speakUp.timers.tick();
    await new Promise((r) => setTimeout(r, 500));
    expect(
      h.emulator
        .sent(channel.id)
        .filter(
          (c) => c.conversationId === channel.id && cardText(cardOf(c.body)).includes('Speak-up case FTSU-2026-0001'),
        ),
    ).toHaveLength(1);
  });

  it('asks the reporter to retry when storage is down, and the retry makes exactly one case', async () => {
    const before = (await caseRows(h)).length;
    const form = { mode: 'anonymous', categories: 'bullying', concern: 'Repeated comments about my accent.' };
    // A fresh form (from the welcome card's Speak up button), submitted while table storage is unreachable.
    const opened = await h.post(
      actionExecute({
        serviceUrl: h.emulator.url,
        user: rita,
        conversationId: h.emulator.conversationIdFor(rita.id),
        verb: 'speakup.open',
      }),
    );
    const freshDraft = opened.body.value.actions[0].data.draft as string;
    const submit = () =>
      h
        .post(
          actionExecute({
            serviceUrl: h.emulator.url,
            user: rita,
            conversationId: h.emulator.conversationIdFor(rita.id),
            verb: 'speakup.raise',
            data: { draft: freshDraft, ...form },
          }),
        )
        .then((r) => r.body.value);
    proxy.cut();
    const failed = await submit();
    proxy.restore();
    expect(cardText(failed)).toContain('could not be saved just now');
    expect(JSON.stringify(failed)).toContain('Repeated comments about my accent.'); // still filled in
    const retried = await submit();
    expect(cardText(retried)).toMatch(/FTSU-2026-\d{4}/);
    expect(cardText(await submit())).toBe(cardText(retried)); // a third press finds the same case
    expect(await caseRows(h)).toHaveLength(before + 1);
  });

  it('sends the detriment check-in after 90 days, and "yes" reopens the case for the guardians', async () => {
    const posted = await caseCardIn(h, channel, 'FTSU-2026-0001');
    await guardianClick(h, grace, channel, posted.activityId, 'speakup.close', {
      case: 'FTSU-2026-0001',
      'text-close': 'The lift has been repaired.',
    });
    clock.advance(91 * 24 * 60 * 60 * 1000);
    await h.app.speakUp.timers.tick();
    const checkIns = () =>
      h.emulator
        .sent(h.emulator.conversationIdFor(rita.id))
        .filter((c) => cardText(cardOf(c.body)).includes('A check-in from Freedom to Speak Up'));
    await waitFor(() => checkIns().length === 1, 15_000);
    const res = await h.post(
      actionExecute({
        serviceUrl: h.emulator.url,
        user: rita,
        conversationId: h.emulator.conversationIdFor(rita.id),
        verb: 'speakup.checkin',
        data: { case: 'FTSU-2026-0001', answer: 'yes' },
      }),
    );
    expect(cardText(res.body.value)).toContain('has been reopened');
    expect((await caseRows(h)).find((r) => r.rowKey === 'FTSU-2026-0001')).toMatchObject({ status: 'in-progress' });
    expect(String((await caseRows(h)).find((r) => r.rowKey === 'FTSU-2026-0001')!.categories)).toContain('detriment');
    await h.app.speakUp.timers.tick();
    expect(checkIns()).toHaveLength(1);
  });
});
