import { ManualClock } from '../../src/platform/clock';
import { TABLE_NAMES } from '../../src/app';
import {
  actionExecute,
  asRefresh,
  channelActionExecute,
  channelMention,
  personalInstall,
  user,
  type TestTeam,
  type TestUser,
} from '../support/activities';
import { allEntities, cardOf, cardText, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import { caseCardIn, guardianClick, guardiansChannel, lastCardIn, raise, say } from '../support/speak-up';

describe('Freedom to Speak Up, through /api/messages', () => {
  const clock = new ManualClock('2026-11-23T10:00:00Z'); // Monday
  const admin = user('Ann Admin');
  const grace = user('Grace Guardian');
  const rita = user('Rita Reporter');
  const carl = user('Carl Confidential');
  const sam = user('Sam Staff');
  let h: Harness;
  let channel: TestTeam;
  let anonymousRef: string;

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    await h.app.people.roles.seed(grace.aadObjectId, ['guardian']);
    for (const p of [rita, carl, sam, grace])
      await h.post(
        personalInstall({ serviceUrl: h.emulator.url, user: p, conversationId: h.emulator.conversationIdFor(p.id) }),
      );
    channel = await guardiansChannel(h, admin);
  });
  afterAll(() => h.stop());

  const rel = (who: TestUser, verb: string, data: Record<string, unknown>) =>
    h
      .post(
        actionExecute({
          serviceUrl: h.emulator.url,
          user: who,
          conversationId: h.emulator.conversationIdFor(who.id),
          verb,
          data,
        }),
      )
      .then((r) => r.body.value);
  const cardsTo = (who: TestUser) =>
    h.emulator.sent(h.emulator.conversationIdFor(who.id)).map((c) => cardText(cardOf(c.body)));
  /** What a guardian's client shows for the channel's card: the card's own refresh, answered for that guardian. */
  const ownView = async (who: TestUser, posted: { card: any; activityId: string }) => {
    const { verb, data } = posted.card.refresh.action;
    const res = await h.post(
      asRefresh(
        channelActionExecute({
          serviceUrl: h.emulator.url,
          user: who,
          team: channel,
          channelId: channel.id,
          activityId: posted.activityId,
          verb,
          data,
        }),
      ),
    );
    expect(res.status).toBe(200);
    return res.body.value;
  };

  it('an anonymous concern goes from raising to feedback, and the reporter is never identifiable', async () => {
    const snapshot = async () =>
      new Map(
        (
          await Promise.all(
            TABLE_NAMES.map(async (t) =>
              (await allEntities(h.table(t))).map((e) => [`${t}/${e.partitionKey}/${e.rowKey}`, e] as const),
            ),
          )
        ).flat(),
      );
    const before = await snapshot();
    const concern = 'My manager **shouted** at me on ward 7. See [this](https://evil.example/x) and www.example.org';
    const { card } = await raise(h, rita, {
      mode: 'anonymous',
      categories: 'bullying,patient-safety',
      workerGroup: 'Nursing and midwifery',
      concern,
    });
    const text = cardText(card);
    expect(text).toContain('FTSU-2026-0001');
    expect(text).toContain('incident reporting system');
    anonymousRef = 'FTSU-2026-0001';

    const posted = await caseCardIn(h, channel, anonymousRef);
    expect(JSON.stringify(posted.card)).not.toContain('shouted'); // the channel's message holds no concern
    const view = await ownView(grace, posted);
    expect(cardText(view)).toContain('Anonymous');
    // What the reporter typed is shown inert: a TextRun (never markdown) with links broken.
    const runs = JSON.stringify(view.body.filter((b: any) => b.type === 'RichTextBlock'));
    expect(runs).toContain('**shouted**');
    expect(runs).not.toContain('https://evil');
    expect(view.body.some((b: any) => b.type === 'TextBlock' && String(b.text).includes('shouted'))).toBe(false);

    const claimed = await guardianClick(h, grace, channel, posted.activityId, 'speakup.claim', { case: anonymousRef });
    expect(cardText(claimed)).toContain('Grace Guardian');
    await guardianClick(h, grace, channel, posted.activityId, 'speakup.reply', {
      case: anonymousRef,
      'text-reply': 'Thank you for telling us. We will look into it.',
    });
    await guardianClick(h, grace, channel, posted.activityId, 'speakup.ask', {
      case: anonymousRef,
      'text-ask': 'When did it happen?',
    });
    await guardianClick(h, grace, channel, posted.activityId, 'speakup.note', {
      case: anonymousRef,
      'text-note': 'Internal: check the rota for ward 7.',
    });
    await waitFor(
      () => cardsTo(rita).filter((t) => t.includes('From your Freedom to Speak Up guardian')).length === 2,
      15_000,
    );
    expect(cardsTo(rita).join('\n')).not.toContain('check the rota'); // notes stay internal

    expect(
      cardText(
        await rel(rita, 'speakup.reporter-reply', { case: anonymousRef, text: 'Last Tuesday, on the night shift.' }),
      ),
    ).toContain('Sent to the guardians');
    await waitFor(
      () => h.emulator.sent(channel.id).some((c) => cardText(cardOf(c.body)).includes('Last Tuesday')),
      15_000,
    );

    const closed = await guardianClick(h, grace, channel, posted.activityId, 'speakup.close', {
      case: anonymousRef,
      'text-close': 'We spoke to the ward manager and agreed changes.',
    });
    expect(cardText(closed)).toContain('Closed');
    await waitFor(() => cardsTo(rita).some((t) => t.includes('is closed')), 15_000);
    expect(
      cardText(
        await rel(rita, 'speakup.feedback', { case: anonymousRef, answer: 'yes', comment: 'Felt listened to.' }),
      ),
    ).toContain('Thank you for your feedback');

    // The NGO return and its CSV.
    await say(h, grace, 'ngo return 2026/27 Q3');
    const ngo = lastCardIn(h, grace);
    expect(cardText(ngo)).toMatch(/Cases raised\n1/);
    expect(cardText(ngo)).toMatch(/Raised anonymously\n1/);
    const csv = await (await fetch(ngo.actions[0].url.replace(/^https?:\/\/[^/]+/, h.url))).text();
    expect(csv).toContain('"2026/27 Q3","Would speak up again: Yes","1"');

    // The scan: channel cards and thread posts, card updates, logs, the CSV, and every table in plain text.
    const identities = [
      rita.aadObjectId,
      rita.aadObjectId.replace(/-/g, ''),
      rita.name,
      rita.id,
      h.emulator.conversationIdFor(rita.id),
    ].map((s) => s.toLowerCase());
    const channelTraffic = JSON.stringify(
      [...h.emulator.sent(channel.id), ...h.emulator.updates(channel.id)].map((c) => c.body),
    ).toLowerCase();
    // Every table, except the row the bot has held since Rita installed it (her chat, as for everyone): no entity
    // that speaking up created or changed names her, and no table but that one holds her at all.
    const after = await snapshot();
    const plain = (e: unknown) => JSON.stringify(e, (k, v) => (k === 'timestamp' || k === 'etag' ? undefined : v));
    const touched = [...after].filter(([key, e]) => !before.has(key) || plain(before.get(key)) !== plain(e));
    const tables = JSON.stringify(
      [...after].filter(([key]) => !key.startsWith('conversations/')).concat(touched),
    ).toLowerCase();
    expect(touched.length).toBeGreaterThan(5);
    const logs = h.logLines.join('\n').toLowerCase();
    for (const id of identities) {
      expect(channelTraffic).not.toContain(id);
      expect(logs).not.toContain(id);
      expect(csv.toLowerCase()).not.toContain(id);
      expect(tables).not.toContain(id);
    }
    // …and nothing anyone wrote is stored or logged in plain text either.
    for (const secret of ['shouted', 'Last Tuesday', 'check the rota', 'Felt listened to']) {
      expect(tables).not.toContain(secret.toLowerCase());
      expect(logs).not.toContain(secret.toLowerCase());
    }
  });

  it('names a confidential reporter on the guardian card, but not in logs or the NGO CSV', async () => {
    const { card } = await raise(h, carl, {
      mode: 'confidential',
      categories: 'worker-safety',
      concern: 'Broken hoist on ward 3.',
    });
    const ref = /FTSU-2026-\d{4}/.exec(cardText(card))![0];
    expect(ref).toBe('FTSU-2026-0002');
    const posted = await caseCardIn(h, channel, ref);
    expect(JSON.stringify(posted.card)).not.toContain('Carl');
    expect(cardText(await ownView(grace, posted))).toContain('Carl Confidential');
    await say(h, grace, 'ngo return');
    const csv = await (await fetch(lastCardIn(h, grace).actions[0].url.replace(/^https?:\/\/[^/]+/, h.url))).text();
    expect(csv).not.toContain('Carl');
    expect(h.logLines.join('\n')).not.toContain('Carl');
    expect(JSON.stringify(await allEntities(h.table('cases')))).not.toContain('Carl');

    // The leadership digest carries counts only, for completed quarters: once this one is over, its 2 cases show as
    // "fewer than 3", and no name.
    const leaders = await guardiansChannel(h, admin); // a second team; registered below for the digest instead
    await h.post(
      channelMention({
        serviceUrl: h.emulator.url,
        user: admin,
        team: leaders,
        channelId: leaders.id,
        text: 'digest here',
      }),
    );
    await h.app.digest.sendWeeklyDigest(new Date('2027-01-04T08:00:00Z'));
    const digest = () =>
      h.emulator
        .sent(leaders.id)
        .map((c) => JSON.stringify(c.body))
        .find((t) => t.includes('Freedom to Speak Up, 2026/27 Q3'));
    await waitFor(() => Boolean(digest()), 15_000);
    expect(digest()).toContain('fewer than 3');
    expect(digest()).not.toContain('Carl');
    expect(digest()).not.toContain('FTSU-2026');
  });

  it('refuses a crafted guardian action from someone without the role: audited, nothing changes', async () => {
    const before = await h.table('cases').getEntity('case', 'FTSU-2026-0002');
    const posted = await caseCardIn(h, channel, 'FTSU-2026-0002');
    const reply = await guardianClick(h, sam, channel, posted.activityId, 'speakup.claim', { case: 'FTSU-2026-0002' });
    expect(cardText(reply)).toContain('Only Freedom to Speak Up guardians');
    expect((await h.table('cases').getEntity('case', 'FTSU-2026-0002')).etag).toBe(before.etag);
    const audit = await allEntities(h.table('audit'));
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          partitionKey: 'FTSU-2026-0002',
          actor: sam.aadObjectId,
          action: 'case.claim',
          outcome: 'refused',
        }),
      ]),
    );
  });

  it('answers stale and tampered actions clearly, changing nothing', async () => {
    const posted = await caseCardIn(h, channel, anonymousRef);
    expect(
      cardText(
        await guardianClick(h, grace, channel, posted.activityId, 'speakup.reply', {
          case: anonymousRef,
          'text-reply': 'Hello?',
        }),
      ),
    ).toContain(`${anonymousRef} is closed`);
    expect(
      cardText(await guardianClick(h, grace, channel, posted.activityId, 'speakup.claim', { case: 'FTSU-2026-0999' })),
    ).toContain('could not be found');
    const other = await caseCardIn(h, channel, 'FTSU-2026-0002');
    const before = (await allEntities(h.table('casemessages'))).length;
    expect(
      cardText(
        await guardianClick(h, grace, channel, other.activityId, 'speakup.reply', {
          case: 'FTSU-2026-0002',
          'text-reply': 'x'.repeat(4001),
        }),
      ),
    ).toContain('under 4000 characters');
    expect(await allEntities(h.table('casemessages'))).toHaveLength(before);
    expect(
      cardText(await rel(sam, 'speakup.reporter-reply', { case: 'FTSU-2026-0002', text: 'I am not Carl' })),
    ).toContain('This is not your case');
    expect(await allEntities(h.table('casemessages'))).toHaveLength(before);
  });

  it('flags a case not acknowledged in time, counting a bank holiday, and reminds the guardians', async () => {
    clock.set('2026-12-24T10:00:00Z'); // Thursday; Friday 25th and Monday 28th are bank holidays
    const { card } = await raise(h, carl, { mode: 'open', categories: 'other', concern: 'Parking for night staff.' });
    const ref = /FTSU-2026-\d{4}/.exec(cardText(card))![0];
    await caseCardIn(h, channel, ref);
    clock.set('2026-12-29T10:30:00Z'); // Tuesday: one working day so far
    await h.app.speakUp.timers.tick();
    expect((await h.table('cases').getEntity('case', ref)).overdue).toBe(false);
    clock.set('2026-12-30T10:30:00Z'); // Wednesday: the second working day has passed
    await h.app.speakUp.timers.tick();
    expect((await h.table('cases').getEntity('case', ref)).overdue).toBe(true);
    await waitFor(
      () =>
        h.emulator
          .sent(channel.id)
          .some((c) => cardText(cardOf(c.body)).includes(`Reminder: ${ref} has not been acknowledged`)),
      15_000,
    );
  });
});
