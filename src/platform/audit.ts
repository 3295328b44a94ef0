import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { GENESIS, HEAD_KEY, type AuditChainKeys, type ChainedRow, type Head } from './audit-chain';
import type { Clock } from './clock';
import { newestFirstKey } from './keys';
import { randomId } from './random';
import { unlessRefused } from './storage';
import { getRow } from './tables';
import { deleteRows, type RowKeys } from './table-rows';

/** One thing someone did that must be accountable later. Never holds what people wrote. */
export interface AuditEntry {
  /** `admin` for role and channel changes; a case reference for speak-up actions. */
  readonly scope: string;
  /** Entra object id of who acted, or `system`. */
  readonly actor: string;
  readonly action: string;
  readonly outcome: 'done' | 'refused' | 'failed';
  readonly target?: string;
  readonly detail?: string;
}

export interface AuditRecord extends AuditEntry {
  readonly at: string;
}

// How often an append re-reads the head when another process appended first. Appends to one scope are at most a few
// a second (one per admin or guardian click), so this is never reached short of an outage.
const MAX_APPENDS_TRIED = 25;

/**
 * Append-only audit trail in the `audit` table, newest first within each scope (partition), and tamper-evident: each
 * row is numbered, chained to the one before and signed (audit-chain.ts); the partition's head row names the last.
 * The new row and the head's update go in one transaction, conditional on the head being unchanged, so two appends
 * (in two processes) can never both chain to the same row; the one that loses re-reads the head and tries again.
 */
export class TableAuditLog {
  constructor(private readonly deps: { table: TableClient; clock: Clock; chain: AuditChainKeys }) {}

  /** Appends an entry. Nothing is ever overwritten: a failed transaction wrote nothing, so a retry is safe. */
  async record(entry: AuditEntry): Promise<void> {
    const at = this.deps.clock.now();
    const partitionKey = entry.scope;
    for (let attempt = 0; attempt < MAX_APPENDS_TRIED; attempt++) {
      const head = await readHead(this.deps.table, partitionKey);
      const fields = {
        partitionKey,
        rowKey: newestFirstKey(at, randomId(4)),
        seq: (head?.seq ?? 0) + 1,
        at: at.toISOString(),
        actor: entry.actor,
        action: entry.action,
        outcome: entry.outcome,
        target: entry.target ?? '',
        detail: entry.detail ?? '',
        prev: head?.hash ?? GENESIS,
      };
      const row: ChainedRow = { ...fields, ...this.deps.chain.sign(fields) };
      const next = this.deps.chain.signHead({
        partitionKey,
        seq: row.seq,
        hash: row.hash,
        cutSeq: head?.cutSeq ?? 0,
        cutPrev: head?.cutPrev ?? '',
      });
      const actions: TransactionAction[] = [
        ['create', { ...row }],
        head ? ['update', headEntity(next), 'Replace', { etag: head.etag }] : ['create', headEntity(next)],
      ];
      if (await unlessRefused(this.deps.table.submitTransaction(actions), ['changed', 'exists'])) return;
      await pause(5 + Math.random() * 20 * (attempt + 1));
    }
    throw new Error(`Audit: the head of "${partitionKey}" kept changing; the entry was not recorded`);
  }

  /** The latest entries in a scope, newest first. */
  async latest(scope: string, limit = 50): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    const pages = this.deps.table
      .listEntities<AuditRecord>({
        queryOptions: { filter: odata`PartitionKey eq ${scope} and RowKey lt ${HEAD_KEY}` },
      })
      .byPage({ maxPageSize: limit });
    for await (const page of pages) {
      for (const e of page) {
        out.push({
          scope,
          actor: e.actor,
          action: e.action,
          outcome: e.outcome,
          target: e.target || undefined,
          detail: e.detail || undefined,
          at: e.at,
        });
        if (out.length >= limit) return out;
      }
    }
    return out;
  }
}

/**
 * Deletes audit rows past their period. Apart from TableAuditLog, so the log itself stays append-only. The chain is
 * cut in the open: first the partition's head records (signed) the first row kept and the hash it chains to, then
 * the rows before it are deleted, oldest-numbered included. A run that stops between the two leaves rows numbered
 * before the cut, which the check skips and the next run deletes. A partition purged of every row loses its head too.
 */
export class TableAuditPurge {
  constructor(private readonly deps: { table: TableClient; chain: AuditChainKeys }) {}

