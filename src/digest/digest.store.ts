import type { TableClient } from '@azure/data-tables';
import { createIfAbsent, getRow } from '../platform/tables';
import type { SpeakUpCounts } from '../speak-up';

/**
 * The weekly digest's own state, in the `leases` table (PartitionKey `digest`, RowKey `last`): when the last digest
 * went out, and from when digests mark the results they carry (`carriesFrom`); and, in RowKeys `speak-up-<quarter>`,
 * each quarter's speak-up figures as the digest first showed them.
 */
export class TableDigestState {
  constructor(private readonly table: TableClient) {}

  async lastSentAt(): Promise<Date | undefined> {
    const row = await this.read();
    return row?.at ? new Date(row.at) : undefined;
  }

  /**
   * From when results are marked as carried. Set once, on the first digest that marks them: to the last digest sent
   * before (whose rule, by close time, had carried the waves that closed until then), or the start of time on a new
   * install. Without it, the first digest after an upgrade would repeat every earlier wave.
   */
  async carriesFrom(): Promise<Date> {
    const row = await this.read();
    if (row?.carriesFrom) return new Date(row.carriesFrom);
    const from = row?.at ?? new Date(0).toISOString();
    await this.table.upsertEntity({ partitionKey: 'digest', rowKey: 'last', carriesFrom: from }, 'Merge');
    return new Date(from);
  }

  async recordSent(at: Date): Promise<void> {
    await this.table.upsertEntity({ partitionKey: 'digest', rowKey: 'last', at: at.toISOString() }, 'Merge');
  }

  /**
   * A quarter's speak-up figures as first shown: stored once (the first writer wins) and shown the same ever after,
   * so a case that changes later (reopened for detriment, say) cannot be told apart by comparing digests.
   */
  async speakUpOnce(counts: SpeakUpCounts): Promise<SpeakUpCounts> {
    const rowKey = `speak-up-${counts.quarter.replace(/[^0-9A-Za-z]+/g, '-')}`;
    if (
      (await createIfAbsent(this.table, { partitionKey: 'digest', rowKey, counts: JSON.stringify(counts) })) !==
      undefined
    )
      return counts;
    return JSON.parse((await this.table.getEntity<{ counts: string }>('digest', rowKey)).counts) as SpeakUpCounts;
  }

  private async read(): Promise<{ at?: string; carriesFrom?: string } | undefined> {
    return getRow<{ at?: string; carriesFrom?: string }>(this.table, 'digest', 'last');
  }
}
