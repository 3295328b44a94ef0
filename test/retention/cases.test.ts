import { ManualClock } from '../../src/platform/clock';
import { SpeakUpKeys } from '../../src/platform/crypto';
import { TABLE_NAMES } from '../../src/app';
import { actionExecute, personalInstall, user, type TestTeam, type TestUser } from '../support/activities';
import { allEntities, cardOf, cardText, startHarness, TEST_SEALING_KEY, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import { caseCardIn, guardianClick, guardiansChannel, lastCardIn, raise, say } from '../support/speak-up';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

describe('retention of speak-up cases, audit rows and download links', () => {
  const t0 = new Date('2026-11-23T10:00:00Z').getTime(); // a Monday in 2026/27 Q3
  const clock = new ManualClock(new Date(t0));
  const admin = user('Ann Admin');
  const grace = user('Grace Guardian');
  const rita = user('Rita Reporter');
  const carl = user('Carl Confidential');
  const sam = user('Sam Staff');
  const purgeAt = t0 + 100 * DAY + 2190 * DAY + HOUR; // an hour after Sam's case passed its period
  let h: Harness;
  let channel: TestTeam;
  const refs: string[] = []; // 1: Rita's, closed; 2: Rita's, open; 3: Carl's, closed; 4: Sam's, closed later, check-in pending
  const drafts: string[] = [];

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
  const rows = async (table: string, partitionKey: string) =>
    (await allEntities(h.table(table))).filter((e) => e.partitionKey === partitionKey);
  const caseRow = async (rowKey: string) => (await rows('cases', 'case')).find((e) => e.rowKey === rowKey);
  const ngoTotal = async () => {
    await say(h, grace, 'ngo return 2026/27 Q3');
    return Number(/Cases raised\n(\d+)/.exec(cardText(lastCardIn(h, grace)))?.[1]);
  };
  const close = async (ref: string, outcome: string) => {
    const posted = await caseCardIn(h, channel, ref);
    expect(
      cardText(
        await guardianClick(h, grace, channel, posted.activityId, 'speakup.close', {
          case: ref,
          'text-close': outcome,
        }),
      ),
    ).toContain('Closed');
  };

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    await h.app.people.roles.seed(grace.aadObjectId, ['guardian']);
    for (const p of [rita, carl, sam, grace])
      await h.post(
        personalInstall({ serviceUrl: h.emulator.url, user: p, conversationId: h.emulator.conversationIdFor(p.id) }),
      );
    channel = await guardiansChannel(h, admin);
    for (const [who, mode, concern] of [
      [rita, 'anonymous', 'My manager shouted at me.'],
      [rita, 'open', 'The rota is unsafe.'],
      [carl, 'confidential', 'Broken hoist on ward 3.'],
      [sam, 'open', 'Parking for night staff.'],
    ] as const) {
      const { card, draft } = await raise(h, who, { mode, categories: 'other', concern });
      refs.push(/FTSU-2026-\d{4}/.exec(cardText(card))![0]);
      drafts.push(draft);
    }
    // Rita's first case: a relayed exchange, the outcome and her feedback; Carl's: closed at once.
    const posted = await caseCardIn(h, channel, refs[0]!);
    await guardianClick(h, grace, channel, posted.activityId, 'speakup.reply', {
      case: refs[0],
      'text-reply': 'Thank you for telling us.',
    });
    expect(
      cardText(await rel(rita, 'speakup.reporter-reply', { case: refs[0], text: 'It happened last Tuesday.' })),
    ).toContain('Sent to the guardians');
    await close(refs[0]!, 'We spoke to the ward manager.');
    expect(
      cardText(await rel(rita, 'speakup.feedback', { case: refs[0], answer: 'yes', comment: 'Felt listened to.' })),
    ).toContain('Thank you');
    await close(refs[2]!, 'The hoist was repaired.');
    await say(h, grace, 'ngo return'); // a download link that expires 15 minutes later

    clock.set(new Date(t0 + 91 * DAY));
    await h.app.speakUp.timers.tick(); // the check-ins for Rita's and Carl's closed cases go out
    await waitFor(
      () =>
        h.emulator
          .sent(h.emulator.conversationIdFor(carl.id))
          .some((c) => cardText(cardOf(c.body)).includes('A check-in')),
      15_000,
    );
    clock.set(new Date(t0 + 100 * DAY));
    await close(refs[3]!, 'Parking passes are on their way.'); // no speak-up tick runs after this: its check-in stays pending
  }, 60_000);
  afterAll(() => h.stop());

  it('keeps a closed case until its period has passed', async () => {
    clock.set(new Date(t0 + 2190 * DAY - HOUR));
    const counts = await h.app.upkeep.retention.purge();
    expect(counts).toMatchObject({ cases: 0, caseMessages: 0, caseDeliveries: 0, downloadLinks: 1 }); // the link from the first day
    expect(await caseRow(refs[0]!)).toBeDefined();
    expect(await rows('casemessages', refs[0]!)).not.toHaveLength(0);
  });

  it('deletes a closed case and everything about it once its period has passed, children before the case', async () => {
    clock.set(new Date(t0 + 2190 * DAY));
    await say(h, grace, 'ngo return'); // expires long before the purge
    clock.set(new Date(purgeAt - 2 * HOUR));
    await say(h, grace, 'ngo return'); // expires 1h45m before the purge: kept for a day
    clock.set(new Date(purgeAt));
    expect(await ngoTotal()).toBe(4);
    expect(await rows('casereporters', 'mine')).toHaveLength(3);
    const purged = [refs[0]!, refs[2]!];
    const messages = (await Promise.all(purged.map((r) => rows('casemessages', r)))).flat().length;
    const deliveries = (await Promise.all(purged.map((r) => rows('deliveries', `case-${r}`)))).flat().length;
    expect(messages).toBe(7); // Rita's: concern, reply, her answer, outcome, feedback comment; Carl's: concern, outcome
    expect(deliveries).toBeGreaterThanOrEqual(6);

    const counts = await h.app.upkeep.retention.purge();
    expect(counts).toMatchObject({ cases: 2, caseMessages: messages, caseDeliveries: deliveries, downloadLinks: 1 });

    for (const gone of [refs[0]!, refs[2]!]) {
      expect(await caseRow(gone)).toBeUndefined();
      expect(await rows('casemessages', gone)).toEqual([]);
      expect(await rows('casereporters', gone)).toEqual([]);
      expect(await rows('deliveries', `case-${gone}`)).toEqual([]);
    }
    const markers = (await rows('cases', 'case')).filter((e) => String(e.rowKey).startsWith('d-'));
    expect(markers.map((m) => m.ref).sort()).toEqual([refs[1], refs[3]]);
    expect(markers.map((m) => m.rowKey).sort()).toEqual([`d-${drafts[1]}`, `d-${drafts[3]}`].sort());
    expect((await caseRow('n-2026'))?.next).toBe(5); // the counter stays: numbers are never reused
  });

  it('keeps the open case, and the closed case whose check-in is still pending, with all their rows', async () => {
    for (const kept of [refs[1]!, refs[3]!]) {
      expect(await caseRow(kept)).toBeDefined();
      expect(await rows('casemessages', kept)).not.toHaveLength(0);
      expect(await rows('casereporters', kept)).toHaveLength(1);
      expect(await rows('deliveries', `case-${kept}`)).not.toHaveLength(0);
    }
    expect((await caseRow(refs[3]!))?.checkInSent).toBe(false);
  });

  it('takes the purged case off its reporter’s list, and deletes a list left empty', async () => {
    const sealer = new SpeakUpKeys(TEST_SEALING_KEY);
    const lists = (await rows('casereporters', 'mine')).map(
      (r) => JSON.parse(sealer.open(String(r.refs), String(r.rowKey))) as string[],
    );
    expect(lists.sort()).toEqual([[refs[1]], [refs[3]]]); // Rita keeps her open case; Carl's row is gone

    await say(h, rita, 'my cases');
    const mine = cardText(lastCardIn(h, rita));
    expect(mine).toContain(refs[1]);
    expect(mine).not.toContain(refs[0]);
    // The check-in card of the purged case still sits in Rita's chat: answering it finds nothing.
    expect(cardText(await rel(rita, 'speakup.checkin', { case: refs[0], answer: 'yes' }))).toContain(
      'That case could not be found',
    );
  });

  it('counts fewer cases in the NGO return for the quarter once its cases are purged', async () => {
    expect(await ngoTotal()).toBe(2);
  });

  it('deletes audit rows past their period and download links expired over a day ago, keeping the recent ones', async () => {
    const cutoff = new Date(purgeAt - 2190 * DAY).toISOString();
    const audit = await allEntities(h.table('audit'));
    expect(audit.filter((a) => String(a.at) < cutoff)).toEqual([]);
    expect(audit.some((a) => a.action === 'retention.purge' && String(a.at) < new Date(purgeAt).toISOString())).toBe(
      true,
    ); // the early run's
    expect(audit.filter((a) => a.action === 'ngo.return' && a.outcome === 'done')).toHaveLength(4); // all but the first day's
    expect(audit.some((a) => a.partitionKey === refs[3])).toBe(false); // Sam's case's history is as old as the rest

    const links = await allEntities(h.table('exports'));
    expect(links.map((l) => l.expiresAt).sort()).toEqual([
      new Date(purgeAt - 2 * HOUR + 15 * 60_000).toISOString(),
      new Date(purgeAt + 15 * 60_000).toISOString(),
      new Date(purgeAt + 15 * 60_000).toISOString(),
    ]);
  });

  it('changes nothing when it runs again, and logs and audits counts only', async () => {
    const plain = (e: Record<string, unknown>) =>
      JSON.stringify(e, (k, v) => (k === 'timestamp' || k === 'etag' ? undefined : v));
    const snapshot = async () =>
      (
        await Promise.all(
          TABLE_NAMES.filter((t) => t !== 'audit' && t !== 'leases').map(async (t) =>
            (await allEntities(h.table(t))).map((e) => `${t}:${plain(e)}`),
          ),
        )
      )
        .flat()
        .sort();
    const before = await snapshot();
    const counts = await h.app.upkeep.retention.purge();
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    expect(await snapshot()).toEqual(before);

    const runs = (await allEntities(h.table('audit'))).filter((a) => a.action === 'retention.purge');
    expect(runs.map((r) => r.detail)).toContainEqual(
      expect.stringMatching(/; cases 2 \(messages 7, deliveries \d+\); audit rows \d+; download links 1$/),
    );
    const said = [
      ...[rita, carl, sam].flatMap((p) => [p.aadObjectId, p.name]),
      'shouted',
      'last Tuesday',
      'Felt listened',
      'hoist',
      'Parking',
    ];
    const logged =
      h.logLines.filter((l) => l.includes('retention')).join('\n') + runs.map((r) => String(r.detail)).join('\n');
    expect(logged).toContain('"cases":2');
    for (const s of said) expect(logged).not.toContain(s);
  });
});
