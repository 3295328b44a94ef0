import { newSealingKey, SpeakUpKeys } from '../../src/platform/crypto';
import { ConnectorEmulator } from '../support/connector-emulator';
import { allEntities, testConnectionString, uniqueNamespace, type Harness } from '../support/harness';
import { TcpProxy } from '../support/tcp-proxy';
import { startKeyed } from './keyed-harness';

/**
 * The re-seal job is resumable and safe to run anywhere: a run that storage stops part-way is finished by the next,
 * and two processes running it at once move every value once, losing none.
 */
describe('the re-seal job', () => {
  const key1 = newSealingKey();
  const key2 = newSealingKey();
  const MESSAGES = 80;
  let emulator: ConnectorEmulator;
  let proxy: TcpProxy;

  beforeAll(async () => {
    emulator = await ConnectorEmulator.start();
    const cs = testConnectionString();
    proxy = await TcpProxy.start({
      host: '127.0.0.1',
      port: Number(/TableEndpoint=http:\/\/[^:]+:(\d+)/.exec(cs)![1]),
    });
  });
  afterAll(async () => {
    await proxy.stop();
    await emulator.stop();
  });

  /** Case messages as key 1 sealed them (the stored form: text bound to case and sequence). */
  async function messagesUnderKey1(h: Harness): Promise<void> {
    const sealer = new SpeakUpKeys(key1);
    for (let i = 1; i <= MESSAGES; i++) {
      const ref = `FTSU-2026-${String(Math.ceil(i / 8)).padStart(4, '0')}`;
      const rowKey = String(i).padStart(6, '0');
      await h.table('casemessages').createEntity({
        partitionKey: ref,
        rowKey,
        from: 'guardian',
        kind: 'note',
        guardianName: '',
        text: sealer.seal(`note ${i}`, `${ref}/${rowKey}`),
        at: '2026-11-23T10:00:00Z',
        key: '',
      });
    }
  }
  const texts = async (h: Harness) =>
    (await allEntities(h.table('casemessages'))).map((e) => ({
      text: String(e.text),
      context: `${String(e.partitionKey)}/${String(e.rowKey)}`,
    }));
  const onlyKey2 = async (h: Harness) => {
    const k2 = new SpeakUpKeys(key2);
    return (await texts(h)).map((t) => k2.open(t.text, t.context)).sort();
  };
  const expected = Array.from({ length: MESSAGES }, (_, i) => `note ${i + 1}`).sort();

  it('finishes, on the next run, a run that storage stopped part-way', async () => {
    const namespace = uniqueNamespace();
    const cs = testConnectionString().replace(
      /TableEndpoint=http:\/\/[^:]+:\d+/,
      `TableEndpoint=http://127.0.0.1:${proxy.port}`,
    );
    const h = await startKeyed({ current: key2, previous: [key1], namespace, emulator, storageConnectionString: cs });
    try {
      await messagesUnderKey1(h);
      const k2 = new SpeakUpKeys(key2);
      const run = h.app.upkeep.reseal.run();
      // Cut storage as soon as the first values have moved.
      for (let i = 0; i < 500 && !(await texts(h)).some((t) => k2.isCurrent(t.text)); i++)
        await new Promise((r) => setTimeout(r, 2));
      proxy.cut();
      await expect(run).rejects.toThrow();
      proxy.restore();
      const moved = (await texts(h)).filter((t) => k2.isCurrent(t.text)).length;
      expect(moved).toBeGreaterThan(0);
      expect(moved).toBeLessThan(MESSAGES); // it really stopped part-way

      const next = await h.app.upkeep.reseal.run();
      expect(next.complete).toBe(true);
      expect(next.parts['case messages']).toEqual({ checked: MESSAGES, resealed: MESSAGES - moved, left: 0 });
      expect(await onlyKey2(h)).toEqual(expected);
    } finally {
      proxy.restore();
      await h.stop();
    }
  }, 60_000);

  it('moves every value once when two processes run it at the same moment', async () => {
    const namespace = uniqueNamespace();
    const a = await startKeyed({ current: key2, previous: [key1], namespace, emulator });
    const b = await startKeyed({ current: key2, previous: [key1], namespace, emulator });
    try {
      await messagesUnderKey1(a);
      const [ra, rb] = await Promise.all([a.app.upkeep.reseal.run(), b.app.upkeep.reseal.run()]);
      // Each value is rewritten on an ETag-guarded write: the slower of two writers of one value is refused.
      expect(ra.parts['case messages']!.resealed + rb.parts['case messages']!.resealed).toBe(MESSAGES);
      expect(await onlyKey2(a)).toEqual(expected);
      // Whatever one of them left (a value the other moved under its feet) the next run confirms.
      expect((await a.app.upkeep.reseal.run()).complete).toBe(true);
    } finally {
      await a.stop();
      await b.stop();
    }
  }, 60_000);
});
