import { newSealingKey, SpeakUpKeys } from '../../src/platform/crypto';
import { ManualClock } from '../../src/platform/clock';
import { TableCaseMessageStore } from '../../src/speak-up/case-message.store';
import { TableCaseReporterStore } from '../../src/speak-up/case-reporter.store';
import { personalInstall, user, type TestTeam, type TestUser } from '../support/activities';
import { allEntities, cardOf, cardText, uniqueNamespace, type Harness } from '../support/harness';
import { ConnectorEmulator } from '../support/connector-emulator';
import { waitFor } from '../support/outbox-helpers';
import { caseCardIn, guardianClick, guardiansChannel, lastCardIn, raise, say } from '../support/speak-up';
import { legacySeal, legacyTag, peekQueue, startKeyed } from '../platform/keyed-harness';

const TAG_PURPOSE = 'speak-up reporter';

/**
 * A key rotation, as the operations runbook does it: cases sealed under key 1 (one of them as the code before key
 * ids wrote it), the app restarted with key 2 as SPEAKUP_ENCRYPTION_KEY and key 1 as SPEAKUP_ENCRYPTION_KEY_PREVIOUS,
 * new cases sealed under key 2, everything readable, the re-seal job run, key 1 removed, everything still readable.
 */
describe('rotating the speak-up key', () => {
  const clock = new ManualClock('2026-11-23T10:00:00Z');
  const key1 = newSealingKey();
  const key2 = newSealingKey();
  const namespace = uniqueNamespace();
  const admin = user('Ann Admin');
  const grace = user('Grace Guardian');
  const rita = user('Rita Reporter');
  const carl = user('Carl Confidential');
  let emulator: ConnectorEmulator;
  let h: Harness;
  let channel: TestTeam;
  const refs: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  const concerns = {
    a: 'Rota pressure on ward 7 (key 1).',
    b: 'Broken hoist on ward 3 (sealed before key ids).',
    c: 'Night shift staffing (key 2).',
  };

  const start = (current: string, previous?: string[], delivery?: { workers: number }) =>
    startKeyed({ current, previous, namespace, emulator, firstAdmins: [admin.aadObjectId], clock, delivery });
  const refOf = (card: unknown) => /FTSU-\d{4}-\d{4}/.exec(cardText(card))![0];
  /** What the stores read with exactly these keys: the concern of each case and who raised it. */
  const readAll = async (current: string, previous: string[] = []) => {
    const sealer = new SpeakUpKeys(current, previous);
    const messages = new TableCaseMessageStore({ table: h.table('casemessages'), sealer });
    const reporters = new TableCaseReporterStore({ table: h.table('casereporters'), sealer });
    const out: Record<string, { concern?: string; reporter?: string }> = {};
    for (const [k, ref] of Object.entries(refs)) {
      out[k] = {
        concern: (await messages.messages(ref)).find((m) => m.kind === 'concern')?.text,
        reporter: (await reporters.get(ref))?.aadObjectId,
      };
    }
    return {
      cases: out,
      rita: await reporters.casesOf(rita.aadObjectId),
      carl: await reporters.casesOf(carl.aadObjectId),
    };
  };
  const sealedValues = async () => [
    ...(await allEntities(h.table('casemessages'))).map((e) => String(e.text)),
    ...(await allEntities(h.table('casereporters'))).map((e) => String(e.identity ?? e.refs)),
  ];
  const keyIdOf = (key: string) => new SpeakUpKeys(key).keyId;
  const myCases = async (who: TestUser) => {
    await say(h, who, 'my cases');
    return cardText(lastCardIn(h, who));
  };
  /** A guardian's reply on a case's channel card, and the reporter receiving it through the relay. */
  const replyReaches = async (who: TestUser, ref: string, text: string) => {
    const posted = await caseCardIn(h, channel, ref);
    await guardianClick(h, grace, channel, posted.activityId, 'speakup.reply', { case: ref, 'text-reply': text });
    const chat = () => h.emulator.sent(h.emulator.conversationIdFor(who.id)).map((c) => JSON.stringify(cardOf(c.body)));
    await waitFor(() => chat().some((t) => t.includes(text)), 15_000);
  };

  beforeAll(async () => {
    emulator = await ConnectorEmulator.start();
    // No sender under key 1: the case cards wait on the outbox, sealed under key 1, until after the rotation.
    h = await start(key1, [], { workers: 0 });
    await h.app.people.roles.seed(grace.aadObjectId, ['guardian']);
    for (const p of [rita, carl, grace])
      await h.post(
        personalInstall({ serviceUrl: emulator.url, user: p, conversationId: emulator.conversationIdFor(p.id) }),
      );
    channel = await guardiansChannel(h, admin);
    refs.a = refOf((await raise(h, rita, { mode: 'anonymous', categories: 'bullying', concern: concerns.a })).card);
    refs.b = refOf(
      (await raise(h, carl, { mode: 'confidential', categories: 'worker-safety', concern: concerns.b })).card,
    );
    expect((await peekQueue(h, 'outbox')).length).toBeGreaterThanOrEqual(2);
    await h.stop();
    // Case B as the code before key ids stored it: `v1` values under the secret itself, and its tag for `my cases`.
    const k1 = new SpeakUpKeys(key1);
    for (const e of await allEntities(h.table('casemessages'))) {
      if (e.partitionKey !== refs.b) continue;
      const context = `${refs.b}/${String(e.rowKey)}`;
      await h.table('casemessages').updateEntity(
        {
          partitionKey: refs.b,
          rowKey: String(e.rowKey),
          text: legacySeal(key1, k1.open(String(e.text), context), context),
        },
        'Merge',
      );
    }
    const identity = (await h.table('casereporters').getEntity<{ identity: string }>(refs.b, 'reporter')).identity;
    await h
      .table('casereporters')
      .updateEntity(
        { partitionKey: refs.b, rowKey: 'reporter', identity: legacySeal(key1, k1.open(identity, refs.b), refs.b) },
        'Merge',
      );
    const tag = k1.tag(carl.aadObjectId.toLowerCase(), TAG_PURPOSE);
    const list = k1.open((await h.table('casereporters').getEntity<{ refs: string }>('mine', tag)).refs, tag);
    await h.table('casereporters').deleteEntity('mine', tag);
    const oldTag = legacyTag(key1, carl.aadObjectId.toLowerCase(), TAG_PURPOSE);
    await h
      .table('casereporters')
      .createEntity({ partitionKey: 'mine', rowKey: oldTag, refs: legacySeal(key1, list, oldTag) });
  }, 60_000);
  afterAll(async () => {
    await h.stop();
    await emulator.stop();
  });

  it('before the rotation, one case is sealed under key 1 and one as before key ids', async () => {
    const values = await sealedValues();
    expect(values.every((v) => v.startsWith(`v2:${keyIdOf(key1)}:`) || v.startsWith('v1:'))).toBe(true);
    expect(values.some((v) => v.startsWith('v1:'))).toBe(true);
    expect(JSON.stringify(await allEntities(h.table('casemessages')))).not.toContain('ward');
  });

  it('with key 2 current and key 1 previous, sends what waited on the outbox under key 1', async () => {
    h = await start(key2, [key1]);
    await caseCardIn(h, channel, refs.a);
    await caseCardIn(h, channel, refs.b);
    expect(await peekQueue(h, 'outbox-poison')).toEqual([]);
  });

  it('seals a new case under key 2 and reads every case', async () => {
    refs.c = refOf(
      (await raise(h, rita, { mode: 'anonymous', categories: 'worker-safety', concern: concerns.c })).card,
    );
    const c = (await allEntities(h.table('casemessages'))).find((e) => e.partitionKey === refs.c)!;
    expect(String(c.text)).toMatch(new RegExp(`^v2:${keyIdOf(key2)}:`));

    const read = await readAll(key2, [key1]);
    expect(read.cases).toEqual({
      a: { concern: concerns.a, reporter: rita.aadObjectId },
      b: { concern: concerns.b, reporter: carl.aadObjectId },
      c: { concern: concerns.c, reporter: rita.aadObjectId },
    });
    expect(read.rita).toEqual([refs.a, refs.c].sort());
    expect(read.carl).toEqual([refs.b]);
    expect(await myCases(carl)).toContain(refs.b); // found under the tag made before key ids
    await replyReaches(carl, refs.b, 'Thank you, Carl: we are on it.'); // the relay opens an identity sealed before key ids
  });

  it('the re-seal job moves every case to key 2, and audits what it did in counts', async () => {
    const report = await h.app.upkeep.reseal.run();
    expect(report).toMatchObject({ keyId: expect.any(String), complete: true, skipped: false });
    expect(report.parts['case messages']).toMatchObject({ resealed: expect.any(Number), left: 0 });
    expect(report.parts['case messages']!.resealed).toBeGreaterThanOrEqual(2);
    expect(report.parts['case reporters']).toMatchObject({ resealed: 3, left: 0 }); // A's and B's identities, Carl's list
    expect((await sealedValues()).every((v) => v.startsWith(`v2:${keyIdOf(key2)}:`))).toBe(true);
    const k2 = new SpeakUpKeys(key2);
    const lists = (await allEntities(h.table('casereporters')))
      .filter((e) => e.partitionKey === 'mine')
      .map((e) => e.rowKey);
    expect(lists.sort()).toEqual(
      [k2.tag(rita.aadObjectId.toLowerCase(), TAG_PURPOSE), k2.tag(carl.aadObjectId.toLowerCase(), TAG_PURPOSE)].sort(),
    );

    const audit = (await allEntities(h.table('audit'))).filter((e) => e.action === 'keys.reseal');
    expect(audit).toEqual([
      expect.objectContaining({
        partitionKey: 'admin',
        actor: 'system',
        outcome: 'done',
        detail: expect.stringMatching(/case messages \d+ moved, 0 left.*case reporters 3 moved, 0 left.*complete$/),
      }),
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/ward|Rita|Carl/);
    expect(h.logLines.some((l) => l.includes('the previous key is no longer needed'))).toBe(true);

    // A second run finds nothing to move, and says so without another audit row.
    expect((await h.app.upkeep.reseal.run()).skipped).toBe(true);
    expect((await allEntities(h.table('audit'))).filter((e) => e.action === 'keys.reseal')).toHaveLength(1);
  });

  it('with key 1 removed, every case is still readable, listed and reachable', async () => {
    await h.stop();
    h = await start(key2);
    const read = await readAll(key2);
    expect(read.cases).toEqual({
      a: { concern: concerns.a, reporter: rita.aadObjectId },
      b: { concern: concerns.b, reporter: carl.aadObjectId },
      c: { concern: concerns.c, reporter: rita.aadObjectId },
    });
    expect(read.rita).toEqual([refs.a, refs.c].sort());
    expect(read.carl).toEqual([refs.b]);
    const mine = await myCases(rita);
    expect(mine).toContain(refs.a);
    expect(mine).toContain(refs.c);
    await replyReaches(rita, refs.a, 'Thank you for raising this: we have spoken to the ward manager.');
  });
});
