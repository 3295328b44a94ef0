import { odata, type TableClient } from '@azure/data-tables';
import { deletePartition, deleteRows, keysWhere } from '../platform/table-rows';
import { deleteIfUnchanged } from '../platform/tables';
import { CASE_PARTITION, MARKER_RANGE } from './case.store';

/**
 * Deletes the speak-up tables' rows of a case once its retention period has passed: its sealed messages
 * (`casemessages`), the raise-form markers that point at it and, last, the case row. The reporter's rows are the
 * relay's to delete, the outbox records the delivery feature's. The year's reference counter is kept, so numbers are
 * never reused.
 */
export class TableCasePurge {
  constructor(private readonly tables: { cases: TableClient; casemessages: TableClient }) {}

  /** The case's sealed messages. */
  deleteMessages(caseRef: string): Promise<number> {
    return deletePartition(this.tables.casemessages, caseRef);
  }

  /** The `d-<draft>` rows recording which raise form made the case. */
  async deleteMarkers(caseRef: string): Promise<number> {
    const filter = odata`PartitionKey eq ${CASE_PARTITION} and RowKey ge ${MARKER_RANGE.from} and RowKey lt ${MARKER_RANGE.to} and ref eq ${caseRef}`;
    return deleteRows(this.tables.cases, await keysWhere(this.tables.cases, filter));
  }

  /** Deletes the case row if it is unchanged since `etag` was read; false if it changed or is gone already. */
  async deleteCase(caseRef: string, etag: string): Promise<boolean> {
    return deleteIfUnchanged(this.tables.cases, CASE_PARTITION, caseRef, etag);
  }
}
