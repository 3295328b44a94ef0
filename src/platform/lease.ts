import type { TableClient } from '@azure/data-tables';
import { randomId } from './random';
import { unlessRefused } from './storage';
import { createIfAbsent, deleteIfUnchanged, getRow, updateIfUnchanged } from './tables';

interface LeaseRow {
  partitionKey: string;
  rowKey: string;
  /** The scheduled time (ISO) of the last tick some process claimed. */
  lastTick: string;
  owner: string;
  claimedAt: string;
}

const PARTITION = 'lease';

/**
 * One row per scheduled job in the `leases` table. A process runs a tick only if it moves `lastTick` forward with
 * an ETag-guarded write; every other process's write then fails with 412 (or 409 on the first insert), so each tick
 * runs exactly once however many processes share the storage account.
 */
export class TableJobLease {
  constructor(
    private readonly table: TableClient,
    private readonly owner: string,
  ) {}

  /** Claims the tick scheduled at `tick` for `job`. True means this process, and only this one, should run it. */
  async claim(job: string, tick: Date): Promise<boolean> {
    const tickIso = tick.toISOString();
    const row: LeaseRow = {
      partitionKey: PARTITION,
      rowKey: job,
      lastTick: tickIso,
      owner: this.owner,
      claimedAt: new Date().toISOString(),
    };
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.read(job);
      // Refused (another process created or moved the row first): read it again.
      if (!current) {
        if ((await createIfAbsent(this.table, row)) !== undefined) return true;
        continue;
      }
      if (current.lastTick >= tickIso) return false;
      if (
        (await unlessRefused(this.table.updateEntity(row, 'Replace', { etag: current.etag }), ['changed'])) !==
        undefined
      )
        return true;
    }
    return false;
  }

  private async read(job: string): Promise<(LeaseRow & { etag: string }) | undefined> {
    return (await getRow<LeaseRow>(this.table, PARTITION, job)) as (LeaseRow & { etag: string }) | undefined;
  }
}

/** A lease being held for a run: `held()` is false once it may have passed to another process. */
export interface HeldLease {
  held(): boolean;
}

/** Runs work under an exclusive lease; `busy` (and nothing run) while another run holds it. */
export interface RunLease {
  hold<T>(name: string, work: (lease: HeldLease) => Promise<T>): Promise<{ kind: 'ran'; value: T } | { kind: 'busy' }>;
}

interface RunRow {
  partitionKey: string;
  rowKey: string;
  /** When the lease lapses unless renewed (ISO). */
  until: string;
  /** A random id of the run holding it (a process may start two runs at once). */
  run: string;
}

const RUN_PARTITION = 'run';

/**
 * Exclusive runs of a job across every process, as a row in the `leases` table (PartitionKey `run`, RowKey the job):
 * taken with an ETag-guarded write when free or lapsed, renewed in the background every third of its term while the
 * work runs, and given back at the end. A run whose renewal failed (storage slow, the process stalled) sees `held()`
 * turn false and stops before its next write; a run that crashed frees the lease when its term lapses.
 */
export class TableRunLease implements RunLease {
  constructor(
    private readonly table: TableClient,
    private readonly termMs = 60_000,
  ) {}

  async hold<T>(
    name: string,
    work: (lease: HeldLease) => Promise<T>,
  ): Promise<{ kind: 'ran'; value: T } | { kind: 'busy' }> {
    const run = randomId(12);
    let etag = await this.take(name, run);
    if (etag === undefined) return { kind: 'busy' };
    // Held until a little before the term lapses: a write started then still ends before another run may begin.
    let until = Date.now() + this.termMs * 0.75;
    let lost = false;
    const renew = async () => {
      const next = await updateIfUnchanged(this.table, this.row(name, run), etag!, 'Replace').catch(() => undefined);
      if (next === undefined) lost = true;
      else [etag, until] = [next, Date.now() + this.termMs * 0.75];
    };
    let renewing = Promise.resolve();
    const timer = setInterval(() => (renewing = renewing.then(renew)), this.termMs / 3);
    timer.unref();
    try {
      const value = await work({ held: () => !lost && Date.now() < until });
      return { kind: 'ran', value };
    } finally {
      clearInterval(timer);
      await renewing;
      if (!lost) await deleteIfUnchanged(this.table, RUN_PARTITION, name, etag).catch(() => false);
    }
  }

  /** Takes the lease if nobody holds it (or its holder's term lapsed): the row's ETag, or undefined when busy. */
  private async take(name: string, run: string): Promise<string | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await getRow<RunRow>(this.table, RUN_PARTITION, name);
      if (!current) {
        const created = await createIfAbsent(this.table, this.row(name, run));
        if (created !== undefined) return created;
        continue;
      }
      if (Date.parse(current.until) > Date.now()) return undefined;
      const taken = await updateIfUnchanged(this.table, this.row(name, run), current.etag, 'Replace');
      if (taken !== undefined) return taken;
    }
    return undefined;
  }

  private row(name: string, run: string): RunRow {
    return { partitionKey: RUN_PARTITION, rowKey: name, until: new Date(Date.now() + this.termMs).toISOString(), run };
  }
}
