import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import fc from 'fast-check';
import { KeyRing, newSealingKey, PurposeKeys } from '../../src/platform/crypto';
import { TableRunLease } from '../../src/platform/lease';
import { createLog } from '../../src/platform/log';
import { ResponseMixer, type MixOutcome, type MixPhase } from '../../src/surveys/answering/mixer';
import { sealResponse, type ResponseMessage } from '../../src/surveys/answering/response-message';
import { StorageResponseQueue, TableResponseStore } from '../../src/surveys/answering/response.store';
import { testConnectionString, uniqueNamespace } from '../support/harness';

const K = 10;

/**
 * The mixer against real storage when runs meet: two started at once (two processes, or two ticks of one), and
 * submits retried after their id was written. Every write must add at least k new rows and rewrite none.
 */
describe('mixer runs that overlap, and retried submits', () => {
  const ns = uniqueNamespace();
  const client = <T>(make: (cs: string) => T) => make(testConnectionString());
  const queue = client((cs) => new QueueClient(cs, `${ns}-responses`));
  const poison = client((cs) => new QueueClient(cs, `${ns}-responses-poison`));
  const table = TableClient.fromConnectionString(testConnectionString(), `${ns}responses`, {
    allowInsecureConnection: true,
  });
  const leases = TableClient.fromConnectionString(testConnectionString(), `${ns}leases`, {
    allowInsecureConnection: true,
  });
  const keys = new PurposeKeys(newSealingKey(), 'survey-answers');
  const rowKeys = new KeyRing({ current: newSealingKey() }, 'stored-responses');
  const format = { name: 'responses', keys: rowKeys, log: createLog('silent'), plainAccepted: async () => false };
  const responses = new StorageResponseQueue({ queue, poison });
  // Two processes on the same storage: each its own mixer and lease client.
  const mixers = [0, 1].map(
    () =>
      new ResponseMixer({
        queue: new StorageResponseQueue({ queue, poison }),
        responses: new TableResponseStore(table, format),
        sealer: keys,
        lease: new TableRunLease(leases),
        log: createLog('silent'),
        k: K,
      }),
  );
  const phases = new Map<string, MixPhase>();
  const finished: string[] = [];
  const mixBy = (i: number) =>
    mixers[i]!.mix({
      phases: async () => async (wave) => phases.get(wave) ?? 'open',
      finish: async () => void finished.push(`run ${i}`),
    });

  beforeAll(async () => {
    await Promise.all([queue.create(), poison.create(), table.createTable(), leases.createTable()]);
  });

  const response = (wave: string): ResponseMessage => ({
    v: 2,
    id: randomBytes(16).toString('hex'),
    wave,
    answers: { nqps1: '4' },
    about: {},
  });
  const add = (r: ResponseMessage) => responses.add(sealResponse(r, keys));
  /** The wave's rows as a reader sees them: row key → ETag (a rewritten row gets a new ETag and write time). */
  const rowsOf = async (wave: string) => {
    const out = new Map<string, string>();
    for await (const e of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${wave}'` } }))
      out.set(e.rowKey!, e.etag);
    return out;
  };
  /** What a step of runs did to the wave's rows: no row rewritten, and the new ones, which the runs' writes add up to. */
  const added = async (wave: string, step: () => Promise<MixOutcome[]>) => {
    const before = await rowsOf(wave);
    const outcomes = await step();
    const after = await rowsOf(wave);
    for (const [id, etag] of before) expect(after.get(id)).toBe(etag);
    const writes = outcomes.flatMap((o) => (o.kind === 'mixed' && o.written > 0 ? [o.written] : []));
    expect(after.size - before.size).toBe(writes.reduce((a, b) => a + b, 0));
    return { writes, outcomes, rows: after };
  };

  it('two runs started at once over the same waiting answers: one runs, one finds it busy; one final batch', async () => {
    const wave = 'w-twice';
    for (let i = 0; i < 35; i++) await add(response(wave));
    phases.set(wave, 'final');
    finished.length = 0;
    const { writes, outcomes } = await added(wave, () => Promise.all([mixBy(0), mixBy(1)]));
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['busy', 'mixed']);
    expect(writes).toEqual([35]); // without the lease the second takes 3 of the 35 and drops them: fewer than k
    expect(finished).toHaveLength(1);
    // The lease is given back: the next run runs.
    expect((await mixBy(1)).kind).toBe('mixed');
  });

  it('a retried submit arriving after its id was written is a duplicate: taken off the queue, never written again', async () => {
    const wave = 'w-retry';
    const first = Array.from({ length: 2 * K }, () => response(wave));
    for (const r of first) await add(r);
    const { rows } = await added(wave, async () => [await mixBy(0)]); // k written, k kept back
    expect(rows.size).toBe(K);
    // Every written answer's submit is retried: 2k waiting copies, of which only the k kept back are new.
    for (const r of first.filter((f) => rows.has(f.id))) await add(r);
    const retried = await added(wave, async () => [await mixBy(0)]);
    expect(retried.writes).toEqual([]); // k new: not enough to write and keep a reserve
    expect(retried.outcomes[0]).toMatchObject({ kind: 'mixed', duplicates: K, waiting: K });
    for (let i = 0; i < K; i++) await add(response(wave));
    await add(first[0]!); // once more, now that its id is written or kept back
    const more = await added(wave, async () => [await mixBy(1)]);
    expect(more.writes).toEqual([K]);
    phases.set(wave, 'final');
    const last = await added(wave, async () => [await mixBy(0)]);
    expect(last.writes).toEqual([K]);
    expect(last.rows.size).toBe(3 * K);
    expect((await queue.peekMessages({ numberOfMessages: 32 })).peekedMessageItems).toEqual([]);
  });

  it('whatever the submits, retries and overlapping runs, every write adds at least k new rows and none twice', async () => {
    // Rounds between runs: new submits, retried ones (any id issued so far, written or not), then one run or two at once.
    const round = fc.record({
      answers: fc.integer({ min: 0, max: 25 }),
      retries: fc.integer({ min: 0, max: 12 }),
      pick: fc.nat(),
      overlap: fc.boolean(),
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(round, { minLength: 1, maxLength: 4 }), async (rounds) => {
        const wave = `w-prop-${n++}`;
        const issued: ResponseMessage[] = [];
        const check = async (run: () => Promise<MixOutcome[]>) => {
          const { writes } = await added(wave, run);
          for (const w of writes) expect(w).toBeGreaterThanOrEqual(K);
        };
        for (const r of rounds) {
          const fresh = Array.from({ length: r.answers }, () => response(wave));
          issued.push(...fresh);
          await Promise.all(fresh.map(add));
          if (issued.length > 0) for (let i = 0; i < r.retries; i++) await add(issued[(r.pick + i) % issued.length]!);
          await check(async () => (r.overlap ? Promise.all([mixBy(0), mixBy(1)]) : [await mixBy(0)]));
        }
        phases.set(wave, 'final');
        await check(() => Promise.all([mixBy(0), mixBy(1)]));
        await check(async () => [await mixBy(1)]); // whichever was busy above
        expect((await rowsOf(wave)).size).toBe(issued.length >= K ? issued.length : 0);
      }),
      { numRuns: 10 },
    );
  }, 120_000);
});

