import { QueueClient, QueueServiceClient } from '@azure/storage-queue';
import type { StorageAccess } from './storage';

// Fail fast: a person pressing Submit waits on the responses queue, and Teams gives an invoke about 15 seconds.
// Three quick tries, then the caller decides (the answer route asks the person to retry; workers requeue).
const RETRY = { retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 1000, tryTimeoutInMs: 4000 } };

/** Builds a client for one queue. The only place a QueueClient is constructed. */
export function queueClient(access: StorageAccess, name: string): QueueClient {
  if (access.kind === 'connection-string') return new QueueClient(access.connectionString, name, RETRY);
  return new QueueClient(`${access.queueUrl.replace(/\/$/, '')}/${name}`, access.credential, RETRY);
}

/** Queue names allow lowercase letters, digits and single hyphens; the namespace is joined with one. */
export function queueName(namespace: string, name: string): string {
  return namespace ? `${namespace}-${name}` : name;
}

/** Service client for the queue endpoint. */
export function queueService(access: StorageAccess): QueueServiceClient {
  if (access.kind === 'connection-string') return QueueServiceClient.fromConnectionString(access.connectionString);
  return new QueueServiceClient(access.queueUrl, access.credential);
}
