import { ManualClock } from '../../src/platform/clock';
import {
  actionExecute,
  personalInstall,
  privateChannel,
  privateChannelActionExecute,
  privateChannelCreated,
  privateChannelInstall,
  privateChannelMention,
  privateChannelUninstall,
  team,
  teamInstall,
  user,
  type TestChannel,
  type TestTeam,
  type TestUser,
} from '../support/activities';
import type { RecordedCall } from '../support/connector-emulator';
import { allEntities, cardOf, cardText, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import { raise } from '../support/speak-up';

/**
 * Guardians usually meet in a private channel. A private channel is a conversation of its own inside a host team:
 * its id is not the team's, it is not the team's General channel, and the app is in it only once someone adds it
 * there. Everything below goes through /api/messages and the connector emulator, as Teams would drive it.
 */
describe('speak-up in a private guardians channel', () => {
  const clock = new ManualClock('2026-11-23T10:00:00Z'); // Monday
  const admin = user('Ann Admin');
  const grace = user('Grace Guardian');
  const rita = user('Rita Reporter');
  const carl = user('Carl Confidential');
  let h: Harness;
  let trust: TestTeam;
  let guardians: TestChannel;
  let cardId: string;
  let caseRef: string;

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    await h.app.people.roles.seed(grace.aadObjectId, ['guardian']);
    await h.app.people.roles.seed(admin.aadObjectId, ['guardian']); // registering the guardians' channel takes both roles
    for (const p of [rita, carl, grace])
      await h.post(
        personalInstall({ serviceUrl: h.emulator.url, user: p, conversationId: h.emulator.conversationIdFor(p.id) }),
      );
    // The host team has the app (a private channel cannot get it otherwise); its listed channels do not include the
    // private channel, so nothing below can depend on Teams' channel list naming it.
    trust = team('Northtown Trust', ['Announcements']);
    h.emulator.addTeam({ id: trust.id, name: trust.name, channels: trust.channels, members: [] });
    expect((await h.post(teamInstall({ serviceUrl: h.emulator.url, team: trust, by: admin }))).status).toBe(200);
    guardians = privateChannel('FTSU Guardians');
  });
  afterAll(() => h.stop());

  const conversations = () => allEntities(h.table('conversations'));
  const rowOf = async (conversationId: string) =>
    (await conversations()).find((r) => r.partitionKey === 'channel' && r.rowKey === conversationId);
  const threadOf = (activityId: string) => `${guardians.id};messageid=${activityId}`;
  const cardsTo = (who: TestUser) =>
    h.emulator.sent(h.emulator.conversationIdFor(who.id)).map((c) => cardText(cardOf(c.body)));
  const caseCard = (ref: string) =>
    h.emulator
      .sent(guardians.id)
      .find(
        (c) =>
          c.method === 'POST' &&
          c.conversationId === guardians.id &&
          cardText(cardOf(c.body)).includes(`Speak-up case ${ref}`),
      );
  const click = (who: TestUser, verb: string, data: Record<string, unknown>) =>
    h.post(
      privateChannelActionExecute({
        serviceUrl: h.emulator.url,
        user: who,
        team: trust,
        channel: guardians,
        activityId: cardId,
        verb,
        data,
      }),
    );

  it('does not take a newly created private channel for one the app is in', async () => {
    const created = privateChannel('Not yet added');
    expect(
      (await h.post(privateChannelCreated({ serviceUrl: h.emulator.url, team: trust, channel: created, by: admin })))
        .status,
    ).toBe(200);
    expect(await rowOf(created.id)).toBeUndefined();
  });

  it('captures the private channel under its own id when the app is added to it, leaving the team as it was', async () => {
    const before = (await conversations())
      .filter((r) => r.partitionKey === 'channel' && r.teamId === trust.id)
      .map((r) => r.rowKey);
    expect(before).not.toContain(guardians.id);

    const res = await h.post(
      privateChannelInstall({ serviceUrl: h.emulator.url, team: trust, channel: guardians, by: admin }),
    );
    expect(res.status).toBe(200);

    const row = await rowOf(guardians.id);
    expect(row).toMatchObject({ teamId: trust.id, name: 'FTSU Guardians', status: 'active' });
    expect(JSON.parse(String(row!.ref))).toMatchObject({
      kind: 'channel',
      conversationId: guardians.id,
      serviceUrl: h.emulator.url,
    });
    // The host team and its own channels are untouched; the team was not re-listed for a channel add.
    expect((await conversations()).find((r) => r.partitionKey === 'team' && r.rowKey === trust.id)).toMatchObject({
      status: 'active',
      name: 'Northtown Trust',
    });
    expect((await rowOf(trust.id))?.status).toBe('active');
    expect(h.emulator.calls.filter((c) => c.path.includes('/teams/'))).toHaveLength(1); // the team install's listing only
  });

  it('registers the private channel itself (not the host team or its General channel) with "guardians here"', async () => {
    const res = await h.post(
      privateChannelMention({
        serviceUrl: h.emulator.url,
        user: admin,
        team: trust,
        channel: guardians,
        text: 'guardians here',
      }),
    );
    expect(res.status).toBe(200);
    const confirmation = cardText(cardOf(h.emulator.sent(guardians.id).at(-1)?.body));
    expect(confirmation).toContain('Done: this channel now receives');
    expect(confirmation).toContain('private channel: only its members see them');

    const registrations = await allEntities(h.table('registrations'));
    expect(registrations).toHaveLength(1);
    expect(registrations[0]).toMatchObject({
      partitionKey: 'guardians',
      rowKey: guardians.id,
      channelName: 'FTSU Guardians',
      teamName: 'Northtown Trust',
      channelType: 'private',
    });
    expect(JSON.parse(String(registrations[0]!.ref))).toMatchObject({ kind: 'channel', conversationId: guardians.id });
  });

  it("posts a case raised in 1:1 to the private channel's own conversation", async () => {
    const { card } = await raise(h, rita, {
      mode: 'anonymous',
      categories: 'bullying',
      concern: 'My manager shouted at me on ward 7.',
    });
    caseRef = /FTSU-2026-\d{4}/.exec(cardText(card))![0];
    expect(cardText(card)).not.toContain('not fully set up');

    await waitFor(() => Boolean(caseCard(caseRef)), 15_000);
    const posted: RecordedCall = caseCard(caseRef)!;
    expect(posted.path).toMatch(new RegExp(`/v3/conversations/${encodeURIComponent(guardians.id)}/activities$`));
    // The channel's message is the summary: no concern, no reporter, just the button for a guardian's own view.
    expect(cardText(cardOf(posted.body))).not.toContain('shouted');
    expect(cardOf(posted.body).actions.map((a: { title: string }) => a.title)).toEqual(['Open case (guardians)']);
    cardId = posted.newActivityId!;
    // Nothing about the case went to the host team's channels.
    for (const c of trust.channels)
      expect(
        h.emulator
          .sent(c.id)
          .map((s) => cardText(cardOf(s.body)))
          .join('\n'),
      ).not.toContain('Speak-up case');
  });

  it('a guardian claims from the card in the private channel: the card is updated in place and the thread says so', async () => {
    const res = await click(grace, 'speakup.claim', { case: caseRef });
    expect(res.status).toBe(200);
    expect(cardText(res.body.value)).toContain('Grace Guardian');

    const update = h.emulator.updates(guardians.id).find((u) => u.method === 'PUT' && u.activityId === cardId);
    expect(update).toBeDefined();
    expect(cardText(cardOf(update!.body))).toContain('Grace Guardian');
    expect(
      h.emulator
        .sent(threadOf(cardId))
        .map((c) => cardText(cardOf(c.body)))
        .join('\n'),
    ).toContain('Grace Guardian took this case.');
  });

  it("a guardian's reply from the private channel reaches the reporter, and the reporter's answer comes back to the card's thread", async () => {
    const res = await click(grace, 'speakup.reply', {
      case: caseRef,
      'text-reply': 'Thank you for telling us. We will look into it.',
    });
    expect(res.status).toBe(200);
    expect(h.emulator.updates(guardians.id).filter((u) => u.activityId === cardId).length).toBeGreaterThanOrEqual(2);
    await waitFor(() => cardsTo(rita).some((t) => t.includes('We will look into it')), 15_000);

    const answered = await h.post(
      actionExecute({
        serviceUrl: h.emulator.url,
        user: rita,
        conversationId: h.emulator.conversationIdFor(rita.id),
        verb: 'speakup.reporter-reply',
        data: { case: caseRef, text: 'Last Tuesday, on the night shift.' },
      }),
    );
    expect(cardText(answered.body.value)).toContain('Sent to the guardians');
    await waitFor(
      () => h.emulator.sent(threadOf(cardId)).some((c) => cardText(cardOf(c.body)).includes('Last Tuesday')),
      15_000,
    );
  });

  it('the timers update a case card in the private channel in place through the outbox', async () => {
    const { card } = await raise(h, carl, {
      mode: 'confidential',
      categories: 'worker-safety',
      concern: 'Broken hoist on ward 3.',
    });
    const ref = /FTSU-2026-\d{4}/.exec(cardText(card))![0];
    await waitFor(() => Boolean(caseCard(ref)), 15_000);
    const id = caseCard(ref)!.newActivityId!;

    clock.set('2026-11-26T10:30:00Z'); // Thursday: two working days have passed without an acknowledgement
    await h.app.speakUp.timers.tick();
    await waitFor(() => h.emulator.updates(guardians.id).some((u) => u.activityId === id), 15_000);
    const update = h.emulator.updates(guardians.id).find((u) => u.activityId === id)!;
    expect(update.conversationId).toBe(guardians.id);
    expect(update.path).toMatch(new RegExp(`/v3/conversations/${encodeURIComponent(guardians.id)}/activities/${id}$`));
    await waitFor(
      () =>
        h.emulator
          .sent(threadOf(id))
          .some((c) => cardText(cardOf(c.body)).includes(`Reminder: ${ref} has not been acknowledged`)),
      15_000,
    );
  });

  it('removing the app from the private channel marks that channel only; the host team keeps the app', async () => {
    expect(
      (
        await h.post(
          privateChannelUninstall({ serviceUrl: h.emulator.url, team: trust, channel: guardians, by: admin }),
        )
      ).status,
    ).toBe(200);
    expect((await rowOf(guardians.id))?.status).toBe('uninstalled');
    expect((await conversations()).find((r) => r.partitionKey === 'team' && r.rowKey === trust.id)?.status).toBe(
      'active',
    );
    expect((await rowOf(trust.id))?.status).toBe('active');
  });

  it('captures a private channel by its own id when Teams addresses the add to the host team', async () => {
    const second = privateChannel('Guardians (north)');
    await h.post(
      privateChannelInstall({
        serviceUrl: h.emulator.url,
        team: trust,
        channel: second,
        by: admin,
        conversationId: trust.id,
      }),
    );
    expect(await rowOf(second.id)).toMatchObject({ teamId: trust.id, status: 'active' });
    expect(JSON.parse(String((await rowOf(second.id))!.ref)).conversationId).toBe(second.id);
    expect((await rowOf(trust.id))?.name).toBe('General');
  });
});
