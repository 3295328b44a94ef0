import type { TableClient } from '@azure/data-tables';
import { deletePartition } from '../../platform/table-rows';

/**
 * Deletes the surveys tables' rows of a closed wave once its retention period has passed: its anonymous responses
 * (`responses`, partition the wave id) and its answered markers (`answered`). Each call returns how many it deleted.
 */
export class TableWavePurge {
  constructor(private readonly tables: { responses: TableClient; answered: TableClient }) {}

  /** The wave's anonymous responses. */
  deleteResponses(waveId: string): Promise<number> {
    return deletePartition(this.tables.responses, waveId);
  }

  /** The wave's answered markers (keyed tags: they name nobody without the key, but are of no use any more). */
  deleteMarkers(waveId: string): Promise<number> {
    return deletePartition(this.tables.answered, waveId);
  }
}
