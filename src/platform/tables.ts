import { TableClient, TableServiceClient } from '@azure/data-tables';
import type { StorageAccess } from './storage';

/** Every table the app uses. Names are alphanumeric because Azure Table names allow nothing else. */
export const TABLE_NAMES = ['conversations', 'roles', 'registrations', 'audit', 'leases', 'deliveries', 'answered', 'cards', 'responses', 'surveys', 'waves', 'results', 'exports', 'cases', 'casereporters', 'casemessages', 'actions', 'feedback'] as const;
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
