import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { unlessRefused } from '../platform/storage';
import { createIfAbsent, getRow, updateIfUnchanged } from '../platform/tables';

/** Where one outbox message stands. `sent`, `failed` and `gone` are final. */
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'gone';
export const FINAL_STATUSES: readonly DeliveryStatus[] = ['sent', 'failed', 'gone'];

export interface Delivery {
  readonly batch: string;
  readonly key: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly activityId?: string;
  readonly claimedBy?: string;
  /** Epoch ms until which the claimant owns the send; after it, another worker may take over. */
  readonly claimedUntil?: number;
  readonly lastError?: string;
  readonly etag: string;
}

/** Counts for a batch, for the admin who launched it. `pending` = not yet final. */
export interface BatchProgress {
  readonly total: number;
  readonly queued: number;
  readonly sending: number;
  readonly sent: number;
  readonly failed: number;
  readonly gone: number;
  readonly pending: number;
}

/** One delivery's row, as other features read it (e.g. speak-up finds the card it posted to a channel). */
export interface DeliveryLookup {
  get(batch: string, key: string): Promise<Delivery | undefined>;
}

/**
 * One row per outbox message in `deliveries` (PartitionKey batch, RowKey message key). Every state change after
 * creation is ETag-conditional: a worker claims a row before sending, so two workers never both send it.
 */
export class TableDeliveryStore implements DeliveryLookup {
  constructor(private readonly table: TableClient) {}

  /**
   * Creates `queued` rows for keys not seen before (with `via`, when given: see OutboxDraft). Returns the keys that
   * need a queue message: new ones, and ones still `queued` from an interrupted earlier attempt (a second message for
   * those is harmless; the claim dedupes). A row that exists keeps what it was created with.
   */
  async createQueued(batch: string, keys: readonly { key: string; via?: string }[], at: Date): Promise<string[]> {
    const toSend: string[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      const chunk = keys.slice(i, i + 100);
      const rows = chunk.map(({ key, via }) => ({
        partitionKey: batch,
        rowKey: key,
        status: 'queued',
        attempts: 0,
        updatedAt: at.toISOString(),
        ...(via ? { via } : {}),
      }));
      if (
        await unlessRefused(this.table.submitTransaction(rows.map((r): TransactionAction => ['create', r])), ['exists'])
      ) {
        toSend.push(...rows.map((r) => r.rowKey));
        continue;
      }
      // Some rows exist (a fan-out resumed after a crash): create the rest one by one, keep the ones still queued.
      for (const r of rows) {
        const created = (await createIfAbsent(this.table, r)) !== undefined;
        if (created || (await this.get(batch, r.rowKey))?.status === 'queued') toSend.push(r.rowKey);
      }
    }
    return toSend;
  }

  /** Creates a `queued` row if missing (a message whose row was never written), then returns the row. */
  async ensure(batch: string, key: string, at: Date): Promise<Delivery> {
    const existing = await this.get(batch, key);
    if (existing) return existing;
    await createIfAbsent(this.table, {
      partitionKey: batch,
      rowKey: key,
      status: 'queued',
      attempts: 0,
      updatedAt: at.toISOString(),
    });
    return (await this.get(batch, key))!;
  }

  async get(batch: string, key: string): Promise<Delivery | undefined> {
    const row = await getRow(this.table, batch, key);
    return row && toDelivery(row);
  }

  /** Several rows of one batch in a single query (a worker's received messages). */
  async getMany(batch: string, keys: readonly string[]): Promise<Map<string, Delivery>> {
    const out = new Map<string, Delivery>();
    if (keys.length === 0) return out;
    const rowFilter = keys.map((k) => odata`RowKey eq ${k}`).join(' or ');
    const filter = `${odata`PartitionKey eq ${batch}`} and (${rowFilter})`;
    for await (const e of this.table.listEntities({ queryOptions: { filter } })) {
      const d = toDelivery(e);
      out.set(d.key, d);
    }
    return out;
  }

