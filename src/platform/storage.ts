import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';

/** Where tables and queues live. Local mode resolves `embedded` to a connection string at start-up. */
export type StorageConfig =
  | {
      readonly kind: 'embedded';
      readonly dataDir: string;
      readonly tablePort: number;
      readonly queuePort: number;
      readonly blobPort: number;
    }
  | { readonly kind: 'connection-string'; readonly connectionString: string }
  | {
      readonly kind: 'account-url';
      readonly tableUrl: string;
      readonly queueUrl: string;
      readonly blobUrl: string;
      readonly clientId?: string;
    };

/** A storage config that needs nothing started: what createApp receives. */
export type ResolvedStorage = Exclude<StorageConfig, { kind: 'embedded' }>;

/** How to reach the storage account: a connection string (Azurite, tests) or an account URL with a token (Azure). */
export type StorageAccess =
  | { kind: 'connection-string'; connectionString: string }
  | { kind: 'token'; tableUrl: string; queueUrl: string; blobUrl: string; credential: TokenCredential };

/** Turns the configured storage into credentials. In Azure this is the managed identity, never an account key. */
export function storageAccess(storage: ResolvedStorage): StorageAccess {
  if (storage.kind === 'connection-string')
    return { kind: 'connection-string', connectionString: storage.connectionString };
  const credential = new DefaultAzureCredential(storage.clientId ? { managedIdentityClientId: storage.clientId } : {});
  return {
    kind: 'token',
    tableUrl: storage.tableUrl,
    queueUrl: storage.queueUrl,
    blobUrl: storage.blobUrl,
    credential,
  };
}

/** The connection string for an Azurite listening on loopback. Azurite's well-known development account key. */
export function azuriteConnectionString(
  ports: { blob: number; queue: number; table: number },
  host = '127.0.0.1',
): string {
  const account = 'devstoreaccount1';
  const key = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${account}`,
    `AccountKey=${key}`,
    `BlobEndpoint=http://${host}:${ports.blob}/${account}`,
    `QueueEndpoint=http://${host}:${ports.queue}/${account}`,
    `TableEndpoint=http://${host}:${ports.table}/${account}`,
  ].join(';');
}

/** HTTP status of a storage error, if it has one. */
export function storageStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** A call that never got an answer from storage: nothing listening there, or the connection dropped mid-call. */
export function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'REQUEST_SEND_ERROR'].includes(code);
}

export const isPreconditionFailed = (e: unknown): boolean => storageStatus(e) === 412;
export const isNotFound = (e: unknown): boolean => storageStatus(e) === 404;

// Storage answers some calls with a refusal that is an outcome, not a fault: the row (or queue message) is not there
// (404), is there already (409), or changed since it was read (412). Stores turn those into values with
// `unlessRefused` here and the row helpers in tables.ts (getRow, updateIfUnchanged, createIfAbsent, deleteIfUnchanged).

/** A refusal a store expects: the row is `missing` (404), `exists` already (409), or `changed` since read (412). */
export type Refusal = 'missing' | 'exists' | 'changed';
const REFUSAL_STATUS: Readonly<Record<Refusal, number>> = { missing: 404, exists: 409, changed: 412 };

/** Waits for a storage call; undefined when storage refuses it with one of `refusals`, and any other error is thrown. */
export async function unlessRefused<T>(call: Promise<T>, refusals: readonly Refusal[]): Promise<T | undefined> {
  try {
    return await call;
  } catch (e) {
    if (refusals.some((r) => storageStatus(e) === REFUSAL_STATUS[r])) return undefined;
    throw e;
  }
}
