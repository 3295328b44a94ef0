import type { Core } from '../../core';
import { TableRunLease } from '../../platform/lease';
import type { ResealPart } from '../../platform/reseal';
import type { StoredQueue, StoredTable } from '../../platform/storage-room';
import type { Authoring } from '../authoring';
import { AnonymousSubmit } from './anonymous-submit';
import { AnswerService } from './answer.service';
import { TableAnsweredMarkers } from './answered.store';
import { ResponseMixer } from './mixer';
import { TableRecipientStore } from './recipient.store';
import { SurveyRekeyService } from './rekey.service';
import type { ResponseQueueKind } from './response-message';
import { ResponseSealMigration } from './response-seal.service';
import { TableResponseSealing, TableSealState } from './response-seal.store';
import { StorageResponseQueue, TableResponseStore } from './response.store';

/** An anonymous channel of another feature's own (actions' "Has this made a difference?"), over this machinery. */
export interface AnonymousChannel {
  readonly submit: AnonymousSubmit;
  readonly mixer: ResponseMixer;
  readonly answers: TableResponseStore;
}

/**
 * Anonymous answering as surveys' assembly builds it: the keyed markers, the recipients counted against them, a
 * wave's answers on their sealed queue and in their sealed table, the staff's answer service, and the mixer writing
 * answers k at a time. Stored answers (a wave's responses, and any channel another feature opens) are each bound to
 * their table, re-sealed after a rotation, and read in plain text only until the upgrade's migration ends.
 */
export class Answering {
  readonly markers: TableAnsweredMarkers;
  readonly recipients: TableRecipientStore;
  readonly queue: StorageResponseQueue;
  readonly responses: TableResponseStore;
  readonly answers: AnswerService;
  /** The upgrade's migration sealing answers stored in plain text (tests run it themselves). */
  readonly sealMigration: ResponseSealMigration;
  /** What the re-seal job moves to the current key: markers, queued answers, each table of sealed answers. */
  readonly reseal: ResealPart[];
  private readonly sealState: TableSealState;
  private readonly sealed: { name: string; sealing: TableResponseSealing }[] = [];

  constructor(
    private readonly core: Core,
    authoring: Authoring,
  ) {
    const { storage, keys, clock, log, audit, settings } = core;
    const { timeZone, minGroupSize } = settings;
    this.sealState = new TableSealState(core.leases);
    this.markers = new TableAnsweredMarkers(storage.table('answered'));
    this.recipients = new TableRecipientStore({ table: storage.table('deliveries'), markers: this.markers });
    this.queue = new StorageResponseQueue({
      queue: storage.queue('responses'),
      poison: storage.queue('responses-poison'),
    });
    const stores = { ...authoring, recipients: this.recipients, markers: this.markers, keys: keys.answers };
    this.answers = new AnswerService({ ...stores, responses: this.queue, clock, log, timeZone, minGroupSize });
    this.sealMigration = new ResponseSealMigration({ tables: this.sealed, state: this.sealState, audit, clock, log });
    // Keys: after a rotation, moves what a previous key sealed or tagged to the current key (operations.md, "Keys").
    const rekey = new SurveyRekeyService({ ...stores, rotating: keys.names.rotating });
    this.reseal = [
      { name: 'answered markers', reseal: () => rekey.moveMarkers() },
      { name: 'queued answers', reseal: (since) => rekey.waitingWaves(since) },
    ];
    this.responses = this.sealedStore(storage.table('responses'), 'responses');
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

  /** The sealed rows of `table`, under `name` (the value each row is bound to). */
  private sealedStore(table: StoredTable, name: string): TableResponseStore {
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
}
