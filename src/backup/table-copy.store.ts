import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { HEAD_KEY } from '../platform/audit-chain';
import { storageStatus, unlessRefused } from '../platform/storage';

/** A row as the SDK reads it with type conversion off: every property `{ value, type }`, as the service sent it. */
export type StoredEntity = Record<string, unknown> & { partitionKey?: string; rowKey?: string };

// How often one audit partition is read again when rows keep being appended to it while it is read.
const CATCH_UP_TRIES = 5;

/** What the reading has seen of one audit partition: its newest row's number and RowKey (RowKeys sort newest first). */
interface Seen {
  readonly partition: string;
  newestSeq: number;
  newestKey: string;
}

/**
 * One table, copied out of (every row as stored) or into (rows written as they were). Reading is one pass in key
 * order: rows written during it may or may not be in it, as in any copy of a live table (Table Storage has no
 * snapshots). The audit table (`chained`) is read so that each partition's rows agree with its head: the head comes
 * last in its partition, and an append between reading a partition's rows and its head would otherwise give a head
 * naming a row the copy does not hold, which the chain's check would report as removed.
 */
export class TableCopy {
  constructor(
    private readonly table: TableClient,
    private readonly options: { chained?: boolean } = {},
  ) {}

  /** Every row, in key order (an audit partition's late appends just before its head). */
  async *rows(): AsyncGenerator<StoredEntity> {
    let seen: Seen | undefined;
    for await (const e of this.table.listEntities<StoredEntity>({ disableTypeConversion: true })) {
      const partition = e.partitionKey!;
      if (seen?.partition !== partition) seen = { partition, newestSeq: 0, newestKey: HEAD_KEY };
      if (this.options.chained && e.rowKey === HEAD_KEY) yield* this.caughtUp(e, seen);
      else {
        note(seen, e);
        yield e;
      }
    }
  }

  /** True when the table exists and holds a row. */
  async hasRows(): Promise<boolean> {
    try {
      const first = await this.table
        .listEntities({ queryOptions: { select: ['PartitionKey'] } })
        .byPage({ maxPageSize: 1 })
        .next();
      return !first.done && first.value.length > 0;
    } catch (error) {
      if (storageStatus(error) === 404) return false;
      throw error;
    }
  }

  /** Creates the table (if missing) and gives a writer for its rows. */
  async writer(): Promise<RowWriter> {
    await this.table.createTable();
    return new RowWriter(this.table);
  }

  /** The rows appended to a partition since its rows were read, then its head as it is now. */
  private async *caughtUp(head: StoredEntity, seen: Seen): AsyncGenerator<StoredEntity> {
    let current = head;
    for (let tries = 0; tries < CATCH_UP_TRIES && seqOf(current) > seen.newestSeq; tries++) {
      const filter = odata`PartitionKey eq ${seen.partition} and RowKey lt ${seen.newestKey}`;
      for await (const e of this.table.listEntities<StoredEntity>({
        disableTypeConversion: true,
        queryOptions: { filter },
      })) {
        note(seen, e);
        yield e;
      }
      const now = this.table.getEntity<StoredEntity>(seen.partition, HEAD_KEY, { disableTypeConversion: true });
      current = (await unlessRefused(now, ['missing'])) ?? current;
    }
    yield current;
  }
}

const seqOf = (e: StoredEntity): number => Number((e.seq as { value?: unknown } | undefined)?.value ?? 0);

function note(seen: Seen, e: StoredEntity): void {
  seen.newestSeq = Math.max(seen.newestSeq, seqOf(e));
  if (e.rowKey! < seen.newestKey) seen.newestKey = e.rowKey!;
}

// An entity-group transaction: at most 100 rows, one partition, a 4 MiB body; 2 MiB of rows leaves room to spare.
const BATCH_ROWS = 100;
const BATCH_BYTES = 2 * 1024 * 1024;
// Transactions in flight at once: partitions are written side by side, as the service spreads them.
const IN_FLIGHT = 8;

/**
 * Writes rows in the order given, a transaction per run of up to a hundred rows of one partition, several
 * transactions at once. Every row is created, never replaced: the restore writes only into empty tables.
 */
export class RowWriter {
  private batch: StoredEntity[] = [];
  private batchBytes = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;

  constructor(private readonly table: TableClient) {}

  /** Adds a row of about `bytes` (its line's length); waits while the transactions in flight are at their limit. */
  async add(entity: StoredEntity, bytes: number): Promise<void> {
    const full = this.batch.length === BATCH_ROWS || this.batchBytes + bytes > BATCH_BYTES;
    if (this.batch.length > 0 && (full || this.batch[0]!.partitionKey !== entity.partitionKey)) await this.send();
    this.batch.push(entity);
    this.batchBytes += bytes;
  }

  /** Sends what is left and waits for every transaction; throws the first that failed. */
  async close(): Promise<void> {
    if (this.batch.length > 0) await this.send();
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }

  private async send(): Promise<void> {
    while (this.inFlight.size >= IN_FLIGHT) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
    const actions = this.batch.map((e): TransactionAction => ['create', e as { partitionKey: string; rowKey: string }]);
    [this.batch, this.batchBytes] = [[], 0];
    const sent: Promise<void> = this.table.submitTransaction(actions).then(
      () => void this.inFlight.delete(sent),
      (error: unknown) => {
        this.failure ??= error;
        this.inFlight.delete(sent);
      },
    );
    this.inFlight.add(sent);
  }
}
