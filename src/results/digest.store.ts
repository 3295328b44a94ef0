import type { TableClient } from '@azure/data-tables';
import { isNotFound } from '../platform/storage';

/** When the last weekly digest went out, in the `leases` table (PartitionKey `digest`, RowKey `last`). */
export class TableDigestState {
  constructor(private readonly table: TableClient) {}

  async lastSentAt(): Promise<Date | undefined> {
    try {
      const e = await this.table.getEntity<{ at: string }>('digest', 'last');
      return new Date(e.at);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async recordSent(at: Date): Promise<void> {
    await this.table.upsertEntity({ partitionKey: 'digest', rowKey: 'last', at: at.toISOString() }, 'Replace');
  }
}
