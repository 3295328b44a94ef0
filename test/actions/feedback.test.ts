import { QueueClient } from '@azure/storage-queue';
import { ManualClock } from '../../src/platform/clock';
import { FINAL_MIX_GRACE_MS } from '../../src/surveys/waves/wave-mix';
import {
  channelActionExecute,
  groupChatActionExecute,
  user,
  type TestTeam,
  type TestUser,
} from '../support/activities';
import { allEntities, cardText, startHarness, testConnectionString, type Harness } from '../support/harness';
import { click, openedRows } from '../support/surveys';
import { actionFields, actionRef, buttons, feedbackButton, publishedActions, say, youSaidCards } from './support';

const DAY = 24 * 60 * 60 * 1000;

describe('"Has this made a difference?": staff answer published actions, anonymously, and leaders see totals at k', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z'); // a Monday
  const nights = 'Two more nurses on every night shift';
  const breaks = 'A protected break rota on every ward';
  let h: Harness;
  let staff: TestUser[];
  let exec: TestUser;
  let leaders: TestTeam;
  let nightsId: string;
  let breaksId: string;
  const cardOfPerson = (p: TestUser) => youSaidCards(h, h.emulator.conversationIdFor(p.id))[0];
  const answer = (p: TestUser, actionId: string, choice: 'yes' | 'not-yet' | 'dont-know', card = cardOfPerson(p)) =>
    click(h, p, 'actions.feedback', feedbackButton(card, actionId, choice).data);
  const waiting = async () =>
    (await new QueueClient(testConnectionString(), `${h.namespace}-feedback`).getProperties())
      .approximateMessagesCount ?? 0;
  const feedbackRows = async () => allEntities(h.table('feedback'));
  const markersOf = async (actionId: string) =>
    (await allEntities(h.table('answered'))).filter((e) => String(e.partitionKey).endsWith(`.${actionId}`));
  const leadersView = async () => cardText(await say(h, exec, 'actions'));
  const edit = async (plan: string, fields: Record<string, string>) => {
    const form = await click(h, exec, 'actions.form', await actionRef(h, plan));
    const save = buttons(form).find((b) => b.verb === 'actions.save');
    return cardText(await click(h, exec, 'actions.save', { ...save.data, ...actionFields({ plan, ...fields }) }));
  };

  beforeAll(async () => {
    ({ h, staff, exec, leaders } = await publishedActions({
      clock,
      bundleAt: '2026-11-24T09:00:00Z',
      people: 30,
      answering: 20,
      plans: [nights, breaks],
    }));
    nightsId = (await actionRef(h, nights)).id;
    breaksId = (await actionRef(h, breaks)).id;
  }, 120_000);
  afterAll(() => h.stop());

  it('asks under each action on the card of everyone asked, and not on the leadership channel’s card', () => {
    for (const p of staff) {
      for (const id of [nightsId, breaksId])
        for (const choice of ['yes', 'not-yet', 'dont-know'] as const)
          expect(feedbackButton(cardOfPerson(p), id, choice)).toBeDefined();
      expect(cardText(cardOfPerson(p))).toContain('Your answer to "Has this made a difference?" is anonymous');
    }
    const channelCard = youSaidCards(h, leaders.id)[0];
    expect(buttons(channelCard).filter((b) => b.verb === 'actions.feedback')).toEqual([]);
    expect(cardText(channelCard)).not.toContain('Has this made a difference?');
  });

  it('records one answer per person per action: six clicks at once and a later one make one marker (the mix keeps one answer)', async () => {
    const p = staff[0]!;
    const clicks = await Promise.all(Array.from({ length: 6 }, () => answer(p, nightsId, 'yes')));
    // Concurrent clicks share the marker's ticket, so any that queue the answer queue it under one id (the mixer
    // keeps one per id: the final write below counts people, not clicks).
    for (const t of clicks.map(cardText))
      expect(t).toMatch(/Thank you: your answer is recorded, anonymously\.|You have already answered that one/);
    expect(cardText(await answer(p, nightsId, 'not-yet'))).toContain('You have already answered that one');
    // The card given back keeps both actions: the one answered says so, the other still asks.
    const after = clicks[0];
    expect(feedbackButton(after, nightsId, 'yes')).toBeUndefined();
    expect(cardText(after)).toContain('You told us whether this has made a difference. Thank you.');
    expect(feedbackButton(after, breaksId, 'yes')).toBeDefined();
    expect(await waiting()).toBeGreaterThanOrEqual(1);
    expect(await markersOf(nightsId)).toHaveLength(1);
  });

  it('refuses, and records nothing: someone not asked, a tampered choice or action, a click from a channel', async () => {
    const p = staff[1]!;
    const data = feedbackButton(cardOfPerson(p), nightsId, 'yes').data;
    const queuedBefore = await waiting();
    const outsider = user('Olive Outsider');
    // The card carries p's proof that the wave was sent to them; copied (below) or made up, it proves nothing.
    expect(data.asked).toEqual(expect.stringMatching(/^[a-f0-9]{10}-w\d{3}=[0-9a-f]{40}$/));
    const madeUp = `${String(data.asked).split('=')[0]}=${'f'.repeat(40)}`;
    const refusals = [
      [
        await click(h, outsider, 'actions.feedback', { ...data, asked: madeUp }),
        'This question is for the staff who were asked in that survey, so nothing was recorded.',
      ],
      [
        await click(h, exec, 'actions.feedback', data),
        'This question is for the staff who were asked in that survey, so nothing was recorded.',
      ],
      [
        await click(h, outsider, 'actions.feedback', data),
        'This question is for the staff who were asked in that survey, so nothing was recorded.',
      ],
      [await click(h, p, 'actions.feedback', { ...data, choice: 'maybe' }), 'This card could not be read'],
      [
        await click(h, p, 'actions.feedback', { ...data, id: 'abcdefabcdef', items: data.items }),
        'This card could not be read',
      ],
      [await click(h, p, 'actions.feedback', { ...data, items: 'junk' }), 'This card could not be read'],
      [
        await click(h, p, 'actions.feedback', { ...data, id: 'abcdefabcdef', items: `${data.survey}.abcdefabcdef.p` }),
        'That action is not there any more',
      ],
    ] as const;
    for (const [card, text] of refusals) expect(cardText(card)).toContain(text);
    const fromChannel = await h.post(
      channelActionExecute({
        serviceUrl: h.emulator.url,
        user: p,
        team: leaders,
        channelId: leaders.id,
        activityId: 'ysd-1',
        verb: 'actions.feedback',
        data,
      }),
    );
    expect(cardText(fromChannel.body.value)).toContain('Please answer in your 1:1 chat with Staff Voice');
    const fromGroup = await h.post(
      groupChatActionExecute({
        serviceUrl: h.emulator.url,
        user: p,
        conversationId: '19:group-chat@thread.v2',
        verb: 'actions.feedback',
        data,
      }),
    );
    expect(cardText(fromGroup.body.value)).toContain('Please answer in your 1:1 chat with Staff Voice');
    expect(await waiting()).toBe(queuedBefore);
    expect(await markersOf(nightsId)).toHaveLength(1);
  });

  it('shows leaders nothing while fewer than k answers are written, then the totals once they are', async () => {
    // 12 answer the first action (7 yes, 3 not yet, 2 don't know, counting the one above), 4 the second.
    const choices = [
      'yes',
      'yes',
      'yes',
      'yes',
      'yes',
      'yes',
      'not-yet',
      'not-yet',
      'not-yet',
      'dont-know',
      'dont-know',
    ] as const;
    for (const [i, choice] of choices.entries())
      expect(cardText(await answer(staff[i + 1]!, nightsId, choice))).toContain('recorded, anonymously');
    for (const p of staff.slice(20, 24))
      expect(cardText(await answer(p, breaksId, 'not-yet'))).toContain('recorded, anonymously');
    await h.app.actions.feedback.mix(); // both still open: 12 and 4 waiting, under 2k, so nothing is written yet
    expect(await feedbackRows()).toEqual([]);
    expect(await leadersView()).toContain('Not shown yet: too few answers so far');
    expect(await leadersView()).not.toMatch(/Yes \d/);

    // The second is dropped (its question closes now), the first done (it closes in 28 days).
    clock.advance(60_000);
    expect(await edit(breaks, { status: 'dropped', droppedReason: 'No budget this year' })).toContain('Action updated');
    expect(await edit(nights, { status: 'done' })).toContain('Action updated');
    clock.advance(FINAL_MIX_GRACE_MS + 1000);
    await h.app.actions.feedback.mix();
    expect(await feedbackRows()).toEqual([]); // the dropped one's 4 answers are discarded unread: fewer than k

    clock.advance(28 * DAY);
    await h.app.actions.feedback.mix();
    const rows = await feedbackRows();
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.partitionKey))).toEqual(
      new Set([`fb.${(await actionRef(h, nights)).survey}.${nightsId}`]),
    );
    // Each row is one sealed value: the choices open only in the app, bound to this table and row.
    for (const r of rows)
      expect(Object.keys(r).sort()).toEqual(['etag', 'partitionKey', 'rowKey', 'sealed', 'timestamp']);
    const opened = (await openedRows(h, 'feedback')).map((r) => String(r.a_made)).sort();
    expect(opened.filter((c) => c === 'yes')).toHaveLength(7);
    expect(await waiting()).toBe(0);
    expect(await leadersView()).toContain("Yes 7 · Not yet 3 · Don't know 2 (12 answers)");
  });

  it('closes the question after its final write: a late click is told so and kept nowhere', async () => {
    const late = staff[15]!;
    expect(cardText(await answer(late, nightsId, 'yes'))).toContain(
      'Answers to that question have closed, so nothing was recorded.',
    );
    expect(await waiting()).toBe(0);
    expect(await feedbackRows()).toHaveLength(12);
    // Every marker was rewritten at the final write: no ticket is left, and none is keyed by a person.
    for (const m of await markersOf(nightsId)) {
      expect(m.ticket ?? '').toBe('');
      expect(String(m.rowKey)).toMatch(/^[0-9a-f]{40}$/);
    }
  });
});

describe('"Has this made a difference?" after a restart', () => {
  it('finds an answer given to another process: still once', async () => {
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const first = await publishedActions({
      clock,
      bundleAt: '2026-11-24T09:00:00Z',
      people: 12,
      answering: 10,
      plans: ['Open the staff room at night'],
    });
    const { id } = await actionRef(first.h, 'Open the staff room at night');
    const p = first.staff[3]!;
    const data = feedbackButton(youSaidCards(first.h, first.h.emulator.conversationIdFor(p.id))[0], id, 'yes').data;
    expect(cardText(await click(first.h, p, 'actions.feedback', data))).toContain('recorded, anonymously');
    const second = await startHarness({
      firstAdmins: [first.admin.aadObjectId],
      clock,
      namespace: first.h.namespace,
      emulator: first.h.emulator,
    });
    try {
      expect(cardText(await click(second, p, 'actions.feedback', { ...data, choice: 'dont-know' }))).toContain(
        'You have already answered that one',
      );
    } finally {
      await second.app.stop();
      await first.h.stop();
    }
  }, 120_000);
});
