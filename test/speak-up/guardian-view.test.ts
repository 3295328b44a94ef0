import { ManualClock } from '../../src/platform/clock';
import {
  actionExecute,
  asRefresh,
  channelActionExecute,
  personalInstall,
  privateChannel,
  privateChannelActionExecute,
  privateChannelInstall,
  privateChannelMention,
  team,
  teamInstall,
  user,
  type TestChannel,
  type TestTeam,
  type TestUser,
} from '../support/activities';
import { allEntities, cardOf, cardText, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import { caseCardIn, guardianClick, guardiansChannel, raise } from '../support/speak-up';

const CONCERN = 'The hoist on ward 3 has been broken for two weeks and nobody listens.';
const ALSO = 'Agency staff get no ward induction at night.';
const REPLY = 'It started after the new rota.';
/** Everything in a card that a person could read, buttons and hidden forms included. */
const everything = (card: unknown) => JSON.stringify(card ?? {});

/**
 * The guardians' channel shows every member the same message: the case card there carries only what any member may
 * see. The concern, the reporter's name and the actions reach guardians as a user-specific view (Universal Actions
 * refresh, or the "Open case (guardians)" button where refresh is not available), with the role checked on the server.
 */
describe("speak-up case cards: the guardian's view and everyone else's", () => {
  const clock = new ManualClock('2026-11-23T10:00:00Z'); // Monday
  const gina = user('Gina Guardian-Admin');
  const grace = user('Grace Guardian');
  const sam = user('Sam Staff');
  const carl = user('Carl Confidential');
  let h: Harness;
  let channel: TestTeam;
  let ref: string;
  let posted: { card: any; activityId: string };

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [gina.aadObjectId], clock });
    await h.app.people.roles.seed(grace.aadObjectId, ['guardian']);
    for (const p of [gina, grace, sam, carl])
      await h.post(
        personalInstall({ serviceUrl: h.emulator.url, user: p, conversationId: h.emulator.conversationIdFor(p.id) }),
      );
    channel = await guardiansChannel(h, gina);
    const { card } = await raise(h, carl, {
      mode: 'confidential',
      categories: 'worker-safety',
      workerGroup: 'Allied health professionals',
      concern: CONCERN,
    });
    ref = /FTSU-2026-\d{4}/.exec(cardText(card))![0];
    posted = await caseCardIn(h, channel, ref);
  });
  afterAll(() => h.stop());

  /** What a client sends for the card's own refresh action (automatic) or its button (manual). */
  const viewOf = async (who: TestUser, how: 'refresh' | 'button', data?: Record<string, unknown>) => {
    const action =
      how === 'refresh'
        ? posted.card.refresh.action
        : posted.card.actions.find((a: any) => a.title === 'Open case (guardians)');
    const click = channelActionExecute({
      serviceUrl: h.emulator.url,
      user: who,
      team: channel,
      channelId: channel.id,
      activityId: posted.activityId,
      verb: action.verb,
      data: data ?? action.data,
    });
    const res = await h.post(how === 'refresh' ? asRefresh(click) : click);
    expect(res.status).toBe(200);
    return res.body.value;
  };
  const caseRowEtag = async () => (await h.table('cases').getEntity('case', ref)).etag;

  it('posts a card that holds only reference, status, categories, age and assignee, and lists the guardians for refresh', async () => {
    const shown = everything(posted.card);
    expect(cardText(posted.card)).toContain(`Speak-up case ${ref}`);
    expect(cardText(posted.card)).toContain('Worker safety or wellbeing');
    expect(cardText(posted.card)).toContain('New');
    expect(cardText(posted.card)).toContain('Nobody yet');
    for (const secret of ['hoist', 'Carl', 'Confidential', 'Allied health']) expect(shown).not.toContain(secret);
    // The only button opens the case; claim, reply and the rest come with the guardian's own view.
    expect(posted.card.actions.map((a: any) => [a.type, a.title])).toEqual([
      ['Action.Execute', 'Open case (guardians)'],
    ]);
    expect(posted.card.refresh.action.type).toBe('Action.Execute');
    expect(posted.card.refresh.userIds).toEqual(expect.arrayContaining([grace.id, gina.id]));
    expect(posted.card.refresh.userIds).not.toContain(sam.id);
    expect(posted.card.refresh.userIds).not.toContain(carl.id);
  });

  it("gives a guardian's automatic refresh the full card, and writes nothing back to the shared message", async () => {
    const updatesBefore = h.emulator.updates(channel.id).length;
    const full = await viewOf(grace, 'refresh');
    expect(cardText(full)).toContain(CONCERN);
    expect(cardText(full)).toContain('Carl Confidential');
    expect(cardText(full)).toContain('Allied health professionals');
    expect(full.actions.map((a: any) => a.title)).toEqual(
      expect.arrayContaining(['Claim', 'Reply', 'Ask', 'Note', 'Status']),
    );
    // Still user-specific once shown: the full card refreshes for the same guardians.
    expect(full.refresh.userIds).toEqual(posted.card.refresh.userIds);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.emulator.updates(channel.id)).toHaveLength(updatesBefore);
    expect(h.emulator.sent(channel.id).filter((c) => everything(c.body).includes('hoist'))).toHaveLength(0);
  });

  it("gives a non-guardian's refresh, and a crafted one, the card everyone sees: audited, nothing changed", async () => {
    const etag = await caseRowEtag();
    const refreshed = await viewOf(sam, 'refresh');
    expect(cardText(refreshed)).toContain(`Speak-up case ${ref}`);
    expect(everything(refreshed)).not.toContain('hoist');
    expect(everything(refreshed)).not.toContain('Carl');
    // Crafted: the button's verb with made-up data claiming to be a guardian, for this case and for a made-up one.
    const crafted = await viewOf(sam, 'button', { case: ref, role: 'guardian', view: 'full', guardian: true });
    expect(everything(crafted)).not.toContain('hoist');
    expect(everything(crafted)).not.toContain('Carl');
    expect(cardText(crafted)).toContain('Only Freedom to Speak Up guardians can open a case');
    expect(cardText(await viewOf(sam, 'button', { case: 'FTSU-2026-0999' }))).toContain('could not be found');
    expect(await caseRowEtag()).toBe(etag);
    const audit = await allEntities(h.table('audit'));
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ partitionKey: ref, actor: sam.aadObjectId, action: 'case.view', outcome: 'refused' }),
      ]),
    );
  });

  it('gives a guardian the full card from the "Open case (guardians)" button, for clients without refresh (the Agents Playground)', async () => {
    const full = await viewOf(grace, 'button');
    expect(cardText(full)).toContain(CONCERN);
    expect(cardText(full)).toContain('Carl Confidential');
    const audit = await allEntities(h.table('audit'));
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ partitionKey: ref, actor: grace.aadObjectId, action: 'case.view', outcome: 'done' }),
      ]),
    );
  });

  it('keeps concern and name out of every update in place, while everyone sees the card change', async () => {
    const claimed = await guardianClick(h, grace, channel, posted.activityId, 'speakup.claim', { case: ref });
    expect(cardText(claimed)).toContain(CONCERN); // the guardian who clicked gets their own full view back
    await guardianClick(h, grace, channel, posted.activityId, 'speakup.reply', {
      case: ref,
      'text-reply': 'Thank you, we are looking into it.',
    });
    const mine = h.emulator.updates(channel.id).filter((u) => u.activityId === posted.activityId);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(cardText(cardOf(mine.at(-1)!.body))).toContain('Grace Guardian'); // the assignee, for everyone
    expect(cardText(cardOf(mine.at(-1)!.body))).toContain('Acknowledged');

    // The timers' updates go the same way: a second case left unacknowledged is flagged overdue in place.
    const second = await raise(h, carl, { mode: 'open', categories: 'other', concern: ALSO });
    const otherRef = /FTSU-2026-\d{4}/.exec(cardText(second.card))![0];
    const other = await caseCardIn(h, channel, otherRef);
    clock.set('2026-11-26T10:30:00Z');
    await h.app.speakUp.timers.tick();
    await waitFor(() => h.emulator.updates(channel.id).some((u) => u.activityId === other.activityId), 15_000);
    expect(
      cardText(cardOf(h.emulator.updates(channel.id).find((u) => u.activityId === other.activityId)!.body)),
    ).toContain('OVERDUE');

    // And a reporter's reply from their chat reaches the thread, without touching the card.
    const replied = await h.post(
      actionExecute({
        serviceUrl: h.emulator.url,
        user: carl,
        conversationId: h.emulator.conversationIdFor(carl.id),
        verb: 'speakup.reporter-reply',
        data: { case: ref, text: REPLY },
      }),
    );
    expect(cardText(replied.body.value)).toContain('Sent to the guardians');
    await waitFor(() => h.emulator.sent(channel.id).some((c) => everything(c.body).includes(REPLY)), 15_000);

    const cardsInChannel = [
      ...h.emulator.updates(channel.id),
      ...h.emulator.sent(channel.id).filter((c) => c.conversationId === channel.id),
    ].map((c) => everything(c.body));
    expect(cardsInChannel.length).toBeGreaterThanOrEqual(5);
    for (const shown of cardsInChannel) {
      for (const secret of ['hoist', 'induction', 'Carl', 'Allied health']) expect(shown).not.toContain(secret);
    }
  });

  it('lists at most 60 guardians for refresh (Teams takes no more): the assignee and the most recently active first', async () => {
    const many = Array.from({ length: 64 }, (_, i) => user(`Guardian ${i}`));
    for (const g of many) {
      await h.app.people.roles.seed(g.aadObjectId, ['guardian']);
      await h.post(
        personalInstall({ serviceUrl: h.emulator.url, user: g, conversationId: h.emulator.conversationIdFor(g.id) }),
      );
    }
    const { card } = await raise(h, carl, {
      mode: 'anonymous',
      categories: 'bullying',
      concern: 'Something else entirely.',
    });
    const newest = await caseCardIn(h, channel, /FTSU-2026-\d{4}/.exec(cardText(card))![0]);
    const ids: string[] = newest.card.refresh.userIds;
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    expect(ids[0]).toBe(grace.id); // she acted on a case most recently
    // Everyone else, the 61st guardian onwards included, still has the "Open case (guardians)" button.
    expect(newest.card.actions.map((a: any) => a.title)).toEqual(['Open case (guardians)']);
  });
});

