import type { TableClient } from '@azure/data-tables';
import { isConflict, isPreconditionFailed } from './storage';

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
    const row: LeaseRow = { partitionKey: PARTITION, rowKey: job, lastTick: tickIso, owner: this.owner, claimedAt: new Date().toISOString() };
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.read(job);
      if (!current) {
        try {
          await this.table.createEntity(row);
          return true;
        } catch (e) {
          if (isConflict(e)) continue;
          throw e;
        }
      }
      if (current.lastTick >= tickIso) return false;
      try {
        await this.table.updateEntity(row, 'Replace', { etag: current.etag });
        return true;
      } catch (e) {
        if (isPreconditionFailed(e)) continue;
        throw e;
      }
    }
    return false;
  }

  private async read(job: string): Promise<(LeaseRow & { etag: string }) | undefined> {
    try {
      const entity = await this.table.getEntity<LeaseRow>(PARTITION, job);
      return entity as LeaseRow & { etag: string };
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return undefined;
      throw e;
    }
  }
}
