import { odata, type TableClient } from '@azure/data-tables';
import { deletePartition, deleteRows, keysWhere } from '../platform/table-rows';

/** The outbox batch of a day's "You said, we did" bundle: `actions-YYYYMMDD` (bundle.service.ts). */
export const bundleBatchOf = (day: string): string => `actions-${day.replace(/-/g, '')}`;
const BUNDLE_PREFIX = 'actions-';

/**
 * Deletes what actions leave behind once their period has passed: each day's bundle batch in the outbox's tables
 * (`deliveries` rows, one per person the card was sent to, keyed by their Entra id; `cards`, the day's templates),
 * and a question's sealed answers (`feedback`, partition `fb.<survey>.<action>`). Each call returns how many it deleted.
 */
export class TableActionsPurge {
  constructor(private readonly tables: { deliveries: TableClient; cards: TableClient; feedback: TableClient }) {}

  /** Delivery rows of every bundle sent on a day before `day` (YYYY-MM-DD): a range of partitions, keys only. */
  async deleteBundleDeliveriesBefore(day: string): Promise<number> {
    return deleteRows(this.tables.deliveries, await keysWhere(this.tables.deliveries, bundlesBefore(day)));
  }

  /** Card templates of every bundle sent on a day before `day`. */
  async deleteBundleCardsBefore(day: string): Promise<number> {
    return deleteRows(this.tables.cards, await keysWhere(this.tables.cards, bundlesBefore(day)));
  }

  /** One question's written answers. */
  deleteAnswers(feedbackId: string): Promise<number> {
    return deletePartition(this.tables.feedback, feedbackId);
  }
}

// Batch names sort by day (`actions-20261124`), and no other batch starts with `actions-` (waves are `<survey>-w<n>`).
const bundlesBefore = (day: string) =>
  odata`PartitionKey ge ${BUNDLE_PREFIX} and PartitionKey lt ${bundleBatchOf(day)}`;
