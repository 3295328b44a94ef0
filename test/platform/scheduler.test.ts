import { TableClient } from '@azure/data-tables';
import { TableJobLease } from '../../src/platform/lease';
import { createLog } from '../../src/platform/log';
import { Scheduler } from '../../src/platform/scheduler';
import { testConnectionString, uniqueNamespace } from '../support/harness';

describe('scheduled jobs across processes', () => {
  let table: TableClient;
  beforeAll(async () => {
    table = TableClient.fromConnectionString(testConnectionString(), `${uniqueNamespace()}leases`, {
      allowInsecureConnection: true,
    });
    await table.createTable();
  });

  it('lets exactly one of several claimants win each tick, and nobody win it twice', async () => {
    const leases = ['a', 'b', 'c', 'd'].map((owner) => new TableJobLease(table, owner));
    const tick = new Date('2026-11-23T08:00:00Z');
    const wins = await Promise.all(leases.map((l) => l.claim('race', tick)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await Promise.all(leases.map((l) => l.claim('race', tick)))).toEqual([false, false, false, false]);
    const next = await Promise.all(leases.map((l) => l.claim('race', new Date('2026-11-30T08:00:00Z'))));
    expect(next.filter(Boolean)).toHaveLength(1);
  });

  it('runs a job once per tick when two schedulers share one storage account', async () => {
    const log = createLog('silent');
    const runs: { owner: string; tick: string }[] = [];
    const schedulers = ['process-1', 'process-2'].map((owner) => {
      const s = new Scheduler({ lease: new TableJobLease(table, owner), log, timeZone: 'Europe/London' });
      s.schedule('every-second', '* * * * * *', async (tick) => void runs.push({ owner, tick: tick.toISOString() }));
      return s;
    });
    await new Promise((r) => setTimeout(r, 4500));
    await Promise.all(schedulers.map((s) => s.stop()));

    const ticks = runs.map((r) => r.tick);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ticks).size).toBe(ticks.length); // no tick ran twice
    for (const t of ticks) expect(new Date(t).getMilliseconds()).toBe(0); // the scheduled time, not the timer's
  });

  it('fires on the wall clock of Europe/London across the change to summer time', () => {
    const s = new Scheduler({
      lease: { claim: async () => false },
      log: createLog('silent'),
      timeZone: 'Europe/London',
    });
    s.schedule('digest', '0 8 * * 1', async () => undefined);
    // Monday 08:00 in London is 08:00 UTC in winter and 07:00 UTC in summer.
    expect(s.nextRun('digest', new Date('2027-03-24T12:00:00Z'))?.toISOString()).toBe('2027-03-29T07:00:00.000Z');
    expect(s.nextRun('digest', new Date('2027-03-17T12:00:00Z'))?.toISOString()).toBe('2027-03-22T08:00:00.000Z');
    return s.stop();
  });
});