describe('speak-up case cards in a private guardians channel', () => {
  const clock = new ManualClock('2026-11-23T10:00:00Z');
  const gina = user('Gina Guardian-Admin');
  const grace = user('Grace Guardian');
  const sam = user('Sam Staff');
  const priya = user('Priya Open');
  let h: Harness;
  let trust: TestTeam;
  let guardians: TestChannel;

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [gina.aadObjectId], clock });
    await h.app.people.roles.seed(gina.aadObjectId, ['guardian']);
    await h.app.people.roles.seed(grace.aadObjectId, ['guardian']);
    for (const p of [gina, grace, sam, priya])
      await h.post(
        personalInstall({ serviceUrl: h.emulator.url, user: p, conversationId: h.emulator.conversationIdFor(p.id) }),
      );
    trust = team('Northtown Trust');
    h.emulator.addTeam({ id: trust.id, name: trust.name, channels: trust.channels, members: [] });
    await h.post(teamInstall({ serviceUrl: h.emulator.url, team: trust, by: gina }));
    guardians = privateChannel('FTSU Guardians');
    await h.post(privateChannelInstall({ serviceUrl: h.emulator.url, team: trust, channel: guardians, by: gina }));
    await h.post(
      privateChannelMention({
        serviceUrl: h.emulator.url,
        user: gina,
        team: trust,
        channel: guardians,
        text: 'guardians here',
      }),
    );
  });
  afterAll(() => h.stop());

  it('shows the private channel the same stub, and each guardian their own full view', async () => {
    const { card } = await raise(h, priya, {
      mode: 'open',
      categories: 'behaviour',
      concern: 'Shouting at handover on ward 9.',
    });
    const ref = /FTSU-2026-\d{4}/.exec(cardText(card))![0];
    const find = () =>
      h.emulator
        .sent(guardians.id)
        .find((c) => c.conversationId === guardians.id && cardText(cardOf(c.body)).includes(`Speak-up case ${ref}`));
    await waitFor(() => Boolean(find()), 15_000);
    const stub = cardOf(find()!.body);
    const activityId = find()!.newActivityId!;
    expect(everything(stub)).not.toContain('Shouting');
    expect(everything(stub)).not.toContain('Priya');
    expect(stub.refresh.userIds).toEqual(expect.arrayContaining([gina.id, grace.id]));

    const view = async (who: TestUser) => {
      const click = privateChannelActionExecute({
        serviceUrl: h.emulator.url,
        user: who,
        team: trust,
        channel: guardians,
        activityId,
        verb: stub.refresh.action.verb,
        data: stub.refresh.action.data,
      });
      const res = await h.post(asRefresh(click));
      expect(res.status).toBe(200);
      return res.body.value;
    };
    const full = await view(grace);
    expect(cardText(full)).toContain('Shouting at handover on ward 9.');
    expect(cardText(full)).toContain('Priya Open');
    const other = await view(sam);
    expect(everything(other)).not.toContain('Shouting');
    expect(everything(other)).not.toContain('Priya');

    const claimed = await h.post(
      privateChannelActionExecute({
        serviceUrl: h.emulator.url,
        user: grace,
        team: trust,
        channel: guardians,
        activityId,
        verb: 'speakup.claim',
        data: { case: ref },
      }),
    );
    expect(cardText(claimed.body.value)).toContain('Shouting at handover');
    const update = h.emulator.updates(guardians.id).find((u) => u.activityId === activityId);
    expect(update).toBeDefined();
    expect(cardText(cardOf(update!.body))).toContain('Grace Guardian');
    expect(everything(update!.body)).not.toContain('Shouting');
    expect(everything(update!.body)).not.toContain('Priya');
  });
});
