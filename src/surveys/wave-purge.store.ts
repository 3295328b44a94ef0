import type { TableClient } from '@azure/data-tables';
import { deletePartition } from '../platform/table-rows';

/**
 * Deletes what a closed wave leaves behind once its retention period has passed: its anonymous responses
 * (`responses`, partition the wave id), its recipient rows (`deliveries`, partition the batch: they name who was
 * asked), its answered markers and its card templates (`cards`). Each call returns how many rows it deleted.
 */
export class TableWavePurge {
  constructor(private readonly tables: { responses: TableClient; deliveries: TableClient; answered: TableClient; cards: TableClient }) {}

  deleteResponses(waveId: string): Promise<number> {
    return deletePartition(this.tables.responses, waveId);
  }

  deleteRecipients(batch: string): Promise<number> {
    return deletePartition(this.tables.deliveries, batch);
  }

  /** The wave's answered markers (keyed tags: they name nobody without the key, but are of no use any more). */
  deleteMarkers(waveId: string): Promise<number> {
    return deletePartition(this.tables.answered, waveId);
  }

  deleteCards(batch: string): Promise<number> {
    return deletePartition(this.tables.cards, batch);
  }
}
