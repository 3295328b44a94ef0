import { ActionBundle, ActionsService, BUNDLE_SEND_TIME, dueActionsSection, FeedbackService } from './actions';
import type { Stores } from './app-stores';
import type { Config } from './config';
import { CaptureService, ConversationLimiter, Dispatcher, OutboxService, RosterService, TokenBucket } from './delivery';
import { DownloadLinkService, DownloadService } from './downloads';
import { ChannelService, RoleService } from './people';
import type { Clock } from './platform/clock';
import type { KeyRing, Sealer } from './platform/crypto';
import type { Log } from './platform/log';
import { ResealJob } from './platform/reseal';
import type { Tables } from './platform/tables';
import type { Bot } from './platform/teams/bot';
import { ConnectorDirectory } from './platform/teams/directory';
import type { Messenger } from './platform/teams/messenger';
import { DigestService, ExportService, ResultsService } from './results';
import { RetentionService } from './retention/retention.service';
import type { Settings } from './settings';
import {
  CasePurgeService,
  CaseTimers,
  CaseViewService,
  GuardianActionService,
  NgoReturnService,
  RaiseService,
  RelayService,
  ReporterService,
} from './speak-up';
import {
  AnonymousSubmit,
  AnswerService,
  FINAL_MIX_GRACE_MS,
  nextSendSlot,
  ResponseMixer,
  SurveyAdminService,
  SurveyRekeyService,
  WavePurgeService,
  WaveService,
  type AnswerKeys,
} from './surveys';

// Part of the composition root (app.ts): the services, feature by feature, and the jobs that keep the data tidy.

/** What every part is built from: settings, the process's clock, log and id, its stores and its keys. */
export interface Parts {
  readonly config: Pick<Config, 'people' | 'results' | 'delivery' | 'retention'>;
  readonly settings: Settings;
  readonly clock: Clock;
  readonly log: Log;
  readonly processId: string;
  readonly tables: Tables;
  readonly stores: Stores;
  readonly keys: { readonly names: KeyRing; readonly sealer: Sealer; readonly answers: AnswerKeys };
}

/** Every service of a process, by name. */
export type Services = ReturnType<typeof composeServices>;

/** Services, feature by feature; each receives only the stores and settings it needs. */
export function composeServices(parts: Parts, bot: Bot, messenger: Messenger) {
  const { config, settings, clock, log, stores: s, keys } = parts;
  const { timeZone, minGroupSize } = settings;
  const { audit, conversations, registrations, cases, caseMessages } = s;
  const roles = new RoleService({ roles: s.roles, audit, clock, firstAdmins: config.people.firstAdmins });
  const delivery = composeDelivery(parts, bot, messenger);
  const { outbox, roster } = delivery;
  const channels = new ChannelService({ registrations, roles, audit, outbox, clock });

  // Surveys
  const mixer = new ResponseMixer({ queue: s.responseQueue, responses: s.responses, sealer: keys.answers, log, k: minGroupSize });
  const surveyStores = { surveys: s.surveys, waves: s.waves, recipients: s.recipients, markers: s.markers, keys: keys.answers };
  const waves = new WaveService({ ...surveyStores, outbox, conversations, roster, mixer, clock, log, timeZone, minGroupSize, lastTimeLine: (surveyId) => actions.sinceLastTime(surveyId) });
  const answers = new AnswerService({ ...surveyStores, responses: s.responseQueue, clock, log, timeZone, minGroupSize });
  const surveyAdmin = new SurveyAdminService({ surveys: s.surveys, waves: s.waves, recipients: s.recipients, waveService: waves, answers, conversations, roles, audit, clock, timeZone, minGroupSize });

  // Results
  const results = new ResultsService({ surveys: s.surveys, waves: s.waves, responses: s.responses, results: s.results, roles, clock, log, k: minGroupSize, kComments: config.results.minComments });
  // Downloads: single-use links that results and speak-up offer their files through.
  const links = new DownloadLinkService({ store: s.downloadLinks, clock, publicUrl: config.results.publicUrl });
  const exports = new ExportService({ results, resultStore: s.results, surveys: s.surveys, links });
  const digest = new DigestService({
    results,
    registrations,
    outbox,
    state: s.digestState,
    clock,
    log,
    view: settings.digestView,
    speakUpCounts: (at) => ngo.lastCompletedQuarter(at),
    actionsDue: async (at) => {
      const { due, thisMonth } = await actions.dueOrOverdue(at);
      return dueActionsSection(due, thisMonth);
    },
  });

  // Speak up: only the relay is given the reporters' store.
  const relay = new RelayService({ reporters: s.caseReporters, outbox, deliveries: s.deliveries, registrations, roles });
  const views = new CaseViewService({ cases, messages: caseMessages, relay, roles, conversations, audit, clock, timeZone });
  const caseParts = { cases, messages: caseMessages, relay, views, audit, clock };
  const raise = new RaiseService({ ...caseParts, log, settings: settings.speakUp });
  const guardians = new GuardianActionService({ ...caseParts, roles, settings: settings.speakUp });
  const reporters = new ReporterService(caseParts);
  const timers = new CaseTimers({ cases, relay, views, audit, clock, settings: settings.speakUp });
  const ngo = new NgoReturnService({ cases, roles, audit, links, clock });
  const downloads = new DownloadService({ store: s.downloadLinks, audit, clock, offerings: [exports.offering, ngo.offering] });

  // Actions ("you said, we did"): leaders answer settled results; staff hear in one bundle a day.
  const leadershipChannels = () => registrations.list('digest');
  const bundle = new ActionBundle({ store: s.actions, audience: s.waveAudience, leadershipChannels, outbox, clock, log, timeZone });
  const nextSlot = (after: Date) => nextSendSlot(after, BUNDLE_SEND_TIME, timeZone);
  const feedback = composeFeedback(parts);
  const actions = new ActionsService({ store: s.actions, results, roles, bundle, feedback, audit, clock, log, timeZone, nextSlot });

  const upkeep = composeUpkeep(parts, { results, relay, links });
  const speakUp = { raise, guardians, reporters, views, ngo, timers };
  return { ...delivery, roles, channels, waves, answers, surveyAdmin, results, exports, downloads, digest, ...speakUp, actions, feedback, ...upkeep };
}

