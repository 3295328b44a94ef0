import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { unlessRefused } from '../platform/storage';

/** A row to delete, by its keys. */
export interface RowKeys {
  readonly partitionKey: string;
  readonly rowKey: string;
}

// An entity-group transaction holds at most 100 actions, all in one partition.
const TRANSACTION_LIMIT = 100;

/** The keys of every row matching an OData filter (keys only: nothing else is read). */
export async function keysWhere(table: TableClient, filter: string): Promise<RowKeys[]> {
  const out: RowKeys[] = [];
  for await (const e of table.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } }))
    out.push({ partitionKey: e.partitionKey!, rowKey: e.rowKey! });
  return out;
}

/**
 * Deletes rows, a hundred per transaction within each partition. Another process purging at the same moment may
 * have deleted some already: a transaction that fails on a missing row is redone row by row, skipping the missing.
 * Returns how many rows this call deleted.
 */
export async function deleteRows(table: TableClient, rows: readonly RowKeys[]): Promise<number> {
  const byPartition = new Map<string, string[]>();
  for (const r of rows) byPartition.set(r.partitionKey, [...(byPartition.get(r.partitionKey) ?? []), r.rowKey]);
  let deleted = 0;
  for (const [partitionKey, rowKeys] of byPartition) {
    for (let i = 0; i < rowKeys.length; i += TRANSACTION_LIMIT) {
      const chunk = rowKeys.slice(i, i + TRANSACTION_LIMIT);
      const deletes = chunk.map((rowKey): TransactionAction => ['delete', { partitionKey, rowKey }]);
      if (await unlessRefused(table.submitTransaction(deletes), ['missing'])) deleted += chunk.length;
      else
        for (const rowKey of chunk)
          if (await unlessRefused(table.deleteEntity(partitionKey, rowKey), ['missing'])) deleted++;
    }
  }
  return deleted;
}

/** Deletes every row of one partition; returns how many this call deleted. */
export async function deletePartition(table: TableClient, partitionKey: string): Promise<number> {
  return deleteRows(table, await keysWhere(table, odata`PartitionKey eq ${partitionKey}`));
}
