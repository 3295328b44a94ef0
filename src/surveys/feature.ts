import type { Core } from '../core';
import type { StoredQueue, StoredTable } from '../platform/storage-room';
import type { ConversationDirectory, OutboxService, RosterService } from '../delivery';
import type { RoleService } from '../people';
import type { Feature, Owned } from '../platform/feature';
import { AnswerService } from './answer.service';
import { TableAnsweredMarkers } from './answered.store';
import { TableRecipientStore } from './recipient.store';
import { SurveyRekeyService } from './rekey.service';
import { ResponseSealMigration } from './response-seal.service';
import type { ResponseQueueKind } from './response-message';
import { StorageResponseQueue, type TableResponseStore } from './response.store';
import { AnsweringParts, type AnonymousChannel } from './answering-parts';
import { SurveyAdminService } from './survey-admin.service';
import type { Survey, Wave } from './survey';
import { TableSurveyStore, TableWaveStore } from './survey.store';
import { registerSurveyRoutes } from './surveys.routes';
import { WavePurgeService, wavePurgePart, type WavePurgeCounts } from './wave-purge.service';
import { TableWavePurge } from './wave-purge.store';
import { WaveService } from './wave.service';

export const SURVEYS_OWN: Owned = {
  tables: ['surveys', 'waves', 'answered', 'responses'],
  queues: ['responses', 'responses-poison'],
};

/** Every minute: open due waves, remind, close, and mix waiting answers. */
const SURVEYS_SCHEDULE = '* * * * *';
/** On the re-seal job's clock: the upgrade's migration of plain stored responses, a cheap check once complete. */
const SEAL_RESPONSES_SCHEDULE = '*/15 * * * *';
/** How long stopping waits for a survey fan-out in progress before delivery's dispatcher stops. */
const FAN_OUT_GRACE_MS = 10_000;

/** What surveys gives the features above it. */
export interface SurveysApi {
  readonly waves: WaveService;
  readonly answers: AnswerService;
  readonly admin: SurveyAdminService;
  /** Surveys and their waves, as results and actions read them. */
  readonly catalogue: TableSurveyStore;
  readonly history: TableWaveStore;
  /** A wave's sealed responses, opened only in the app. */
  readonly responses: TableResponseStore;
  /** The keyed "answered" markers (actions' feedback keeps its own under `fb.*` partitions). */
  readonly markers: TableAnsweredMarkers;
  /** The upgrade's migration sealing responses stored in plain text (tests run it themselves). */
  readonly sealMigration: ResponseSealMigration;
  /**
   * A sealed queue and table of another feature's, answered exactly once and mixed k at a time like a wave's
   * answers; its stored rows are sealed, migrated and re-sealed with the responses'.
   */
  anonymousChannel(o: {
    kind: ResponseQueueKind;
    table: StoredTable;
    queue: StoredQueue;
    poison: StoredQueue;
  }): AnonymousChannel;
  /** The line a survey's next wave card opens with ("Last time you told us … . Since then: …"), from actions. */
  openCardsWith(line: (surveyId: string) => Promise<string | undefined>): void;
  /** Something a feature keeps of a wave before its responses are purged (results: its stored result). */
  keepBeforePurge(keep: (survey: Survey, wave: Wave) => Promise<unknown>): void;
}

/** Surveys: authoring, waves (with the mixer) and anonymous answering. */
export function assembleSurveys(
  core: Core,
  deps: {
    roles: RoleService;
    outbox: OutboxService;
    roster: RosterService;
    conversations: ConversationDirectory;
    /** The outbox's records of a batch (delivery's rows), deleted with the wave. */
    batches: { deleteDeliveries(batch: string): Promise<number>; deleteCards(batch: string): Promise<number> };
  },
): Feature<SurveysApi, keyof WavePurgeCounts> {
  const { clock, log, storage, keys, settings, audit } = core;
  const { timeZone, minGroupSize } = settings;
  const markers = new TableAnsweredMarkers(storage.table('answered'));
  const stores = {
    surveys: new TableSurveyStore(storage.table('surveys')),
    waves: new TableWaveStore(storage.table('waves')),
    recipients: new TableRecipientStore({ table: storage.table('deliveries'), markers }),
    markers,
    keys: keys.answers,
  };
  const answering = new AnsweringParts(core, markers);
  const { reseal, sealed } = answering;
  const responseQueue = new StorageResponseQueue({
    queue: storage.queue('responses'),
    poison: storage.queue('responses-poison'),
  });
  const responses = answering.sealedStore(storage.table('responses'), 'responses');
  const openers: ((surveyId: string) => Promise<string | undefined>)[] = [];
  const lastTimeLine = async (surveyId: string) => (await Promise.all(openers.map((o) => o(surveyId)))).find(Boolean);
  const { conversations, outbox, roster } = deps;
  const waves = new WaveService({
    ...{ ...stores, outbox, conversations, roster, mixer: answering.mixer(responseQueue, responses) },
    ...{ clock, log, timeZone, minGroupSize, lastTimeLine },
  });
  const answers = new AnswerService({ ...stores, responses: responseQueue, clock, log, timeZone, minGroupSize });
  const admin = new SurveyAdminService({
    ...{ surveys: stores.surveys, waves: stores.waves, recipients: stores.recipients, waveService: waves, answers },
    ...{ conversations, roles: deps.roles, audit, clock, timeZone, minGroupSize },
  });
  const sealMigration = new ResponseSealMigration({ tables: sealed, state: answering.sealState, audit, clock, log });
  const keepers: ((survey: Survey, wave: Wave) => Promise<unknown>)[] = [];
  const wavePurge = new WavePurgeService({
    ...{ surveys: stores.surveys, waves: stores.waves, recipients: stores.recipients, batches: deps.batches, log },
    purge: new TableWavePurge({ responses: storage.table('responses'), answered: storage.table('answered') }),
    // Every feature keeping something of the wave has kept it (none: nothing to keep).
    storeResult: async (survey, wave) => (await Promise.all(keepers.map((keep) => keep(survey, wave)))).every(Boolean),
  });
  // Keys: after a rotation, moves what a previous key sealed or tagged to the current key (operations.md, "Keys").
  const rekey = new SurveyRekeyService({ ...stores, keys: keys.answers, rotating: keys.names.rotating });
  reseal.unshift(
    { name: 'answered markers', reseal: () => rekey.moveMarkers() },
    { name: 'queued answers', reseal: (since) => rekey.waitingWaves(since) },
  );
  return {
    api: {
      ...{ waves, answers, admin, catalogue: stores.surveys, history: stores.waves, responses, markers, sealMigration },
      anonymousChannel: (channel) => answering.channel(channel),
      openCardsWith: (line) => void openers.push(line),
      keepBeforePurge: (keep) => void keepers.push(keep),
    },
    routes: (app) => registerSurveyRoutes(app, { answers, admin, log, timeZone, minGroupSize }),
    jobs: [
      { name: 'surveys', schedule: SURVEYS_SCHEDULE, run: () => waves.tick() },
      { name: 'seal-responses', schedule: SEAL_RESPONSES_SCHEDULE, run: () => sealMigration.run() },
    ],
    purges: [wavePurgePart(wavePurge)],
    reseal,
    // Stopping waits a little for a fan-out in progress (a later tick resumes one cut short) before delivery stops.
    workers: [{ scheduled: false, start: () => undefined, stop: () => waves.idle(FAN_OUT_GRACE_MS) }],
  };
}