describe('the run lease', () => {
  const leases = TableClient.fromConnectionString(testConnectionString(), `${uniqueNamespace()}leases`, {
    allowInsecureConnection: true,
  });
  beforeAll(() => leases.createTable());

  it('is held by one run at a time, renewed while it runs, and free again after', async () => {
    const lease = new TableRunLease(leases, 600);
    const inner: string[] = [];
    const outer = await lease.hold('job', async (held) => {
      inner.push((await lease.hold('job', async () => 'second')).kind);
      await new Promise((r) => setTimeout(r, 1000)); // longer than the term: renewals keep it
      inner.push((await new TableRunLease(leases, 600).hold('job', async () => 'third')).kind);
      return held.held();
    });
    expect(outer).toEqual({ kind: 'ran', value: true });
    expect(inner).toEqual(['busy', 'busy']);
    expect(await lease.hold('job', async () => 'after')).toEqual({ kind: 'ran', value: 'after' });
  });

  it('is taken over once a crashed holder lets its term lapse', async () => {
    await leases.upsertEntity({
      partitionKey: 'run',
      rowKey: 'crashed',
      until: new Date(Date.now() - 1).toISOString(),
    });
    expect(await new TableRunLease(leases).hold('crashed', async () => 1)).toEqual({ kind: 'ran', value: 1 });
    await leases.upsertEntity({
      partitionKey: 'run',
      rowKey: 'alive',
      until: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(await new TableRunLease(leases).hold('alive', async () => 1)).toEqual({ kind: 'busy' });
  });
});
