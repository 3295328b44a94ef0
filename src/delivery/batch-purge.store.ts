import { odata, type TableClient } from '@azure/data-tables';
import { deletePartition, deleteRows, keysWhere } from '../platform/table-rows';

/**
 * Deletes what the outbox kept about one batch once the feature that sent it has no more use for it (the retention
 * job): its delivery rows (`deliveries`, partition the batch: they name who was sent what) and its stored card
 * templates (`cards`, partition the batch). Each call returns how many rows it deleted.
 */
export class TableBatchPurge {
  constructor(private readonly tables: { deliveries: TableClient; cards: TableClient }) {}

  /** The batch's delivery rows. */
  deleteDeliveries(batch: string): Promise<number> {
    return deletePartition(this.tables.deliveries, batch);
  }

  /** The batch's stored card templates. */
  deleteCards(batch: string): Promise<number> {
    return deletePartition(this.tables.cards, batch);
  }

  /**
   * Every batch named `<prefix>YYYYMMDD` for a day before `day` (YYYY-MM-DD), its delivery rows and card templates: a
   * range of partitions, keys only. For batches that are a day's sends to whoever needed one (welcome cards).
   */
  async deleteDayBatchesBefore(prefix: string, day: string): Promise<number> {
    const filter = odata`PartitionKey ge ${prefix} and PartitionKey lt ${dayBatchOf(prefix, day)}`;
    let deleted = 0;
    for (const table of [this.tables.deliveries, this.tables.cards])
      deleted += await deleteRows(table, await keysWhere(table, filter));
    return deleted;
  }
}

/** A batch named for its day: `<prefix>YYYYMMDD`, so a day's batches sort by day within their prefix. */
export const dayBatchOf = (prefix: string, day: string): string => `${prefix}${day.replace(/-/g, '')}`;
