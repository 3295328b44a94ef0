import { QueueClient } from '@azure/storage-queue';
import { deliveredCounts, draftTo, waitFor } from '../support/outbox-helpers';
import { allEntities, startHarness, testConnectionString, type Harness } from '../support/harness';
import { personalInstall, user } from '../support/activities';

describe('the outbox pipeline', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ delivery: { workers: 4, budgetPerSecond: 200, maxAttempts: 4 } });
  });
  afterEach(() => h.emulator.reset());
  afterAll(() => h.stop());

  const deliveryRows = async (batch: string) =>
    (await allEntities(h.table('deliveries'))).filter((r) => r.partitionKey === batch);
  const poison = () => new QueueClient(testConnectionString(), `${h.namespace}-outbox-poison`);
  const outbox = () => new QueueClient(testConnectionString(), `${h.namespace}-outbox`);

  it('delivers 500 messages exactly once through 10% injected 429, 502 and 504', async () => {
    h.emulator.setFaultRate(0.1, [{ status: 429, retryAfterSeconds: 0.2 }, { status: 502 }, { status: 504 }], 42);
    const keys = Array.from({ length: 500 }, (_, i) => `m${i}`);
    await h.app.delivery.outbox.enqueueMany(
      'faults',
      keys.map((k) => draftTo(h.emulator.url, k)),
    );
    await waitFor(async () => (await h.app.delivery.outbox.progress('faults')).sent === 500, 90_000, 250);

    const counts = deliveredCounts(h.emulator);
    expect(keys.filter((k) => counts.get(k) !== 1)).toEqual([]);
    expect(h.emulator.calls.filter((c) => c.status >= 400).length).toBeGreaterThan(20); // the faults really happened
    expect(await h.app.delivery.outbox.progress('faults')).toMatchObject({
      total: 500,
      sent: 500,
      pending: 0,
      failed: 0,
    });
  }, 120_000);

  it('sends a key once however often it is enqueued', async () => {
    const draft = draftTo(h.emulator.url, 'once');
    await h.app.delivery.outbox.enqueue('dedupe', draft);
    await h.app.delivery.outbox.enqueue('dedupe', draft);
    await waitFor(async () => (await h.app.delivery.outbox.progress('dedupe')).sent === 1, 20_000);
    await h.app.delivery.outbox.enqueue('dedupe', draft); // after it was sent
    await new Promise((r) => setTimeout(r, 1500));
    expect(deliveredCounts(h.emulator).get('once')).toBe(1);
  });

  it('pauses for a 5-second 429 storm with Retry-After, then completes with nothing marked failed', async () => {
    h.emulator.stormFor(5000, 1);
    const started = Date.now();
    const keys = Array.from({ length: 60 }, (_, i) => `s${i}`);
    await h.app.delivery.outbox.enqueueMany(
      'storm',
      keys.map((k) => draftTo(h.emulator.url, k)),
    );
    await waitFor(async () => (await h.app.delivery.outbox.progress('storm')).sent === 60, 60_000, 250);

    const during = h.emulator.calls.filter((c) => c.at - started < 5000);
    // Paused: a handful of probes a second while the storm lasts, not 60 messages × retries.
    expect(during.length).toBeLessThan(30);
    expect(during.every((c) => c.status === 429)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
    const counts = deliveredCounts(h.emulator);
    expect(keys.filter((k) => counts.get(k) !== 1)).toEqual([]);
    expect((await deliveryRows('storm')).filter((r) => r.status !== 'sent')).toEqual([]);
    expect(
      (await poison().peekMessages({ numberOfMessages: 32 })).peekedMessageItems.filter((m) =>
        m.messageText.includes('storm'),
      ),
    ).toEqual([]);
  }, 90_000);

  it('marks a person who blocked the bot as blocked without retrying; a re-install reactivates them', async () => {
    const sam = user('Sam Staff');
    const conversationId = h.emulator.conversationIdFor(sam.id);
    await h.post(personalInstall({ serviceUrl: h.emulator.url, user: sam, conversationId }));
    h.emulator.block(conversationId);
    const before = h.emulator.calls.length;
    await h.app.delivery.outbox.enqueue('blocked', {
      key: 'sam',
      kind: 'test',
      to: { user: sam.aadObjectId },
      op: { type: 'send', card: { inline: { type: 'AdaptiveCard', version: '1.5', body: [] } } },
    });
    await waitFor(async () => (await h.app.delivery.outbox.progress('blocked')).gone === 1, 20_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(h.emulator.calls.slice(before).filter((c) => c.conversationId === conversationId)).toHaveLength(1);
    expect((await h.table('conversations').getEntity<{ status: string }>('user', sam.aadObjectId)).status).toBe(
      'blocked',
    );

    h.emulator.unblock(conversationId);
    await h.post(personalInstall({ serviceUrl: h.emulator.url, user: sam, conversationId }));
    expect((await h.table('conversations').getEntity<{ status: string }>('user', sam.aadObjectId)).status).toBe(
      'active',
    );
  });

  it('poisons malformed, unknown-version and always-failing messages with their reasons while the rest flow', async () => {
    await outbox().sendMessage('this is not json');
    await outbox().sendMessage(JSON.stringify({ v: 99, batch: 'poison', key: 'future' }));
    await outbox().sendMessage(
      JSON.stringify({
        v: 1,
        batch: 'poison',
        key: 'bad',
        kind: 'test',
        to: { user: 'not-a-guid' },
        op: { type: 'send' },
      }),
    );
    const unreachable = { ...draftTo('http://127.0.0.1:9/', 'doomed'), key: 'doomed' }; // nothing listens on port 9
    const fine = Array.from({ length: 20 }, (_, i) => draftTo(h.emulator.url, `ok${i}`));
    await h.app.delivery.outbox.enqueueMany('poison', [unreachable, ...fine]);

    await waitFor(async () => (await h.app.delivery.outbox.progress('poison')).pending === 0, 60_000, 250);
    const reasons = (await poison().peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map(
      (m) => JSON.parse(m.messageText).reason as string,
    );
    expect(reasons).toEqual(
      expect.arrayContaining([
        'malformed: not JSON',
        'unknown version: 99',
        expect.stringMatching(/^malformed: .*to/),
        expect.stringMatching(/^gave up after 4 attempts: network/),
      ]),
    );
    expect(await h.app.delivery.outbox.progress('poison')).toMatchObject({ sent: 20, failed: 1 });
    const doomed = (await deliveryRows('poison')).find((r) => r.rowKey === 'doomed');
    expect(doomed).toMatchObject({ status: 'failed', attempts: 4 });
  }, 90_000);
});