  /** Deletes rows written before `cutoff` (every scope: `admin` and each case's). Returns how many. */
  async deleteWrittenBefore(cutoff: Date): Promise<number> {
    const old = new Map<string, { keys: RowKeys[]; last?: { seq: number; hash: string } }>();
    for await (const e of this.deps.table.listEntities<{ seq?: number; hash?: string }>({
      queryOptions: { filter: odata`at lt ${cutoff.toISOString()}`, select: ['PartitionKey', 'RowKey', 'seq', 'hash'] },
    })) {
      const p = old.get(e.partitionKey!) ?? { keys: [] };
      p.keys.push({ partitionKey: e.partitionKey!, rowKey: e.rowKey! });
      if (typeof e.seq === 'number' && e.hash && e.seq > (p.last?.seq ?? 0)) p.last = { seq: e.seq, hash: e.hash };
      old.set(e.partitionKey!, p);
    }
    let deleted = 0;
    for (const [partitionKey, p] of old) {
      const head = p.last ? await this.cut(partitionKey, p.last) : undefined;
      // Every row numbered before the cut goes (one written late with an earlier clock too), so the kept run is whole.
      const below = head ? await this.numberedBefore(partitionKey, head.cutSeq) : [];
      const keys = new Map([...p.keys, ...below].map((k) => [k.rowKey, k]));
      deleted += await deleteRows(this.deps.table, [...keys.values()]);
      if (head && head.cutSeq > head.seq) await deleteHeadIfUnchanged(this.deps.table, head);
    }
    return deleted;
  }

  /** Moves the head's cut to just after `last` (never back), signed; undefined if the partition has no head. */
  private async cut(partitionKey: string, last: { seq: number; hash: string }): Promise<StoredHead | undefined> {
    for (let attempt = 0; attempt < MAX_APPENDS_TRIED; attempt++) {
      const head = await readHead(this.deps.table, partitionKey);
      if (!head || head.cutSeq > last.seq) return head;
      const next = this.deps.chain.signHead({ ...head, cutSeq: last.seq + 1, cutPrev: last.hash });
      const written = await unlessRefused(
        this.deps.table.updateEntity(headEntity(next), 'Replace', { etag: head.etag }),
        ['changed', 'missing'],
      );
      if (written) return { ...next, etag: written.etag ?? '' };
      await pause(5 + Math.random() * 20);
    }
    throw new Error(`Audit: the head of "${partitionKey}" kept changing; its purge waits for the next run`);
  }

  private async numberedBefore(partitionKey: string, seq: number): Promise<RowKeys[]> {
    const out: RowKeys[] = [];
    for await (const e of this.deps.table.listEntities({
      queryOptions: {
        filter: odata`PartitionKey eq ${partitionKey} and RowKey lt ${HEAD_KEY} and seq lt ${seq}`,
        select: ['RowKey'],
      },
    }))
      out.push({ partitionKey, rowKey: e.rowKey! });
    return out;
  }
}

/** A head as read, with its ETag for the conditional write that replaces it. */
export interface StoredHead extends Head {
  readonly etag: string;
}

/** The partition's head row, if it has one. */
export async function readHead(table: TableClient, partitionKey: string): Promise<StoredHead | undefined> {
  const e = await getRow<Record<string, unknown>>(table, partitionKey, HEAD_KEY);
  return e && toHead(e);
}

/** A head from its stored row. */
export function toHead(e: Record<string, unknown>): StoredHead {
  return {
    partitionKey: String(e.partitionKey),
    seq: Number(e.seq),
    hash: String(e.hash ?? ''),
    cutSeq: Number(e.cutSeq ?? 0),
    cutPrev: String(e.cutPrev ?? ''),
    key: String(e.key ?? ''),
    mac: String(e.mac ?? ''),
    etag: String(e.etag ?? ''),
  };
}

/** The stored form of a head. */
export const headEntity = (h: Head) => ({
  partitionKey: h.partitionKey,
  rowKey: HEAD_KEY,
  seq: h.seq,
  hash: h.hash,
  cutSeq: h.cutSeq,
  cutPrev: h.cutPrev,
  key: h.key,
  mac: h.mac,
});

async function deleteHeadIfUnchanged(table: TableClient, head: StoredHead): Promise<void> {
  await unlessRefused(table.deleteEntity(head.partitionKey, HEAD_KEY, { etag: head.etag }), ['changed', 'missing']);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
