import { ManualClock } from '../../src/platform/clock';
import {
  actionExecute,
  channelActionExecute,
  groupChatActionExecute,
  personalInstall,
  personalMessage,
  team,
  teamInstall,
  user,
  withConversationType,
  type TestTeam,
} from '../support/activities';
import { allEntities, cardText, startHarness, type Harness } from '../support/harness';
import { caseCardIn, guardiansChannel, lastCardIn, raise, say } from '../support/speak-up';

/**
 * Card actions are checked against where they come from: a reporter's forms and replies only from their own 1:1
 * chat, guardian actions only from a registered guardians' channel or a guardian's 1:1 chat. Anything else, an
 * unknown kind of conversation included, is refused with a clear card, changes nothing and is audited.
 */
describe('speak-up card actions, by where they come from', () => {
  const clock = new ManualClock('2026-11-23T10:00:00Z');
  const gina = user('Gina Guardian-Admin');
  const grace = user('Grace Guardian');
  const rita = user('Rita Reporter');
  let h: Harness;
  let channel: TestTeam;
  let elsewhere: TestTeam;
  let ref: string;
  let cardId: string;

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [gina.aadObjectId], clock });
    await h.app.people.roles.seed(grace.aadObjectId, ['guardian']);
    for (const p of [gina, grace, rita])
      await h.post(
        personalInstall({ serviceUrl: h.emulator.url, user: p, conversationId: h.emulator.conversationIdFor(p.id) }),
      );
    channel = await guardiansChannel(h, gina);
    elsewhere = team('Ward 7');
    await h.post(teamInstall({ serviceUrl: h.emulator.url, team: elsewhere, by: gina }));
    const { card } = await raise(h, rita, {
      mode: 'anonymous',
      categories: 'bullying',
      concern: 'Shouting on the night shift.',
    });
    ref = /FTSU-2026-\d{4}/.exec(cardText(card))![0];
    cardId = (await caseCardIn(h, channel, ref)).activityId;
  });
  afterAll(() => h.stop());

  const snapshot = async () =>
    JSON.stringify(
      await Promise.all(
        ['cases', 'casemessages', 'casereporters', 'registrations'].map(async (t) =>
          (await allEntities(h.table(t))).map((e) => [e.partitionKey, e.rowKey, e.etag]),
        ),
      ),
    );
  const refusals = async (action: string) =>
    (await allEntities(h.table('audit'))).filter((a) => a.action === action && a.outcome === 'refused');
  const freshDraft = async () => {
    await say(h, rita, 'speak up');
    return lastCardIn(h, rita).actions[0].data.draft as string;
  };
  const form = (draft: string) => ({
    draft,
    mode: 'confidential',
    categories: 'other',
    concern: 'Posted from the wrong place.',
  });
  const cardOfResponse = (res: { status: number; body: any }) => {
    expect(res.status).toBe(200);
    return res.body.value;
  };

  it('refuses a speakup.raise sent from a channel: a clear card, no case, audited without naming anyone', async () => {
    const draft = await freshDraft();
    const before = await snapshot();
    const refusedBefore = (await refusals('case.raise')).length;
    const res = await h.post(
      channelActionExecute({
        serviceUrl: h.emulator.url,
        user: rita,
        team: elsewhere,
        channelId: elsewhere.id,
        activityId: 'a-card',
        verb: 'speakup.raise',
        data: form(draft),
      }),
    );
    expect(cardText(cardOfResponse(res))).toMatch(/your 1:1 chat with me/);
    expect(cardText(cardOfResponse(res))).not.toMatch(/FTSU-2026/);
    expect(await snapshot()).toBe(before);
    const refused = await refusals('case.raise');
    expect(refused).toHaveLength(refusedBefore + 1);
    expect(refused.at(-1)).toMatchObject({ partitionKey: 'admin', actor: 'reporter' });
    expect(JSON.stringify(await allEntities(h.table('audit')))).not.toContain(rita.aadObjectId);
  });

  it('refuses a guardian action sent from a group chat: nothing changes, audited', async () => {
    const before = await snapshot();
    const updates = h.emulator.updates().length;
    const res = await h.post(
      groupChatActionExecute({
        serviceUrl: h.emulator.url,
        user: grace,
        conversationId: '19:groupchat-1@thread.v2',
        verb: 'speakup.claim',
        data: { case: ref },
      }),
    );
    expect(cardText(cardOfResponse(res))).toMatch(/guardians' channel/);
    expect(cardText(cardOfResponse(res))).toContain('Nothing has changed');
    expect(await snapshot()).toBe(before);
    expect(h.emulator.updates()).toHaveLength(updates);
    expect(await refusals('case.claim')).toEqual([
      expect.objectContaining({
        partitionKey: ref,
        actor: grace.aadObjectId,
        detail: expect.stringMatching(/group chat/),
      }),
    ]);
  });

  it("refuses a guardian action from a channel that is not a guardians' channel", async () => {
    const before = await snapshot();
    const res = await h.post(
      channelActionExecute({
        serviceUrl: h.emulator.url,
        user: grace,
        team: elsewhere,
        channelId: elsewhere.id,
        activityId: cardId,
        verb: 'speakup.note',
        data: { case: ref, 'text-note': 'Wrong room.' },
      }),
    );
    expect(cardText(cardOfResponse(res))).toMatch(/guardians' channel/);
    expect(await snapshot()).toBe(before);
    expect(await refusals('case.note')).toEqual([
      expect.objectContaining({ partitionKey: ref, actor: grace.aadObjectId }),
    ]);
  });

  it('refuses an unknown kind of conversation instead of taking it for a 1:1 chat', async () => {
    const before = await snapshot();
    const personalRaise = actionExecute({
      serviceUrl: h.emulator.url,
      user: rita,
      conversationId: h.emulator.conversationIdFor(rita.id),
      verb: 'speakup.raise',
      data: form(await freshDraft()),
    });
    const afterForm = await snapshot();
    for (const type of [undefined, 'meeting']) {
      expect(cardText(cardOfResponse(await h.post(withConversationType(personalRaise, type))))).toMatch(
        /your 1:1 chat with me/,
      );
    }
    const reply = actionExecute({
      serviceUrl: h.emulator.url,
      user: rita,
      conversationId: h.emulator.conversationIdFor(rita.id),
      verb: 'speakup.reporter-reply',
      data: { case: ref, text: 'From somewhere odd.' },
    });
    expect(cardText(cardOfResponse(await h.post(withConversationType(reply, 'meeting'))))).toMatch(
      /your 1:1 chat with me/,
    );
    const claim = actionExecute({
      serviceUrl: h.emulator.url,
      user: grace,
      conversationId: h.emulator.conversationIdFor(grace.id),
      verb: 'speakup.claim',
      data: { case: ref },
    });
    expect(cardText(cardOfResponse(await h.post(withConversationType(claim, undefined))))).toMatch(
      /guardians' channel/,
    );
    expect(await snapshot()).toBe(afterForm);
    expect(before).toBe(afterForm);
    expect((await refusals('case.raise')).filter((a) => /unknown/.test(String(a.detail)))).toHaveLength(2);
    expect(await refusals('case.reporter-reply')).toEqual([
      expect.objectContaining({ partitionKey: ref, actor: 'reporter', detail: expect.stringMatching(/unknown/) }),
    ]);

    // Typed commands too: "my cases" in an unknown conversation lists nothing there.
    const sent = h.emulator.sent(h.emulator.conversationIdFor(rita.id)).length;
    await h.post(
      withConversationType(
        personalMessage({
          serviceUrl: h.emulator.url,
          user: rita,
          conversationId: h.emulator.conversationIdFor(rita.id),
          text: 'my cases',
        }),
        undefined,
      ),
    );
    expect(h.emulator.sent(h.emulator.conversationIdFor(rita.id))).toHaveLength(sent + 1);
    expect(cardText(lastCardIn(h, rita))).not.toContain(ref);
  });

  it('refuses a reporter reply sent from a channel: nothing reaches the guardians, audited as "reporter"', async () => {
    const before = await snapshot();
    const threadPosts = h.emulator.sent(channel.id).length;
    const res = await h.post(
      channelActionExecute({
        serviceUrl: h.emulator.url,
        user: rita,
        team: elsewhere,
        channelId: elsewhere.id,
        activityId: 'a-card',
        verb: 'speakup.reporter-reply',
        data: { case: ref, text: 'Said in public.' },
      }),
    );
    expect(cardText(cardOfResponse(res))).toMatch(/your 1:1 chat with me/);
    expect(await snapshot()).toBe(before);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.emulator.sent(channel.id)).toHaveLength(threadPosts);
    expect((await refusals('case.reporter-reply')).filter((a) => /channel/.test(String(a.detail)))).toEqual([
      expect.objectContaining({ actor: 'reporter' }),
    ]);
  });

  it('still lets a guardian act from the registered channel and a reporter reply from their 1:1 chat', async () => {
    const res = await h.post(
      channelActionExecute({
        serviceUrl: h.emulator.url,
        user: grace,
        team: channel,
        channelId: channel.id,
        activityId: cardId,
        verb: 'speakup.claim',
        data: { case: ref },
      }),
    );
    expect(cardText(cardOfResponse(res))).toContain('Grace Guardian');
    const reply = await h.post(
      actionExecute({
        serviceUrl: h.emulator.url,
        user: rita,
        conversationId: h.emulator.conversationIdFor(rita.id),
        verb: 'speakup.reporter-reply',
        data: { case: ref, text: 'From my own chat.' },
      }),
    );
    expect(cardText(cardOfResponse(reply))).toContain('Sent to the guardians');
  });
});
