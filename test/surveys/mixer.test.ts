import { randomBytes } from 'node:crypto';
import { QueueClient } from '@azure/storage-queue';
import { TableClient } from '@azure/data-tables';
import { createLog } from '../../src/platform/log';
import { ResponseMixer, shuffle } from '../../src/surveys/mixer';
import type { ResponseMessage } from '../../src/surveys/response-message';
import { StorageResponseQueue, TableResponseStore } from '../../src/surveys/response.store';
import { allEntities, testConnectionString, uniqueNamespace } from '../support/harness';

describe('the response mixer', () => {
  const ns = uniqueNamespace();
  const queue = new QueueClient(testConnectionString(), `${ns}-responses`);
  const poison = new QueueClient(testConnectionString(), `${ns}-responses-poison`);
  const table = TableClient.fromConnectionString(testConnectionString(), `${ns}responses`, { allowInsecureConnection: true });
  const responses = new StorageResponseQueue({ queue, poison });
  const mixer = new ResponseMixer({ queue: responses, responses: new TableResponseStore(table), log: createLog('silent'), k: 10 });

  beforeAll(async () => {
    await Promise.all([queue.create(), poison.create(), table.createTable()]);
  });

  const response = (wave: string, n: number): ResponseMessage => ({
    v: 1,
    id: randomBytes(16).toString('hex'),
    wave,
    day: '2026-11-23',
    answers: { nqps1: String((n % 5) + 1), marker: String(n) },
    about: n % 2 ? { directorate: 'Surgery' } : {},
  });

  it('holds a wave back until k answers are waiting, then writes them all', async () => {
    for (let i = 0; i < 9; i++) await responses.add(response('w-small', i));
    expect(await mixer.mix()).toEqual({ written: 0, waiting: 9 });
    expect(await allEntities(table)).toHaveLength(0);

    await responses.add(response('w-small', 9));
    expect(await mixer.mix()).toEqual({ written: 10, waiting: 0 });
    expect((await allEntities(table)).filter((r) => r.partitionKey === 'w-small')).toHaveLength(10);
  });

  it('writes fewer than k when the wave closes (flush)', async () => {
    for (let i = 0; i < 3; i++) await responses.add(response('w-closing', i));
    expect(await mixer.mix({ flush: ['w-closing'] })).toEqual({ written: 3, waiting: 0 });
  });

  it('stores no order and no time: random keys, the day only, one write time for the batch', async () => {
    const n = 60;
    for (let i = 0; i < n; i++) await responses.add(response('w-order', i)); // submitted in marker order 0..59
    await mixer.mix();
    const rows = (await allEntities(table)).filter((r) => r.partitionKey === 'w-order');
    expect(rows).toHaveLength(n);
    const storedOrder = rows.map((r) => Number(r.a_marker)); // table order = row-key order
    expect(storedOrder).not.toEqual([...storedOrder].sort((a, b) => a - b));
    // Spearman-style check: the stored position says little about the submitted position.
    const drift = storedOrder.reduce((sum, marker, position) => sum + Math.abs(marker - position), 0) / n;
    expect(drift).toBeGreaterThan(n / 6);
    for (const r of rows) {
      expect(Object.keys(r).filter((k) => !['partitionKey', 'rowKey', 'etag', 'timestamp', 'day'].includes(k)).every((k) => k.startsWith('a_') || k.startsWith('about_'))).toBe(true);
      expect(r.day).toBe('2026-11-23');
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

  it('refuses a response that carries anything beyond the anonymous fields', async () => {
    await queue.sendMessage(JSON.stringify({ ...response('w-bad', 1), aadObjectId: '0f1e2d3c-4b5a-4678-9abc-def012345678' }));
    await mixer.mix({ flush: 'all' });
    expect((await allEntities(table)).filter((r) => r.partitionKey === 'w-bad')).toHaveLength(0);
    const reasons = (await poison.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((m) => m.messageText);
    expect(reasons.join()).toMatch(/malformed/);
    expect(reasons.join()).not.toContain('0f1e2d3c');
  });

  it('shuffles with every order possible', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 600; i++) seen.add(shuffle([1, 2, 3]).join(''));
    expect(seen.size).toBe(6);
  });
});
