import type { Core } from '../core';
import type { StoredQueue, StoredTable } from '../platform/storage-room';
import { TableRunLease } from '../platform/lease';
import type { ResealPart } from '../platform/reseal';
import { AnonymousSubmit } from './anonymous-submit';
import type { TableAnsweredMarkers } from './answered.store';
import { ResponseMixer } from './mixer';
import type { ResponseQueueKind } from './response-message';
import { TableResponseSealing, TableSealState } from './response-seal.store';
import { StorageResponseQueue, TableResponseStore } from './response.store';

/** An anonymous channel of another feature's own (actions' "Has this made a difference?"), over surveys' machinery. */
export interface AnonymousChannel {
  readonly submit: AnonymousSubmit;
  readonly mixer: ResponseMixer;
  readonly answers: TableResponseStore;
}

/**
 * The anonymous answering machinery as surveys' assembly builds it: sealed stored answers (a wave's responses, and
 * any channel another feature opens), each bound to its table and re-sealed after a rotation, read in plain text only
 * until the upgrade's migration ends; and the mixer writing them k at a time.
 */
export class AnsweringParts {
  /** Plain stored rows are read only until the migration has sealed them all. */
  readonly sealState: TableSealState;
  /** Every table of sealed answers, for the migration. */
  readonly sealed: { name: string; sealing: TableResponseSealing }[] = [];
  /** What the re-seal job moves to the current key: each table of sealed answers. */
  readonly reseal: ResealPart[] = [];

  constructor(
    private readonly core: Core,
    private readonly markers: TableAnsweredMarkers,
  ) {
    this.sealState = new TableSealState(core.leases);
  }

  /** The sealed rows of `table`, under `name` (the value each row is bound to). */
  sealedStore(table: StoredTable, name: string): TableResponseStore {
    const { keys, log } = this.core;
    const sealing = new TableResponseSealing({ table, name, keys: keys.storedResponses });
    this.sealed.push({ name, sealing });
    const idle = { checked: 0, resealed: 0, left: 0 };
    this.reseal.push({
      name: `stored ${name}`,
      reseal: async () => (keys.names.rotating ? sealing.resealRows() : idle),
    });
    const plainAccepted = () => this.sealState.plainAccepted();
    return new TableResponseStore(table, { name, keys: keys.storedResponses, log, plainAccepted });
  }

  /** Moves a queue's sealed answers into `responses`, k at a time, under a lease of its own per queue. */
  mixer(queue: StorageResponseQueue, responses: TableResponseStore): ResponseMixer {
    const { keys, log, settings } = this.core;
    const lease = new TableRunLease(this.core.leases);
    return new ResponseMixer({ queue, responses, sealer: keys.answers, lease, log, k: settings.minGroupSize });
  }

  /** A sealed queue and table of another feature's, answered exactly once and mixed like a wave's answers. */
  channel(o: {
    kind: ResponseQueueKind;
    table: StoredTable;
    queue: StoredQueue;
    poison: StoredQueue;
  }): AnonymousChannel {
    const queue = new StorageResponseQueue({ queue: o.queue, poison: o.poison, kind: o.kind });
    const answers = this.sealedStore(o.table, o.kind);
    const { keys, log } = this.core;
    const submit = new AnonymousSubmit({ markers: this.markers, queue, keys: keys.answers, log });
    return { submit, mixer: this.mixer(queue, answers), answers };
  }
}
