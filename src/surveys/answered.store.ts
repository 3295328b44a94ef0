import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { isConflict, isNotFound, isPreconditionFailed } from '../platform/storage';

/** Where a recipient stands with a wave, as far as answering goes. */
export type AnswerState = 'none' | 'submitting' | 'answered' | 'declined';

/** A wave's marker for one (unnamed) person. */
export interface Marker {
  readonly waveId: string;
  /** The keyed tag of wave and person: who it belongs to can only be worked out with the app's key. */
  readonly tag: string;
  readonly state: AnswerState;
  /** Random, only while `submitting`: what a retry or a concurrent click reuses, so the answer is kept once. */
  readonly ticket?: string;
  readonly etag?: string;
}

/**
 * The `answered` table: PartitionKey the wave id, RowKey a keyed HMAC of wave and person. It records that someone
 * answered or declined (and the exactly-once ticket while they submit), so the answer turn writes nothing keyed by,
 * or holding, who they are: a reader of storage sees that *somebody* answered, never who.
 */
export class TableAnsweredMarkers {
  constructor(private readonly table: TableClient) {}

  async get(waveId: string, tag: string): Promise<Marker> {
    try {
      return toMarker(await this.table.getEntity(waveId, tag));
    } catch (e) {
      if (isNotFound(e)) return { waveId, tag, state: 'none' };
      throw e;
    }
  }

  /** Moves the marker to `state` if it is unchanged since read (created if it did not exist). Undefined if it changed. */
  async move(from: Marker, state: Exclude<AnswerState, 'none'>, ticket = ''): Promise<Marker | undefined> {
    const entity = { partitionKey: from.waveId, rowKey: from.tag, state, ticket };
    try {
      const { etag } = from.etag ? await this.table.updateEntity(entity, 'Replace', { etag: from.etag }) : await this.table.createEntity(entity);
      return { ...from, state, ticket: ticket || undefined, etag };
    } catch (e) {
      if (isPreconditionFailed(e) || isConflict(e) || isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** How many answered (or are submitting) and declined: counts only. */
  async counts(waveId: string): Promise<{ answered: number; declined: number }> {
    const counts = { answered: 0, declined: 0 };
    for await (const m of this.table.listEntities<{ state?: string }>({ queryOptions: { filter: odata`PartitionKey eq ${waveId}`, select: ['state'] } })) {
      if (m.state === 'answered' || m.state === 'submitting') counts.answered++;
      else if (m.state === 'declined') counts.declined++;
    }
    return counts;
  }

  /** The tags of everyone who answered or declined: what the reminder leaves out. */
  async settledTags(waveId: string): Promise<Set<string>> {
    const tags = new Set<string>();
    for await (const m of this.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${waveId}`, select: ['RowKey'] } })) tags.add(m.rowKey!);
    return tags;
  }

  /**
   * At close: rewrites every marker in transactions of a hundred, clearing any ticket an interrupted submit left, so
   * that their timestamps all become the closing time and no longer say when anyone answered.
   */
  async sweepAtClose(waveId: string): Promise<number> {
    const rewrites: TransactionAction[] = [];
    for await (const m of this.table.listEntities<{ state?: string }>({ queryOptions: { filter: odata`PartitionKey eq ${waveId}`, select: ['RowKey', 'state'] } })) {
      const state = m.state === 'submitting' ? 'answered' : (m.state ?? 'answered');
      rewrites.push(['upsert', { partitionKey: waveId, rowKey: m.rowKey!, state, ticket: '' }, 'Replace']);
    }
    for (let i = 0; i < rewrites.length; i += 100) await this.table.submitTransaction(rewrites.slice(i, i + 100));
    return rewrites.length;
  }
}

function toMarker(e: Record<string, unknown>): Marker {
  return {
    waveId: String(e.partitionKey),
    tag: String(e.rowKey),
    state: ((e.state as string) || 'none') as AnswerState,
    ticket: (e.ticket as string) || undefined,
    etag: String(e.etag),
  };
}

/** The tag a person's marker for a wave is kept under (their Entra id in lower case, as Teams sends it). */
export function markerTag(keys: { tag(...parts: readonly string[]): string }, waveId: string, aadObjectId: string): string {
  return keys.tag('answered', waveId, aadObjectId.toLowerCase());
}
