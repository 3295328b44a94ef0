import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { isNotFound, isPreconditionFailed } from '../platform/storage';
import type { WaveProgress } from './survey';

/**
 * Where a recipient stands with a wave. `submitting` holds a random ticket for the few moments between taking an
 * answer and confirming it reached the responses queue: a retry reuses the ticket, so the mixer keeps one response.
 */
export type AnswerState = 'none' | 'submitting' | 'answered' | 'declined';

export interface Recipient {
  readonly waveId: string;
  readonly aadObjectId: string;
  /** The delivery status of the survey card (queued, sending, sent, failed, gone). */
  readonly delivery: string;
  readonly answer: AnswerState;
  readonly ticket?: string;
  readonly etag: string;
}

/**
 * The answer side of a wave's rows in `deliveries` (PartitionKey the wave id, RowKey the recipient's Entra object
 * id): only *whether* someone answered, never what. The delivery pipeline owns the send columns; this store owns
 * `answer` and `ticket`, written as merges so the two never overwrite each other's columns.
 */
export class TableRecipientStore {
  constructor(private readonly table: TableClient) {}

  async get(waveId: string, aadObjectId: string): Promise<Recipient | undefined> {
    try {
      return toRecipient(await this.table.getEntity(waveId, aadObjectId));
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** Moves `none` → `submitting` with `ticket`, if the row is unchanged since read. Undefined if it changed. */
  async beginAnswer(row: Recipient, ticket: string): Promise<Recipient | undefined> {
    return this.conditional(row, { answer: 'submitting', ticket });
  }

  /** The answer reached the queue: record only that it did, and forget the ticket (the link it was). */
  async finishAnswer(waveId: string, aadObjectId: string): Promise<void> {
    await this.table.updateEntity({ partitionKey: waveId, rowKey: aadObjectId, answer: 'answered', ticket: '' }, 'Merge');
  }

  /** "Not this time": no reminder. Undefined if the row changed since read. */
  async decline(row: Recipient): Promise<Recipient | undefined> {
    return this.conditional(row, { answer: 'declined' });
  }

  /** Recipients whose card was delivered and who have neither answered nor declined: the reminder's audience. */
  async *nonResponders(waveId: string): AsyncIterable<string> {
    const rows = this.table.listEntities<{ status?: string; answer?: string }>({ queryOptions: { filter: odata`PartitionKey eq ${waveId}`, select: ['RowKey', 'status', 'answer'] } });
    for await (const r of rows) if (r.status === 'sent' && !r.answer) yield r.rowKey!;
  }

  async progress(waveId: string): Promise<WaveProgress> {
    const p = { recipients: 0, sent: 0, pending: 0, unreachable: 0, answered: 0, declined: 0 };
    const rows = this.table.listEntities<{ status?: string; answer?: string }>({ queryOptions: { filter: odata`PartitionKey eq ${waveId}`, select: ['status', 'answer'] } });
    for await (const r of rows) {
      p.recipients++;
      if (r.status === 'sent') p.sent++;
      else if (r.status === 'failed' || r.status === 'gone') p.unreachable++;
      else p.pending++;
      if (r.answer === 'answered' || r.answer === 'submitting') p.answered++;
      else if (r.answer === 'declined') p.declined++;
    }
    return p;
  }

  /**
   * At close: clears any ticket left by an interrupted submit and rewrites every row that recorded an answer or a
   * decline, so that their storage timestamps all become the closing time and no longer say when anyone answered.
   */
  async sweepAtClose(waveId: string): Promise<number> {
    const touched: TransactionAction[] = [];
    const rows = this.table.listEntities<{ answer?: string }>({ queryOptions: { filter: odata`PartitionKey eq ${waveId}`, select: ['RowKey', 'answer'] } });
    for await (const r of rows) if (r.answer) touched.push(['update', { partitionKey: waveId, rowKey: r.rowKey!, ticket: '', closed: true }, 'Merge']);
    for (let i = 0; i < touched.length; i += 100) await this.table.submitTransaction(touched.slice(i, i + 100));
    return touched.length;
  }

  private async conditional(row: Recipient, patch: Record<string, unknown>): Promise<Recipient | undefined> {
    try {
      const { etag } = await this.table.updateEntity({ partitionKey: row.waveId, rowKey: row.aadObjectId, ...patch }, 'Merge', { etag: row.etag });
      return { ...row, ...(patch as Partial<Recipient>), etag: etag ?? row.etag };
    } catch (e) {
      if (isPreconditionFailed(e) || isNotFound(e)) return undefined;
      throw e;
    }
  }
}

function toRecipient(e: Record<string, unknown>): Recipient {
  const answer = (e.answer as string) || 'none';
  return {
    waveId: String(e.partitionKey),
    aadObjectId: String(e.rowKey),
    delivery: String(e.status ?? ''),
    answer: answer as AnswerState,
    ticket: (e.ticket as string) || undefined,
    etag: String(e.etag),
  };
}