  /**
   * Claims several rows of one batch in one transaction (one storage call instead of one per row). If any row
   * changed since it was read, the whole transaction fails and nothing is claimed: the caller claims one by one.
   */
  async claimMany(rows: readonly Delivery[], owner: string, until: number, at: Date): Promise<Delivery[] | undefined> {
    if (rows.length === 0) return [];
    const patch = (r: Delivery) => ({
      status: 'sending' as const,
      claimedBy: owner,
      claimedUntil: until,
      attempts: r.attempts + 1,
      updatedAt: at.toISOString(),
    });
    const claims = rows.map((r): TransactionAction => [
      'update',
      { partitionKey: r.batch, rowKey: r.key, ...patch(r) },
      'Merge',
      { etag: r.etag },
    ]);
    const response = await unlessRefused(this.table.submitTransaction(claims), ['changed', 'missing', 'exists']);
    // Sub-responses come back in request order (Azurite leaves out their row keys, so match by position).
    return (
      response &&
      rows.map((r, i) => ({
        ...r,
        ...patch(r),
        etag: response.subResponses[i]?.etag ?? response.getResponseForEntity(r.key)?.etag ?? r.etag,
      }))
    );
  }

  /** Takes the row for sending until `until`. Undefined if another worker changed it first. */
  async claim(row: Delivery, owner: string, until: number, at: Date): Promise<Delivery | undefined> {
    return this.conditional(row, {
      status: 'sending',
      claimedBy: owner,
      claimedUntil: until,
      attempts: row.attempts + 1,
      updatedAt: at.toISOString(),
    });
  }

  /** Records the outcome of a claimed send. Undefined if the claim was lost (another worker took over). */
  async settle(
    claimed: Delivery,
    outcome: { status: DeliveryStatus; activityId?: string; lastError?: string; attempts?: number },
    at: Date,
  ): Promise<Delivery | undefined> {
    const patch = {
      status: outcome.status,
      activityId: outcome.activityId ?? claimed.activityId ?? '',
      lastError: outcome.lastError ?? '',
      // Which process settled it: lets operators (and tests) see how work spread across processes.
      settledBy: claimed.claimedBy ?? '',
      claimedBy: '',
      claimedUntil: 0,
      ...(outcome.attempts !== undefined ? { attempts: outcome.attempts } : {}),
      updatedAt: at.toISOString(),
    };
    let row: Delivery | undefined = claimed;
    for (let attempt = 0; attempt < 3 && row; attempt++) {
      const settled = await this.conditional(row, patch);
      if (settled) return settled;
      // Other columns of the row may have changed (a survey answer is recorded on it): still ours if the claim is.
      const current = await this.get(claimed.batch, claimed.key);
      row =
        current?.status === 'sending' &&
        current.claimedBy === claimed.claimedBy &&
        current.claimedUntil === claimed.claimedUntil
          ? current
          : undefined;
    }
    return undefined;
  }

  /** Counts every row of a batch by status: one partition scan. */
  async progress(batch: string): Promise<BatchProgress> {
    const counts: Record<DeliveryStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0, gone: 0 };
    const rows = this.table.listEntities<{ status: DeliveryStatus }>({
      queryOptions: { filter: odata`PartitionKey eq ${batch}`, select: ['status'] },
    });
    for await (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    return { total, ...counts, pending: counts.queued + counts.sending };
  }

  private async conditional(row: Delivery, patch: Record<string, unknown>): Promise<Delivery | undefined> {
    const etag = await updateIfUnchanged(this.table, { partitionKey: row.batch, rowKey: row.key, ...patch }, row.etag);
    return etag === undefined ? undefined : { ...row, ...(patch as Partial<Delivery>), etag };
  }
}

function toDelivery(e: Record<string, unknown>): Delivery {
  return {
    batch: String(e.partitionKey),
    key: String(e.rowKey),
    status: e.status as DeliveryStatus,
    attempts: Number(e.attempts ?? 0),
    activityId: (e.activityId as string) || undefined,
    claimedBy: (e.claimedBy as string) || undefined,
    claimedUntil: Number(e.claimedUntil ?? 0) || undefined,
    lastError: (e.lastError as string) || undefined,
    etag: String(e.etag),
  };
}
