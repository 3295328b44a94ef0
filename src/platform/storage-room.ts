import type { TableClient } from '@azure/data-tables';
import type { ContainerClient } from '@azure/storage-blob';
import type { QueueClient } from '@azure/storage-queue';
import { containerClient } from './blobs';
import type { Owned } from './feature';
import { queueClient, queueName } from './queues';
import type { StorageAccess } from './storage';
import { tableClient } from './tables';

/** A table's and a queue's client, as features hand them to their stores without calling the SDK themselves. */
export type { TableClient as StoredTable, QueueClient as StoredQueue };

/**
 * The storage account as the features see it: a client for each table and queue some feature owns, by name (the
 * namespace added here). Clients are made when a feature is assembled, without a request; `create` then makes every
 * owned table and queue that is missing, before the process takes its first turn. Asking for a name no feature owns
 * is a mistake, caught at assembly.
 */
export class StorageRoom {
  private readonly tables = new Map<string, TableClient>();
  private readonly queues = new Map<string, QueueClient>();

  constructor(
    private readonly access: StorageAccess,
    readonly namespace: string,
    readonly owned: Owned,
  ) {}

  table(name: string): TableClient {
    if (!this.owned.tables.includes(name)) throw new Error(`No feature owns a table named "${name}"`);
    let client = this.tables.get(name);
    if (!client) this.tables.set(name, (client = tableClient(this.access, `${this.namespace}${name}`)));
    return client;
  }

  queue(name: string): QueueClient {
    if (!this.owned.queues.includes(name)) throw new Error(`No feature owns a queue named "${name}"`);
    let client = this.queues.get(name);
    if (!client) this.queues.set(name, (client = queueClient(this.access, queueName(this.namespace, name))));
    return client;
  }

  /**
   * A blob container, by its own name: containers are not namespaced (the Bicep makes them, with policies a table
   * has no equivalent of), so a feature names what it puts in one under `namespace`.
   */
  container(name: string): ContainerClient {
    return containerClient(this.access, name);
  }

  /** Creates every owned table and queue that does not exist yet. */
  async create(): Promise<void> {
    await Promise.all([
      ...this.owned.tables.map((name) => this.table(name).createTable()),
      ...this.owned.queues.map((name) => this.queue(name).createIfNotExists()),
    ]);
  }
}
