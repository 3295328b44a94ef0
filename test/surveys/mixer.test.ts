import { randomBytes } from 'node:crypto';
import { QueueClient } from '@azure/storage-queue';
import { TableClient } from '@azure/data-tables';
import fc from 'fast-check';
import { KeyRing, newSealingKey, PurposeKeys } from '../../src/platform/crypto';
import { TableRunLease } from '../../src/platform/lease';
import { createLog } from '../../src/platform/log';
import { shuffle } from '../../src/platform/random';
import { batchToWrite, ResponseMixer, type MixPhase } from '../../src/surveys/answering/mixer';
import { sealResponse, type ResponseMessage } from '../../src/surveys/answering/response-message';
import { StorageResponseQueue, TableResponseStore } from '../../src/surveys/answering/response.store';
import { allEntities, testConnectionString, uniqueNamespace } from '../support/harness';
import { openRows } from '../support/surveys';

const K = 10;

describe('what the mixer writes of a wave (batchToWrite)', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => i);

  it('writes nothing while fewer than 2k wait in an open wave, then all but a reserve of k', () => {
    expect(batchToWrite(items(2 * K - 1), 'open', K)).toEqual({
      write: [],
      keep: items(2 * K - 1),
      drop: [],
      duplicate: [],
    });
    const split = batchToWrite(items(25), 'open', K);
    expect(split.write).toHaveLength(15);
    expect(split.keep).toHaveLength(K);
    expect([...split.write, ...split.keep].sort((a, b) => a - b)).toEqual(items(25));
  });

  it('at the final write takes everything if it is at least k, and drops fewer than k unread', () => {
    expect(batchToWrite(items(K), 'final', K).write).toHaveLength(K);
    expect(batchToWrite(items(K - 1), 'final', K)).toEqual({ write: [], keep: [], drop: items(K - 1), duplicate: [] });
  });

  it('never writes a straggler after the final write', () => {
    expect(batchToWrite(items(1), 'done', K)).toEqual({ write: [], keep: [], drop: [0], duplicate: [] });
  });

  it('never writes fewer than k at once, however answers arrive, and keeps everything of a wave that reached k', () => {
    // A wave's life: answers arrive in bursts between mixer runs, then the final write. Every write has at least k,
    // and when the wave had k or more answers in all, every one of them is written.
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 12 }),
        fc.integer({ min: 5, max: 15 }),
        (bursts, k) => {
          let waiting: number[] = [];
          let next = 0;
          const writes: number[][] = [];
          for (const burst of bursts) {
            waiting = [...waiting, ...items(burst).map(() => next++)];
            const r = batchToWrite(waiting, 'open', k);
            if (r.write.length) writes.push(r.write);
            waiting = r.keep;
          }
          const last = batchToWrite(waiting, 'final', k);
          if (last.write.length) writes.push(last.write);
          const written = writes.flat();
          return (
            writes.every((w) => w.length >= k) &&
            (next >= k ? written.length === next : written.length === 0) &&
            new Set(written).size === written.length
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('counts a retried submit once, queued again before or after its id was written: every write adds k new ids', () => {
    // Submits arrive, some are retried (the same id queued again, whether or not it has been written by then), runs
    // come between them, then the final write and a late retry. The table is the set of ids written so far.
    type Event = { kind: 'answers'; n: number } | { kind: 'retry'; pick: number; copies: number } | { kind: 'run' };
    const event: fc.Arbitrary<Event> = fc.oneof(
      fc.record({ kind: fc.constant('answers' as const), n: fc.integer({ min: 0, max: 30 }) }),
      fc.record({ kind: fc.constant('retry' as const), pick: fc.nat(), copies: fc.integer({ min: 1, max: 3 }) }),
      fc.constant({ kind: 'run' as const }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), fc.integer({ min: 3, max: 12 }), (events, k) => {
        const table = new Set<string>();
        const issued: string[] = [];
        let queue: string[] = [];
        const writes: string[][] = [];
        const run = (phase: MixPhase) => {
          const r = batchToWrite(queue, phase, k, { written: table });
          if (r.write.length > 0) writes.push(r.write);
          if (r.write.some((id) => table.has(id))) throw new Error('an id written twice');
          for (const id of r.write) table.add(id);
          queue = r.keep;
        };
        const retry = (pick: number, copies: number) => {
          if (issued.length > 0) for (let c = 0; c < copies; c++) queue.push(issued[pick % issued.length]!);
        };
        for (const e of events) {
          if (e.kind === 'answers')
            for (let i = 0; i < e.n; i++) {
              issued.push(`id${issued.length}`);
              queue.push(issued.at(-1)!);
            }
          else if (e.kind === 'retry') retry(e.pick, e.copies);
          else run('open');
        }
        retry(7, 2); // retried just before the close
        run('final');
        retry(3, 1); // and after the final write
        run('done');
        const written = writes.flat();
        return (
          writes.every((w) => w.length >= k && new Set(w).size === w.length) &&
          new Set(written).size === written.length &&
          (issued.length >= k ? table.size === issued.length : table.size === 0) &&
          queue.length === 0
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('the response mixer', () => {
  const ns = uniqueNamespace();
  const queue = new QueueClient(testConnectionString(), `${ns}-responses`);
  const poison = new QueueClient(testConnectionString(), `${ns}-responses-poison`);
  const table = TableClient.fromConnectionString(testConnectionString(), `${ns}responses`, {
    allowInsecureConnection: true,
  });
  const leases = TableClient.fromConnectionString(testConnectionString(), `${ns}leases`, {
    allowInsecureConnection: true,
  });
  const responses = new StorageResponseQueue({ queue, poison });
  const keys = new PurposeKeys(newSealingKey(), 'survey-answers');
  const rowKeys = new KeyRing({ current: newSealingKey() }, 'stored-responses');
  const format = { name: 'responses', keys: rowKeys, log: createLog('silent'), plainAccepted: async () => false };
  const mixer = new ResponseMixer({
    queue: responses,
    responses: new TableResponseStore(table, format),
    sealer: keys,
    lease: new TableRunLease(leases),
    log: createLog('silent'),
    k: K,
  });
  const phases = new Map<string, MixPhase>();
  const mix = () => mixer.mix({ phases: async () => async (wave) => phases.get(wave) ?? 'open' });
  const rawRowsOf = async (wave: string) => (await allEntities(table)).filter((r) => r.partitionKey === wave);
  const rowsOf = async (wave: string) => openRows(await rawRowsOf(wave), 'responses', rowKeys);

  beforeAll(async () => {
    await Promise.all([queue.create(), poison.create(), table.createTable(), leases.createTable()]);
  });

  const response = (wave: string, n: number): ResponseMessage => ({
    v: 2,
    id: randomBytes(16).toString('hex'),
    wave,
    answers: { nqps1: String((n % 5) + 1), marker: String(n) },
    about: n % 2 ? { directorate: 'Surgery' } : {},
  });
  const add = (r: ResponseMessage) => responses.add(sealResponse(r, keys));

  it('holds an open wave back until 2k wait, then writes all but k; the final write takes the reserve', async () => {
    for (let i = 0; i < 2 * K - 1; i++) await add(response('w-small', i));
    expect(await mix()).toMatchObject({ written: 0, waiting: 2 * K - 1, drained: true });
    expect(await rowsOf('w-small')).toHaveLength(0);

    await add(response('w-small', 2 * K));
    expect(await mix()).toMatchObject({ written: K, waiting: K });
    expect(await rowsOf('w-small')).toHaveLength(K);

    phases.set('w-small', 'final');
    expect(await mix()).toMatchObject({ written: K, waiting: 0, dropped: 0 });
    expect(await rowsOf('w-small')).toHaveLength(2 * K);
  });

  it('keeps nothing readable of a wave that closes with fewer than k answers', async () => {
    for (let i = 0; i < 3; i++) await add(response('w-few', i));
    phases.set('w-few', 'final');
    expect(await mix()).toMatchObject({ written: 0, dropped: 3 });
    expect(await rowsOf('w-few')).toHaveLength(0);
    expect((await queue.peekMessages({ numberOfMessages: 32 })).peekedMessageItems).toHaveLength(0);
  });

  it('drops a straggler that arrives after the final write instead of writing it alone', async () => {
    phases.set('w-late', 'done');
    await add(response('w-late', 1));
    expect(await mix()).toMatchObject({ written: 0, dropped: 1 });
    expect(await rowsOf('w-late')).toHaveLength(0);
  });

  it('stores no order and no time: random keys, no day, one write time for the batch', async () => {
    const n = 60;
    for (let i = 0; i < n; i++) await add(response('w-order', i)); // submitted in marker order 0..59
    phases.set('w-order', 'final');
    await mix();
    const rows = await rowsOf('w-order');
    expect(rows).toHaveLength(n);
    const storedOrder = rows.map((r) => Number(r.a_marker)); // table order = row-key order
    expect(storedOrder).not.toEqual([...storedOrder].sort((a, b) => a - b));
    // Spearman-style check: the stored position says little about the submitted position.
    const drift = storedOrder.reduce((sum, marker, position) => sum + Math.abs(marker - position), 0) / n;
    expect(drift).toBeGreaterThan(n / 6);
    for (const r of await rawRowsOf('w-order')) {
      expect(Object.keys(r).filter((k) => !['partitionKey', 'rowKey', 'etag', 'timestamp'].includes(k))).toEqual([
        'sealed',
      ]);
      expect(String(r.rowKey)).toMatch(/^[0-9a-f]{32}$/);
    }
    // Written in one transaction: the write times span a moment, and ordered by write time the rows follow the
    // shuffle, not the order people submitted in.
    const byTime = [...rows].sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)));
    const times = byTime.map((r) => Date.parse(String(r.timestamp)));
    expect(times.at(-1)! - times[0]!).toBeLessThan(1000);
    const timeDrift = byTime.reduce((sum, r, position) => sum + Math.abs(Number(r.a_marker) - position), 0) / n;
    expect(timeDrift).toBeGreaterThan(n / 6);
  });

  it('keeps one response per id when a submit was retried', async () => {
    const first = Array.from({ length: K }, (_, i) => response('w-dup', i));
    for (const r of first) await add(r);
    for (const r of first.slice(0, 4)) await add(r); // retries of four of them
    phases.set('w-dup', 'final');
    expect(await mix()).toMatchObject({ written: K });
    expect(await rowsOf('w-dup')).toHaveLength(K);
  });

  it('refuses a response that carries anything beyond the anonymous fields, or that is not sealed with its key', async () => {
    await queue.sendMessage(sealResponse(response('w-bad', 1), keys).replace('}', ',"x":1}'));
    await queue.sendMessage(
      JSON.stringify({
        v: 2,
        sealed: keys.seal(
          JSON.stringify({ ...response('w-bad', 2), aadObjectId: '0f1e2d3c-4b5a-4678-9abc-def012345678' }),
          'surveys/responses-queue/v2',
        ),
      }),
    );
    await queue.sendMessage(sealResponse(response('w-bad', 3), new PurposeKeys(newSealingKey(), 'survey-answers')));
    await queue.sendMessage(
      JSON.stringify({ v: 2, sealed: keys.seal(JSON.stringify(response('w-bad', 4)), 'speak-up') }),
    );
    phases.set('w-bad', 'final');
    await mix();
    expect(await rowsOf('w-bad')).toHaveLength(0);
    const reasons = (await poison.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((m) => m.messageText);
    expect(reasons).toHaveLength(4);
    expect(reasons.join()).toMatch(/malformed/);
    expect(reasons.join()).toMatch(/could not be opened/);
    expect(reasons.join()).not.toContain('0f1e2d3c');
  });

  it('refuses a plain version-1 message: poisoned with the reason, never its content', async () => {
    const old = Array.from({ length: K }, (_, i) => ({ ...response('w-v1', i), v: 1, day: '2026-11-23' }));
    for (const m of old) await queue.sendMessage(JSON.stringify(m), { messageTimeToLive: -1 });
    phases.set('w-v1', 'final');
    expect(await mix()).toMatchObject({ kind: 'mixed', written: 0 });
    expect(await rowsOf('w-v1')).toEqual([]);
    const poisoned = (await poison.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((m) => m.messageText);
    expect(poisoned.filter((p) => p.includes('version-1'))).toHaveLength(K);
    for (const m of old) expect(poisoned.join()).not.toContain(m.id);
    expect(poisoned.join()).not.toMatch(/w-v1|nqps1|Surgery|2026-11-23/);
  });

  it('splits a batch over 100 into transactions as equal as possible, so no write time holds only a few', async () => {
    const store = new TableResponseStore(table, format);
    await store.write(
      'w-101',
      Array.from({ length: 101 }, (_, i) => response('w-101', i)),
    );
    const byTime = new Map<string, number>();
    for (const r of await rowsOf('w-101'))
      byTime.set(String(r.timestamp).slice(0, 23), (byTime.get(String(r.timestamp).slice(0, 23)) ?? 0) + 1);
    expect([...byTime.values()].reduce((a, b) => a + b, 0)).toBe(101);
    expect(Math.min(...byTime.values())).toBeGreaterThanOrEqual(50);
  });

  it('shuffles with every order possible', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 600; i++) seen.add(shuffle([1, 2, 3]).join(''));
    expect(seen.size).toBe(6);
  });
});
