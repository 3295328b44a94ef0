import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { Sealer } from '../../platform/crypto';
import type { ResealCounts } from '../../platform/reseal';
import { storageStatus } from '../../platform/storage';
import { getRow } from '../../platform/tables';
import { equalParts, isPlainRow, readRow, sealedRow, SEALED_PROPERTY, type ResponseEntity } from './response-row';

type Row = ResponseEntity & { etag: string };
/** What to do with one row: rewrite it as given, leave it (nothing to do), or count it as left (nothing opens it). */
type Change = { kind: 'rewrite'; row: ResponseEntity } | { kind: 'keep' } | { kind: 'left' };

/**
 * Rewrites the rows of a table of stored responses (`responses`, `feedback`) in place: plain rows from before the
 * upgrade sealed (the migration), sealed rows under a previous key moved to the current one (the re-seal job). A
 * partition's rows are rewritten together, in transactions as equal as Azure's 100 allows, each row only if it is
 * unchanged since it was read (its ETag): the new write times group the rows as before and say nothing new, a run
 * that stops part-way is finished by the next, and a row is never sealed twice.
 */
export class TableResponseSealing {
  constructor(private readonly deps: { table: TableClient; name: string; keys: Sealer }) {}

  /** Seals plain rows, at most about `budget` of them (whole transactions) in this call. */
  sealPlainRows(budget = Infinity): Promise<ResealCounts & { found: number }> {
    const { name, keys } = this.deps;
    return this.rewrite(budget, (e) => {
      if (!isPlainRow(e)) return { kind: 'keep' };
      const read = readRow(name, e, keys);
      if (read.kind !== 'plain') return { kind: 'left' };
      return { kind: 'rewrite', row: sealedRow(name, e.partitionKey, e.rowKey, read.response, keys) };
    });
  }

  /** The re-seal job's part: rows sealed under a previous key, opened and sealed again under the current one. */
  async resealRows(): Promise<ResealCounts> {
    const { name, keys } = this.deps;
    const { found: _found, ...counts } = await this.rewrite(Infinity, (e) => {
      const sealed = e[SEALED_PROPERTY];
      if (typeof sealed !== 'string' || keys.isCurrent(sealed)) return { kind: 'keep' };
      const read = readRow(name, e, keys);
      if (read.kind !== 'sealed') return { kind: 'left' };
      return { kind: 'rewrite', row: sealedRow(name, e.partitionKey, e.rowKey, read.response, keys) };
    });
    return counts;
  }

  private async rewrite(
    budget: number,
    change: (e: ResponseEntity) => Change,
  ): Promise<ResealCounts & { found: number }> {
    const counts = { checked: 0, resealed: 0, left: 0, found: 0 };
    let partition: string | undefined;
    let pending: { was: Row; row: ResponseEntity }[] = [];
    const flush = async () => {
      for (const part of equalParts(pending)) {
        if (counts.resealed >= budget) counts.left += part.length;
        else if (await this.replace(part)) counts.resealed += part.length;
        else counts.left += part.length;
      }
      pending = [];
    };
    for await (const e of this.deps.table.listEntities<Record<string, unknown>>()) {
      const was = e as Row;
      if (was.partitionKey !== partition) await flush();
      partition = was.partitionKey;
      counts.checked++;
      const c = change(was);
      if (c.kind === 'keep') continue;
      counts.found++;
      if (c.kind === 'left') counts.left++;
      else pending.push({ was, row: c.row });
    }
    await flush();
    return counts;
  }

  /** One transaction of one partition's rows, each replaced only if unchanged since read; false if one had changed. */
  private async replace(rows: readonly { was: Row; row: ResponseEntity }[]): Promise<boolean> {
    const actions = rows.map(({ was, row }): TransactionAction => ['update', row, 'Replace', { etag: was.etag }]);
    try {
      await this.deps.table.submitTransaction(actions);
      return true;
    } catch (error) {
      // 412 (a row changed: another run sealed it) or 404 (purged meanwhile): the next run looks again.
      const status = storageStatus(error);
      if (status === 412 || status === 404 || status === 409) return false;
      throw error;
    }
  }
}

const PARTITION = 'migration';
const ROW = 'responses-sealed';

/** The migration's state: a row in `leases` (PartitionKey `migration`), saying since when every response is sealed. */
export class TableSealState {
  private complete = false;

  constructor(private readonly table: TableClient) {}

  /** When the migration was found complete (ISO), or undefined while plain rows may remain. Once complete, cached. */
  async completedAt(): Promise<string | undefined> {
    const row = await getRow<{ completeAt?: string }>(this.table, PARTITION, ROW);
    if (row?.completeAt) this.complete = true;
    return row?.completeAt || undefined;
  }

  /** True until the migration is complete: plain rows are read (as before the upgrade) only until then. */
  async plainAccepted(): Promise<boolean> {
    return !(this.complete || (await this.completedAt()) !== undefined);
  }

  async markComplete(at: Date): Promise<void> {
    await this.table.upsertEntity({ partitionKey: PARTITION, rowKey: ROW, completeAt: at.toISOString() }, 'Replace');
    this.complete = true;
  }
}
