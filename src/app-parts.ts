import { ActionsPurgeService, FeedbackService } from './actions';
import type { Stores } from './app-stores';
import type { Config } from './config';
import {
  CaptureService,
  ConversationLimiter,
  Dispatcher,
  OutboxService,
  RosterService,
  TokenBucket,
  welcomeRetention,
} from './delivery';
import { DownloadLinkService } from './downloads';
import type { Clock } from './platform/clock';
import type { KeyRing, Sealer, SpeakUpKeys, TaggingSealer } from './platform/crypto';
import type { Log } from './platform/log';
import { TableRunLease } from './platform/lease';
import { ResealJob } from './platform/reseal';
import type { Tables } from './platform/tables';
import type { Bot } from './platform/teams/bot';
import { ConnectorDirectory } from './platform/teams/directory';
import type { Messenger } from './platform/teams/messenger';
import { ResultsService } from './results';
import { RetentionService } from './retention/retention.service';
import type { Settings } from './settings';
import { CasePurgeService, RelayService } from './speak-up';
import {
  AnonymousSubmit,
  FINAL_MIX_GRACE_MS,
  ResponseMixer,
  ResponseSealMigration,
  SurveyRekeyService,
  WavePurgeService,
} from './surveys';

// Part of the composition root (app.ts): what every part is built from, and the parts that work in the background
// (the outbox's dispatcher, the feedback mixer's service, the daily purge and the re-seal job).

/** What every part is built from: settings, the process's clock, log and id, its stores and its keys. */
export interface Parts {
  readonly config: Pick<Config, 'people' | 'results' | 'delivery' | 'retention'>;
  readonly settings: Settings;
  readonly clock: Clock;
  readonly log: Log;
  readonly processId: string;
  readonly tables: Tables;
  readonly stores: Stores;
  readonly keys: {
    readonly names: KeyRing;
    readonly sealer: SpeakUpKeys;
    readonly answers: TaggingSealer;
    readonly storedResponses: Sealer;
  };
}

/** Delivery: the outbox, and this process's dispatcher spending its share of the app-wide send budget. */
export function composeDelivery(parts: Parts, bot: Bot, messenger: Messenger) {
  const { config, settings, clock, log, stores: s, keys } = parts;
  const { deliveries, cards, conversations } = s;
  const bucket = new TokenBucket(settings.sendShare.perSecond, settings.sendShare.burst);
  const outbox = new OutboxService({ queue: s.outboxQueue, deliveries, cards, clock, log, sealer: keys.sealer });
  const roster = new RosterService({
    directory: new ConnectorDirectory({ tokens: bot.tokens }),
    conversations,
    bucket,
    clock,
    log,
  });
  const { workers, maxAttempts, holdSeconds } = config.delivery;
  const dispatcher = new Dispatcher({
    queue: s.outboxQueue,
    deliveries,
    cards,
    pause: s.pause,
    conversations,
    messenger,
    bucket,
    limiter: new ConversationLimiter(),
    clock,
    log,
    owner: parts.processId,
    workers,
    maxAttempts,
    holdSeconds,
    sealer: keys.sealer,
  });
  return { outbox, roster, dispatcher, capture: new CaptureService({ conversations, clock, log }) };
}

/**
 * "Has this made a difference?": staff's answers to published actions, through surveys' exactly-once anonymous submit
 * onto their own sealed queue, mixed into the `feedback` table k at a time like a wave's answers.
 */
export function composeFeedback(parts: Parts): FeedbackService {
  const { settings, clock, log, stores: s, keys } = parts;
  const { minGroupSize: k } = settings;
  return new FeedbackService({
    store: s.actions,
    submit: new AnonymousSubmit({ markers: s.markers, queue: s.feedbackQueue, keys: keys.answers, log }),
    keys: keys.answers,
    markers: s.markers,
    mixer: new ResponseMixer({
      queue: s.feedbackQueue,
      responses: s.feedbackAnswers,
      sealer: keys.answers,
      lease: new TableRunLease(parts.tables.leases),
      log,
      k,
    }),
    answers: s.feedbackAnswers,
    clock,
    log,
    k,
    graceMs: FINAL_MIX_GRACE_MS,
  });
}

/** Upkeep: the daily purge (each feature deletes its own rows; speak-up reaches reporters only through the relay) and the re-seal job after a key rotation. */
export function composeUpkeep(
  parts: Parts,
  deps: { results: ResultsService; relay: RelayService; links: DownloadLinkService; feedback: FeedbackService },
) {
  const { config, clock, log, tables, stores: s, keys } = parts;
  const { audit } = s;
  const storeResult = (
    survey: Parameters<ResultsService['resultOf']>[0],
    wave: Parameters<ResultsService['resultOf']>[1],
  ) => deps.results.resultOf(survey, wave);
  const retention = new RetentionService({
    parts: {
      waves: new WavePurgeService({
        surveys: s.surveys,
        waves: s.waves,
        recipients: s.recipients,
        purge: s.wavePurge,
        batches: s.batchPurge,
        log,
        storeResult,
      }),
      actions: new ActionsPurgeService({
        store: s.actions,
        purge: s.actionsPurge,
        markers: s.markers,
        feedback: deps.feedback,
      }),
      welcomes: welcomeRetention(s.batchPurge),
      cases: new CasePurgeService({ cases: s.cases, purge: s.casePurge, relay: deps.relay, batches: s.batchPurge }),
      auditRows: s.auditPurge,
      downloadLinks: deps.links,
    },
    audit,
    clock,
    log,
    settings: config.retention,
  });
  // Keys: after a rotation, moves what a previous key sealed or tagged to the current key (operations.md, "Keys").
  const surveyRekey = new SurveyRekeyService({
    waves: s.waves,
    recipients: s.recipients,
    markers: s.markers,
    keys: keys.answers,
    rotating: keys.names.rotating,
  });
  const reseal = new ResealJob({
    parts: [
      { name: 'case messages', reseal: () => s.caseMessages.reseal() },
      { name: 'case reporters', reseal: () => s.caseReporters.reseal() },
      { name: 'answered markers', reseal: () => surveyRekey.moveMarkers() },
      { name: 'queued answers', reseal: (since) => surveyRekey.waitingWaves(since) },
      ...s.responseSealing.map(({ name, sealing }) => ({
        name: `stored ${name}`,
        reseal: async () => (keys.names.rotating ? sealing.resealRows() : { checked: 0, resealed: 0, left: 0 }),
      })),
    ],
    // Named by speak-up's key id, the one its stored values show (`v2:<key id>:…`).
    keys: { keyId: keys.sealer.keyId, fingerprint: keys.names.fingerprint, rotating: keys.names.rotating },
    state: tables.leases,
    audit,
    clock,
    log,
  });
  // The upgrade's migration: responses stored in plain text before sealing are sealed where they lie (operations.md).
  const sealMigration = new ResponseSealMigration({ tables: s.responseSealing, state: s.sealState, audit, clock, log });
  return { retention, reseal, sealMigration };
}
