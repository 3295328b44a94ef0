import type { TableClient } from '@azure/data-tables';
import { getRow } from '../platform/tables';

const PARTITION = 'pause';
const ROW = 'outbox';
// Every worker reads the pause at most this often: a 429 reaches all processes within a quarter of a second.
const CACHE_MS = 250;

/**
 * A shared "stop sending until" row in the `leases` table. A 429 from Teams sets it, and every worker in every
 * process waits for it, so one throttled process does not keep hammering while the others back off.
 * Company Communicator paused everything for ~11 minutes after one 429; this pauses for what Teams asked.
 */
export class TableSendPause {
  private cached: { until: number; readAt: number } = { until: 0, readAt: 0 };

  constructor(private readonly table: TableClient) {}

  /** Extends the pause to `until` (epoch ms); never shortens one another worker set. */
  async pauseUntil(until: number): Promise<void> {
    const current = await this.read();
    if (current >= until) return;
    await this.table.upsertEntity({ partitionKey: PARTITION, rowKey: ROW, until }, 'Replace');
    this.cached = { until, readAt: Date.now() };
  }

  /** Epoch ms until which sending is paused (0 or past = not paused). */
  async pausedUntil(now = Date.now()): Promise<number> {
    if (now - this.cached.readAt > CACHE_MS) this.cached = { until: await this.read(), readAt: now };
    return this.cached.until;
  }

  /** The last value read, without any I/O: for the moment between taking a token and sending. */
  cachedUntil(): number {
    return this.cached.until;
  }

  private async read(): Promise<number> {
    const row = await getRow<{ until: number }>(this.table, PARTITION, ROW);
    return Number(row?.until) || 0;
  }
}
