import type { TableClient } from '@azure/data-tables';
import { deletePartition } from '../platform/table-rows';

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
}
