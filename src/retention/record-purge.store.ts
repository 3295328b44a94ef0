import { odata, type TableClient } from '@azure/data-tables';
import { deleteRows, keysWhere } from '../platform/table-rows';

/** Deletes audit rows written before a cutoff (every scope: `admin` and each case's). Returns how many. */
export class TableAuditPurge {
  constructor(private readonly table: TableClient) {}

  async deleteWrittenBefore(cutoff: Date): Promise<number> {
    return deleteRows(this.table, await keysWhere(this.table, odata`at lt ${cutoff.toISOString()}`));
  }
}

/** Deletes download-link rows (`exports`, partition `download`) that expired before a cutoff. Returns how many. */
export class TableDownloadLinkPurge {
  constructor(private readonly table: TableClient) {}

  async deleteExpiredBefore(cutoff: Date): Promise<number> {
    return deleteRows(this.table, await keysWhere(this.table, odata`PartitionKey eq ${'download'} and expiresAt lt ${cutoff.toISOString()}`));
  }
}
