import type { TableClient } from '@azure/data-tables';
import { checkPartition, HEAD_KEY, type AuditChainKeys, type ChainedRow, type PartitionCheck } from './audit-chain';
import { headEntity, toHead, type StoredHead } from './audit';
import { unlessRefused } from './storage';

/** One partition's result. */
export interface CheckedPartition {
  readonly partition: string;
  readonly check: PartitionCheck;
}

/**
 * Reads the whole `audit` table and checks every partition's chain (`npm run audit:verify`). Read-only, unless asked
 * to re-sign: during a key rotation, each head whose chain checks out is signed again with the current key, so the
 * previous key can then be removed without leaving heads nobody can check.
 */
export class TableAuditCheck {
  constructor(private readonly deps: { table: TableClient; chain: AuditChainKeys }) {}

  /** Every partition's result, in partition order. */
  async checkAll(options: { resign?: boolean } = {}): Promise<CheckedPartition[]> {
    const partitions = new Map<string, { head?: StoredHead; chained: ChainedRow[]; unchained: string[] }>();
    for await (const e of this.deps.table.listEntities<Record<string, unknown>>()) {
      const p = partitions.get(e.partitionKey!) ?? { chained: [], unchained: [] };
      if (e.rowKey === HEAD_KEY) p.head = toHead(e);
      else if (typeof e.hash === 'string' && e.hash) p.chained.push(toChained(e));
      else p.unchained.push(e.rowKey!);
      partitions.set(e.partitionKey!, p);
    }
    const out: CheckedPartition[] = [];
    for (const [partition, rows] of [...partitions].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const check = checkPartition(this.deps.chain, rows);
      out.push({ partition, check });
      if (options.resign && check.kind === 'ok' && rows.head && rows.head.key !== this.deps.chain.keyId)
        await this.resign(rows.head);
    }
    return out;
  }

  /** Signs a checked head again with the current key (conditional: an append since the check re-signs it anyway). */
  private async resign(head: StoredHead): Promise<void> {
    const next = this.deps.chain.signHead(head);
    await unlessRefused(this.deps.table.updateEntity(headEntity(next), 'Replace', { etag: head.etag }), [
      'changed',
      'missing',
    ]);
  }
}

function toChained(e: Record<string, unknown>): ChainedRow {
  const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : String(v));
  return {
    partitionKey: text(e.partitionKey),
    rowKey: text(e.rowKey),
    seq: Number(e.seq),
    at: text(e.at),
    actor: text(e.actor),
    action: text(e.action),
    outcome: text(e.outcome),
    target: text(e.target),
    detail: text(e.detail),
    prev: text(e.prev),
    hash: text(e.hash),
    key: text(e.key),
    mac: text(e.mac),
  };
}
