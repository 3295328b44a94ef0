import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { getRow } from '../../platform/tables';
import type { AnswerState, TableAnsweredMarkers } from './answered.store';
import type { WaveProgress } from '../authoring';

/** A person a wave is sent to, and the team they are asked through (a wave to chosen teams; see waves/audience.ts). */
export interface Asked {
  readonly person: string;
  readonly team?: string;
}

/** A person a wave was sent to, as the delivery pipeline recorded it. */
export interface Recipient {
  readonly waveId: string;
  readonly aadObjectId: string;
  /** The delivery status of the survey card (queued, sending, sent, failed, gone). */
  readonly delivery: string;
  /** The team they were asked through, kept on their row at the fan-out (the row's `via`), if the wave records one. */
  readonly team?: string;
  /**
   * Before answers moved to the `answered` markers, the row itself said whether its person answered. Read (never
   * written) so that a wave open across the upgrade does not take a second answer from someone.
   */
  readonly legacyAnswer?: AnswerState;
}

/**
 * Who a wave was sent to: its rows in `deliveries` (PartitionKey the wave id, RowKey the recipient's Entra object id),
 * written only by the delivery pipeline. Surveys read them and never write them: an answer must not touch a row that
 * names its person (see answered.store.ts for where answers are counted). In a wave to chosen teams a row also says
 * which team its person was asked through (`via`), as their team's roster does: the reminder carries the same team.
 */
export class TableRecipientStore {
  constructor(private readonly deps: { table: TableClient; markers: TableAnsweredMarkers }) {}

  async get(waveId: string, aadObjectId: string): Promise<Recipient | undefined> {
    const row = await getRow(this.deps.table, waveId, aadObjectId);
    return row && toRecipient(row);
  }

  /** Everyone a wave was sent to (their Entra ids), from one scan of its partition. */
  async *everyone(waveId: string): AsyncIterable<string> {
    const rows = this.deps.table.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${waveId}`, select: ['RowKey'] },
    });
    for await (const r of rows) yield r.rowKey!;
  }

  /**
   * Recipients whose card was delivered and who have neither answered nor declined, each with the team they were
   * asked through: the reminder's audience. `tagsOf` gives a person's marker tags (one per configured key); the
   * wave's markers are listed once.
   */
  async *nonResponders(waveId: string, tagsOf: (aadObjectId: string) => readonly string[]): AsyncIterable<Asked> {
    const settled = await this.deps.markers.settledTags(waveId);
    const rows = this.deps.table.listEntities<{ status?: string; answer?: string; via?: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${waveId}`, select: ['RowKey', 'status', 'answer', 'via'] },
    });
    // Every configured key's tag: during a key rotation a marker may still be under the previous key's.
    for await (const r of rows)
      if (r.status === 'sent' && !r.answer && !tagsOf(r.rowKey!).some((t) => settled.has(t)))
        yield { person: r.rowKey!, ...(r.via ? { team: r.via } : {}) };
  }

  /** How many people the wave asked through each team (its rows' `via`): a team's response rate is over this. */
  async askedThrough(waveId: string): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const rows = this.deps.table.listEntities<{ via?: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${waveId}`, select: ['via'] },
    });
    for await (const r of rows) if (r.via) counts.set(r.via, (counts.get(r.via) ?? 0) + 1);
    return counts;
  }

  /**
   * At a wave's final write: rows the previous release marked as answered keep its ticket and their answer-time
   * Timestamps; rewrite them together (ticket cleared) so neither survives the wave. Rows written by this release
   * have no `answer` and are not touched.
   */
  async sweepLegacyAnswers(waveId: string): Promise<number> {
    const rewrites: TransactionAction[] = [];
    const rows = this.deps.table.listEntities<{ answer?: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${waveId}`, select: ['RowKey', 'answer'] },
    });
    for await (const r of rows)
      if (r.answer)
        rewrites.push(['update', { partitionKey: waveId, rowKey: r.rowKey!, ticket: '', closed: true }, 'Merge']);
    for (let i = 0; i < rewrites.length; i += 100) await this.deps.table.submitTransaction(rewrites.slice(i, i + 100));
    return rewrites.length;
  }

  /** The admin's figures: delivery states from the rows, answered and declined counted from the markers. */
  async progress(waveId: string): Promise<WaveProgress> {
    const p = { recipients: 0, sent: 0, pending: 0, unreachable: 0, answered: 0, declined: 0 };
    const rows = this.deps.table.listEntities<{ status?: string; answer?: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${waveId}`, select: ['status', 'answer'] },
    });
    for await (const r of rows) {
      p.recipients++;
      if (r.status === 'sent') p.sent++;
      else if (r.status === 'failed' || r.status === 'gone') p.unreachable++;
      else p.pending++;
      if (r.answer === 'answered' || r.answer === 'submitting') p.answered++;
      else if (r.answer === 'declined') p.declined++;
    }
    const counts = await this.deps.markers.counts(waveId);
    return { ...p, answered: p.answered + counts.answered, declined: p.declined + counts.declined };
  }
}

function toRecipient(e: Record<string, unknown>): Recipient {
  return {
    waveId: String(e.partitionKey),
    aadObjectId: String(e.rowKey),
    delivery: String(e.status ?? ''),
    legacyAnswer: (e.answer as AnswerState) || undefined,
    ...(typeof e.via === 'string' && e.via ? { team: e.via } : {}),
  };
}
