import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { unlessRefused } from '../../platform/storage';
import { deletePartition } from '../../platform/table-rows';
import { getRow } from '../../platform/tables';

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

/** The close of a wave's markers, as other features ask for it (actions closes its feedback like a wave). */
export interface MarkerSweep {
  sweepAtClose(waveId: string): Promise<number>;
}

/**
 * The `answered` table: PartitionKey the wave id, RowKey a keyed HMAC of wave and person. It records that someone
 * answered or declined (and the exactly-once ticket while they submit), so the answer turn writes nothing keyed by,
 * or holding, who they are: a reader of storage sees that *somebody* answered, never who.
 */
export class TableAnsweredMarkers implements MarkerSweep {
  constructor(private readonly table: TableClient) {}

  /**
   * A person's marker, looked up under each of their tags (one per configured key, current first: see `markerTags`
   * in person-tags.ts). During a rotation a person may have one under an old key's tag and, after a race with the
   * re-seal job, one under the current key's: the furthest on wins (answered over submitting over declined), so nobody
   * answers twice. Found nowhere: `none`, under `absentTag` (default the first tag), where a new marker is created.
   */
  async get(waveId: string, tags: string | readonly string[], absentTag?: string): Promise<Marker> {
    const list = typeof tags === 'string' ? [tags] : tags;
    const found = await Promise.all(list.map((tag) => this.read(waveId, tag)));
    const best = found.reduce<Marker | undefined>(
      (a, m) => (m && (!a || RANK[m.state] > RANK[a.state]) ? m : a),
      undefined,
    );
    return best ?? { waveId, tag: absentTag ?? list[0]!, state: 'none' };
  }

  /** Moves the marker to `state` if it is unchanged since read (created if it did not exist). Undefined if it changed. */
  async move(from: Marker, state: Exclude<AnswerState, 'none'>, ticket = ''): Promise<Marker | undefined> {
    const entity = { partitionKey: from.waveId, rowKey: from.tag, state, ticket };
    const write = from.etag
      ? this.table.updateEntity(entity, 'Replace', { etag: from.etag })
      : this.table.createEntity(entity);
    const written = await unlessRefused(write, ['changed', 'exists', 'missing']);
    return written && { ...from, state, ticket: ticket || undefined, etag: written.etag };
  }

  /** How many answered (or are submitting) and declined: counts only. */
  async counts(waveId: string): Promise<{ answered: number; declined: number }> {
    const counts = { answered: 0, declined: 0 };
    for await (const m of this.table.listEntities<{ state?: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${waveId}`, select: ['state'] },
    })) {
      if (m.state === 'answered' || m.state === 'submitting') counts.answered++;
      else if (m.state === 'declined') counts.declined++;
    }
    return counts;
  }

  /** The tags of everyone who answered or declined: what the reminder leaves out. */
  async settledTags(waveId: string): Promise<Set<string>> {
    const tags = new Set<string>();
    for await (const m of this.table.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${waveId}`, select: ['RowKey'] },
    }))
      tags.add(m.rowKey!);
    return tags;
  }

  /**
   * At close: rewrites every marker in transactions of a hundred, clearing any ticket an interrupted submit left, so
   * that their timestamps all become the closing time and no longer say when anyone answered.
   */
  async sweepAtClose(waveId: string): Promise<number> {
    const rewrites: TransactionAction[] = [];
    for await (const m of this.table.listEntities<{ state?: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${waveId}`, select: ['RowKey', 'state'] },
    })) {
      const state = m.state === 'submitting' ? 'answered' : (m.state ?? 'answered');
      rewrites.push(['upsert', { partitionKey: waveId, rowKey: m.rowKey!, state, ticket: '' }, 'Replace']);
    }
    for (let i = 0; i < rewrites.length; i += 100) await this.table.submitTransaction(rewrites.slice(i, i + 100));
    return rewrites.length;
  }

  /** Every marker of a wave, from one scan of its partition (keyed by the wave, never by a person). */
  async all(waveId: string): Promise<Marker[]> {
    const out: Marker[] = [];
    for await (const m of this.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${waveId}` } }))
      out.push(toMarker(m));
    return out;
  }

  /**
   * The re-seal job's move of one marker found under an old key's tag to the current key's tag (`to`), keeping the
   * furthest-on state and its ticket, so the reminder (which looks up only the current tag) leaves its person out.
   * `current` is the marker already under `to`, if the scan found one. Create or update first, then delete the old,
   * each conditional: a submit racing the move is found by `get` under either tag. `changed`: the next run moves it.
   */
  async moveTag(old: Marker, to: string, current: Marker | undefined): Promise<'moved' | 'changed'> {
    const best = current && RANK[current.state] >= RANK[old.state] ? current : old;
    const move = async () => {
      const entity = { partitionKey: old.waveId, rowKey: to, state: best.state, ticket: best.ticket ?? '' };
      if (!current) await this.table.createEntity(entity);
      else if (best !== current) await this.table.updateEntity(entity, 'Replace', { etag: current.etag });
      await this.table.deleteEntity(old.waveId, old.tag, { etag: old.etag });
      return 'moved' as const;
    };
    return (await unlessRefused(move(), ['changed', 'exists', 'missing'])) ?? 'changed';
  }

  /** Retention: deletes every marker of a wave or feedback question whose period has passed. Returns how many. */
  deleteAll(waveId: string): Promise<number> {
    return deletePartition(this.table, waveId);
  }

  private async read(waveId: string, tag: string): Promise<Marker | undefined> {
    const row = await getRow(this.table, waveId, tag);
    return row && toMarker(row);
  }
}

// How far on a marker is: when a person has two (during a rotation), the furthest on counts.
const RANK: Readonly<Record<AnswerState, number>> = { none: 0, declined: 1, submitting: 2, answered: 3 };

function toMarker(e: Record<string, unknown>): Marker {
  return {
    waveId: String(e.partitionKey),
    tag: String(e.rowKey),
    state: ((e.state as string) || 'none') as AnswerState,
    ticket: (e.ticket as string) || undefined,
    etag: String(e.etag),
  };
}
