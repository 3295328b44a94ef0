import {
  TableClient,
  TableServiceClient,
  type TableEntity,
  type TableEntityResult,
  type UpdateMode,
} from '@azure/data-tables';
import { unlessRefused, type StorageAccess } from './storage';

/** Builds a client for one table. The only place a TableClient is constructed. */
export function tableClient(access: StorageAccess, name: string): TableClient {
  if (access.kind === 'connection-string') {
    return TableClient.fromConnectionString(access.connectionString, name, { allowInsecureConnection: true });
  }
  return new TableClient(access.tableUrl, name, access.credential);
}

/** True when the table service answers: the readiness probe. */
export async function tableReachable(table: TableClient): Promise<boolean> {
  try {
    const first = table.listEntities({ queryOptions: { select: ['PartitionKey'] } }).byPage({ maxPageSize: 1 });
    await first.next();
    return true;
  } catch {
    return false;
  }
}

/** Service client, for whole-account scans in tests and admin tools. */
export function tableService(access: StorageAccess): TableServiceClient {
  if (access.kind === 'connection-string') {
    return TableServiceClient.fromConnectionString(access.connectionString, { allowInsecureConnection: true });
  }
  return new TableServiceClient(access.tableUrl, access.credential);
}

/** Reads one row; undefined when there is none. */
export function getRow<T extends object = Record<string, unknown>>(
  table: TableClient,
  partitionKey: string,
  rowKey: string,
): Promise<TableEntityResult<T> | undefined> {
  return unlessRefused(table.getEntity<T>(partitionKey, rowKey), ['missing']);
}

/**
 * Updates a row only if nobody changed it since `etag` was read (Merge by default). Its new ETag; undefined when the
 * row changed or is gone, so the caller reads it again or gives up.
 */
export async function updateIfUnchanged<T extends object>(
  table: TableClient,
  entity: TableEntity<T>,
  etag: string,
  mode: UpdateMode = 'Merge',
): Promise<string | undefined> {
  const written = await unlessRefused(table.updateEntity(entity, mode, { etag }), ['changed', 'missing']);
  return written && (written.etag ?? etag);
}

/** Creates a row unless it exists: its ETag ('' if storage gave none); undefined when another writer created it first. */
export async function createIfAbsent<T extends object>(
  table: TableClient,
  entity: TableEntity<T>,
): Promise<string | undefined> {
  const written = await unlessRefused(table.createEntity(entity), ['exists']);
  return written && (written.etag ?? '');
}

/** Deletes a row only if nobody changed it since `etag` was read; false when it changed or is gone already. */
export async function deleteIfUnchanged(
  table: TableClient,
  partitionKey: string,
  rowKey: string,
  etag: string,
): Promise<boolean> {
  return (
    (await unlessRefused(table.deleteEntity(partitionKey, rowKey, { etag }), ['changed', 'missing'])) !== undefined
  );
}
