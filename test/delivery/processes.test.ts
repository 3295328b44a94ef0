import { deliveredCounts, draftTo, waitFor } from '../support/outbox-helpers';
import { allEntities, startHarness, type Harness } from '../support/harness';
import { startAppProcess, type AppProcess } from '../support/processes';

/** Real Staff Voice processes sharing one storage account: the way it scales out, and the way it crashes. */
describe('dispatcher processes', () => {
  let h: Harness; // enqueues and reads progress; its own dispatcher is off
  const running: AppProcess[] = [];

  beforeEach(async () => {
    h = await startHarness({ delivery: { workers: 0 } });
  });
  afterEach(async () => {
    for (const p of running.splice(0))
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await h.stop();
  });

  const spawnDispatcher = async (env: Record<string, string> = {}) => {
    const p = await startAppProcess({ SV_NAMESPACE: h.namespace, SV_WORKERS: '2', SV_BUDGET: '100', ...env });
    running.push(p);
    return p;
  };
  const enqueue = (batch: string, n: number) =>
    h.app.delivery.outbox.enqueueMany(
      batch,
      Array.from({ length: n }, (_, i) => draftTo(h.emulator.url, `${batch}-${i}`)),
    );
  const duplicatesAndMissing = (batch: string, n: number) => {
    const counts = deliveredCounts(h.emulator);
    const keys = Array.from({ length: n }, (_, i) => `${batch}-${i}`);
    return {
      missing: keys.filter((k) => !counts.get(k)).length,
      duplicates: keys.reduce((sum, k) => sum + Math.max(0, (counts.get(k) ?? 0) - 1), 0),
    };
  };

  it('two processes on one queue deliver everything with no duplicates', async () => {
    await enqueue('two', 300);
    const [a, b] = await Promise.all([spawnDispatcher({ SV_PROCESSES: '2' }), spawnDispatcher({ SV_PROCESSES: '2' })]);
    await waitFor(async () => (await h.app.delivery.outbox.progress('two')).sent === 300, 90_000, 250);
    expect(duplicatesAndMissing('two', 300)).toEqual({ missing: 0, duplicates: 0 });
    // Both processes took part.
    const rows = (await allEntities(h.table('deliveries'))).filter((r) => r.partitionKey === 'two');
    expect(new Set(rows.map((r) => r.settledBy)).size).toBe(2);
    expect([a, b].every((p) => p.child.exitCode === null)).toBe(true);
  }, 150_000);

  it('survives kill -9 three times mid-run: everything delivered, no more duplicates than kills', async () => {
    // One worker: a process holds at most one send on the wire, so a kill can leave at most one send unrecorded.
    const env = { SV_WORKERS: '1', SV_BUDGET: '40', SV_HOLD_SECONDS: '3' };
    h.emulator.setLatency(5);
    await enqueue('kills', 300);
    let current = await spawnDispatcher(env);
    let kills = 0;
    for (; kills < 3; kills++) {
      await waitFor(async () => (await h.app.delivery.outbox.progress('kills')).sent >= (kills + 1) * 50, 60_000, 50);
      current.child.kill('SIGKILL');
      await current.exited;
      current = await spawnDispatcher(env);
    }
    await waitFor(async () => (await h.app.delivery.outbox.progress('kills')).sent === 300, 120_000, 250);
    const { missing, duplicates } = duplicatesAndMissing('kills', 300);
    console.log(`kill -9 x${kills}: missing=${missing} duplicates=${duplicates}`);
    expect(missing).toBe(0);
    expect(duplicates).toBeLessThanOrEqual(kills);
  }, 240_000);

  it('on SIGTERM mid-run exits within 10 s and loses nothing', async () => {
    h.emulator.setLatency(20);
    await enqueue('term', 200);
    const first = await spawnDispatcher({ SV_BUDGET: '30' });
    await waitFor(async () => (await h.app.delivery.outbox.progress('term')).sent >= 30, 60_000, 50);
    const started = Date.now();
    first.child.kill('SIGTERM');
    const exit = await first.exited;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(exit.code).toBe(0);
    const progress = await h.app.delivery.outbox.progress('term');
    expect(progress.sent).toBeLessThan(200); // it really stopped mid-run

    await spawnDispatcher({ SV_BUDGET: '100' });
    await waitFor(async () => (await h.app.delivery.outbox.progress('term')).sent === 200, 90_000, 250);
    expect(duplicatesAndMissing('term', 200)).toEqual({ missing: 0, duplicates: 0 });
  }, 180_000);
});
