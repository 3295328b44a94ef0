import { odata, type TableClient } from '@azure/data-tables';
import type { Clock } from './clock';
import { newestFirstKey } from './keys';
import { deleteRows, keysWhere } from './table-rows';
import { randomId } from './random';

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

/** Append-only audit trail in the `audit` table, newest first within each scope. */
export class TableAuditLog {
  constructor(private readonly deps: { table: TableClient; clock: Clock }) {}

  /** Appends an entry. `createEntity` never overwrites, so history cannot be rewritten through this class. */
  async record(entry: AuditEntry): Promise<void> {
    const at = this.deps.clock.now();
    await this.deps.table.createEntity({
      partitionKey: entry.scope,
      rowKey: newestFirstKey(at, randomId(4)),
      at: at.toISOString(),
      actor: entry.actor,
      action: entry.action,
      outcome: entry.outcome,
      target: entry.target ?? '',
      detail: entry.detail ?? '',
    });
  }

  /** The latest entries in a scope, newest first. */
  async latest(scope: string, limit = 50): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    const pages = this.deps.table
      .listEntities<AuditRecord>({ queryOptions: { filter: odata`PartitionKey eq ${scope}` } })
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

/** Deletes audit rows past their period. Apart from TableAuditLog, so the log itself stays append-only. */
export class TableAuditPurge {
  constructor(private readonly table: TableClient) {}

  /** Deletes rows written before `cutoff` (every scope: `admin` and each case's). Returns how many. */
  async deleteWrittenBefore(cutoff: Date): Promise<number> {
    return deleteRows(this.table, await keysWhere(this.table, odata`at lt ${cutoff.toISOString()}`));
  }
}