/** Delivery: the outbox, and this process's dispatcher spending its share of the app-wide send budget. */
function composeDelivery(parts: Parts, bot: Bot, messenger: Messenger) {
  const { config, settings, clock, log, stores: s, keys } = parts;
  const { deliveries, cards, conversations } = s;
  const bucket = new TokenBucket(settings.sendShare.perSecond, settings.sendShare.burst);
  const outbox = new OutboxService({ queue: s.outboxQueue, deliveries, cards, clock, log, sealer: keys.sealer });
  const roster = new RosterService({ directory: new ConnectorDirectory({ tokens: bot.tokens }), conversations, bucket, clock, log });
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
function composeFeedback(parts: Parts): FeedbackService {
  const { settings, clock, log, stores: s, keys } = parts;
  const { minGroupSize: k } = settings;
  return new FeedbackService({
    store: s.actions,
    audience: s.waveAudience,
    submit: new AnonymousSubmit({ markers: s.markers, queue: s.feedbackQueue, keys: keys.answers, log }),
    markers: s.markers,
    mixer: new ResponseMixer({ queue: s.feedbackQueue, responses: s.feedbackAnswers, sealer: keys.answers, log, k }),
    answers: s.feedbackAnswers,
    clock,
    log,
    k,
    graceMs: FINAL_MIX_GRACE_MS,
  });
}

/** Upkeep: the daily purge (each feature deletes its own rows; speak-up reaches reporters only through the relay) and the re-seal job after a key rotation. */
function composeUpkeep(parts: Parts, deps: { results: ResultsService; relay: RelayService; links: DownloadLinkService }) {
  const { config, clock, log, tables, stores: s, keys } = parts;
  const { audit } = s;
  const storeResult = (survey: Parameters<ResultsService['resultOf']>[0], wave: Parameters<ResultsService['resultOf']>[1]) => deps.results.resultOf(survey, wave);
  const retention = new RetentionService({
    parts: {
      waves: new WavePurgeService({ surveys: s.surveys, waves: s.waves, recipients: s.recipients, purge: s.wavePurge, batches: s.batchPurge, log, storeResult }),
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
  const surveyRekey = new SurveyRekeyService({ waves: s.waves, recipients: s.recipients, markers: s.markers, keys: keys.answers, rotating: keys.names.rotating });
  const reseal = new ResealJob({
    parts: [
      { name: 'case messages', reseal: () => s.caseMessages.reseal() },
      { name: 'case reporters', reseal: () => s.caseReporters.reseal() },
      { name: 'answered markers', reseal: () => surveyRekey.moveMarkers() },
      { name: 'queued answers', reseal: (since) => surveyRekey.waitingWaves(since) },
    ],
    // Named by speak-up's key id, the one its stored values show (`v2:<key id>:…`).
    keys: { keyId: keys.sealer.keyId, fingerprint: keys.names.fingerprint, rotating: keys.names.rotating },
    state: tables.leases,
    audit,
    clock,
    log,
  });
  return { retention, reseal };
}

