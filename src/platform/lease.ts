import type { TableClient } from '@azure/data-tables';
import { unlessRefused } from './storage';
import { createIfAbsent, getRow } from './tables';

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
