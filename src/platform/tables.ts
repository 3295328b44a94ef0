import {
  TableClient,
  TableServiceClient,
  type TableEntity,
  type TableEntityResult,
  type UpdateMode,
} from '@azure/data-tables';
import { unlessRefused, type StorageAccess } from './storage';

/** Every table the app uses. Names are alphanumeric because Azure Table names allow nothing else. */
export const TABLE_NAMES = [
  'conversations',
  'roles',
  'registrations',
  'audit',
  'leases',
  'deliveries',
  'answered',
  'cards',
  'responses',
  'surveys',
  'waves',
  'results',
  'exports',
  'cases',
  'casereporters',
  'casemessages',
  'actions',
  'feedback',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** Open clients for every table, by name. */
export type Tables = Readonly<Record<TableName, TableClient>>;

/** Builds a client for one table. The only place a TableClient is constructed. */
export function tableClient(access: StorageAccess, name: string): TableClient {
  if (access.kind === 'connection-string') {
    return TableClient.fromConnectionString(access.connectionString, name, { allowInsecureConnection: true });
  }
  return new TableClient(access.tableUrl, name, access.credential);
}

/** Creates (if missing) and opens every table, each name prefixed by the namespace. */
export async function openTables(access: StorageAccess, namespace: string): Promise<Tables> {
  const entries = await Promise.all(
    TABLE_NAMES.map(async (name) => {
      const client = tableClient(access, `${namespace}${name}`);
      await client.createTable();
      return [name, client] as const;
    }),
  );
  return Object.freeze(Object.fromEntries(entries) as Record<TableName, TableClient>);
}

/** True when the table service answers: the readiness probe. */
export async function tablesReachable(tables: Tables): Promise<boolean> {
  try {
    const first = tables.leases.listEntities({ queryOptions: { select: ['PartitionKey'] } }).byPage({ maxPageSize: 1 });
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
