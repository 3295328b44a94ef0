import { randomUUID } from 'node:crypto';
import type { DestinationStream } from 'pino';
import { ActionBundle, ActionsService, BUNDLE_SCHEDULE, dueActionsSection, BUNDLE_SEND_TIME, registerActionsRoutes, TableActionStore, TableWaveAudience } from './actions';
import type { Config, ResolvedStorage } from './config';
import { CaptureService } from './delivery/capture.service';
import { registerCaptureRoutes } from './delivery/capture.routes';
import { TableCardStore } from './delivery/card.store';
import { TableConversationStore } from './delivery/conversation.store';
import { TableDeliveryStore } from './delivery/delivery.store';
import { Dispatcher } from './delivery/dispatcher';
import { OutboxService } from './delivery/outbox.service';
import { StorageOutboxQueue } from './delivery/outbox.store';
import { TableSendPause } from './delivery/pause.store';
import { ConversationLimiter, TokenBucket } from './delivery/rate-limit';
import { RosterService } from './delivery/roster.service';
import { ChannelService } from './people/channel.service';
import { registerPeopleRoutes } from './people/people.routes';
import { RoleService } from './people/role.service';
import { TableRegistrationStore } from './people/registration.store';
import { TableRoleStore } from './people/role.store';
import { TableAuditLog } from './platform/audit';
import { bankHolidaysFor } from './platform/calendar/bank-holidays';
import { systemClock, type Clock } from './platform/clock';
import { TableJobLease } from './platform/lease';
import { KeyRing, Sealer } from './platform/crypto';
import { createLog, type Log } from './platform/log';
import { openQueues, type Queues } from './platform/queues';
import { ResealJob } from './platform/reseal';
import { Scheduler } from './platform/scheduler';
import { storageAccess } from './platform/storage';
import { openTables, tablesReachable, type Tables } from './platform/tables';
import { createBot } from './platform/teams/bot';
import { ConnectorDirectory } from './platform/teams/directory';
import { ConnectorMessenger, type Messenger } from './platform/teams/messenger';
import { createHttpServer, listen, type HttpServer } from './platform/teams/server';
import { onUnknownCardAction, onUnknownMessage } from './platform/teams/turn';
import { DigestService } from './results/digest.service';
import { TableDigestState } from './results/digest.store';
import { ExportService } from './results/export.service';
import { TableExportStore } from './results/export.store';
import { TableResultStore } from './results/result.store';
import { TableCasePurge } from './retention/case-purge.store';
import { TableAuditPurge, TableDownloadLinkPurge } from './retention/record-purge.store';
import { RetentionService } from './retention/retention.service';
import { TableWavePurge } from './retention/wave-purge.store';
import { registerResultsRoutes } from './results/results.routes';
import { ResultsService } from './results/results.service';
import { TableCaseMessageStore } from './speak-up/case-message.store';
import { TableCaseReporterStore } from './speak-up/case-reporter.store';
import { TableCaseStore } from './speak-up/case.store';
import { CaseViewService } from './speak-up/case-view.service';
import { NgoReturnService } from './speak-up/ngo.service';
import { RelayService } from './speak-up/relay.service';
import { registerSpeakUpRoutes } from './speak-up/speak-up.routes';
import { GuardianActionService } from './speak-up/guardian-actions.service';
import { RaiseService } from './speak-up/raise.service';
import { ReporterService } from './speak-up/reporter.service';
import { CASE_TIMERS_SCHEDULE, CaseTimers } from './speak-up/timers.service';
import { AnswerService, type AnswerKeys } from './surveys/answer.service';
import { ResponseMixer } from './surveys/mixer';
import { TableAnsweredMarkers } from './surveys/answered.store';
import { TableRecipientStore } from './surveys/recipient.store';
import { StorageResponseQueue, TableResponseStore } from './surveys/response.store';
import { SurveyAdminService } from './surveys/survey-admin.service';
import { TableSurveyStore, TableWaveStore } from './surveys/survey.store';
import { registerSurveyRoutes } from './surveys/surveys.routes';
import { WaveService } from './surveys/wave.service';
import { SurveyRekeyService } from './surveys/rekey.service';
import { describeTime, nextSendSlot } from './surveys/survey';

/** Config with storage resolved to something reachable (local mode has started Azurite by now). */
export type AppConfig = Omit<Config, 'storage'> & {
  readonly storage: ResolvedStorage;
  /**
   * The speak-up encryption key (SPEAKUP_ENCRYPTION_KEY in Azure; kept under .data/ in local mode): the secret every
   * sealing and tagging key is derived from. During a rotation `speakUp.previousEncryptionKeys` holds the old one(s).
   */
  readonly sealingKey: string;
};

export interface AppOptions {
  clock?: Clock;
  /** Where log lines go; tests pass a stream to read every line. */
  logDestination?: DestinationStream;
  /** False in tests that run the scheduled jobs themselves (`waves.tick()`, `digest.sendWeeklyDigest()`) on a manual clock. */
  scheduledJobs?: boolean;
  /**
   * Replaces the survey answers' keys. Only the storage-attack test sets it, to switch sealing and keyed markers off
   * and show that its attack then succeeds (test/surveys/storage-attack.test.ts).
   */
  answerKeys?: AnswerKeys;
}

/** A composed, not yet listening, Staff Voice process. */
export interface StaffVoiceApp {
  readonly log: Log;
  readonly roles: RoleService;
  readonly scheduler: Scheduler;
  readonly messenger: Messenger;
  readonly outbox: OutboxService;
  readonly dispatcher: Dispatcher;
  readonly roster: RosterService;
  readonly waves: WaveService;
  readonly digest: DigestService;
  /** The speak-up timers (tests run `tick()` themselves). */
  readonly speakUp: CaseTimers;
  readonly retention: RetentionService;
  /** The re-seal job after a key rotation (tests run it themselves). */
  readonly reseal: ResealJob;
  readonly actions: ActionsService;
  listen(port?: number, host?: string): Promise<HttpServer>;
  stop(): Promise<void>;
}

/** The composition root: the one place that constructs clients, stores, services, routes and workers. */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<StaffVoiceApp> {
  const clock = options.clock ?? systemClock;
  const log = createLog(config.log.level, options.logDestination);
  const processId = `${process.pid}-${randomUUID().slice(0, 8)}`;

  // Clients
  const access = storageAccess(config.storage);
  const tables: Tables = await openTables(access, config.storageNamespace);
  const queues: Queues = await openQueues(access, config.storageNamespace);

  // Stores
  const conversations = new TableConversationStore(tables.conversations);
  const roleStore = new TableRoleStore(tables.roles);
  const registrations = new TableRegistrationStore(tables.registrations);
  const audit = new TableAuditLog({ table: tables.audit, clock });
  const deliveries = new TableDeliveryStore(tables.deliveries);
  const cards = new TableCardStore(tables.cards);
  const outboxQueue = new StorageOutboxQueue({ queue: queues.outbox, poison: queues['outbox-poison'] });
  const pause = new TableSendPause(tables.leases);
  const surveys = new TableSurveyStore(tables.surveys);
  const waveStore = new TableWaveStore(tables.waves);
  const markers = new TableAnsweredMarkers(tables.answered);
  const recipients = new TableRecipientStore({ table: tables.deliveries, markers });
  const responseQueue = new StorageResponseQueue({ queue: queues.responses, poison: queues['responses-poison'] });
  const responses = new TableResponseStore(tables.responses);
  const resultStore = new TableResultStore(tables.results);
  const exportStore = new TableExportStore(tables.exports);
  const digestState = new TableDigestState(tables.leases);
  // One secret (two during a rotation): each purpose derives its own keys from it, and old values name their key.
  const secrets = { current: config.sealingKey, previous: config.speakUp?.previousEncryptionKeys ?? [] };
  const keyNames = new KeyRing(secrets, 'key-names');
  const sealer = new Sealer(secrets.current, secrets.previous);
  const answerKeys = options.answerKeys ?? new KeyRing(secrets, 'survey-answers');
  const cases = new TableCaseStore(tables.cases);
  const caseMessages = new TableCaseMessageStore({ table: tables.casemessages, sealer });
  const caseReporters = new TableCaseReporterStore({ table: tables.casereporters, sealer });
  const wavePurge = new TableWavePurge({ responses: tables.responses, deliveries: tables.deliveries, answered: tables.answered, cards: tables.cards });
  const casePurge = new TableCasePurge({ cases: tables.cases, casemessages: tables.casemessages, deliveries: tables.deliveries });

  // Services
  const roles = new RoleService({ roles: roleStore, audit, clock, firstAdmins: config.people.firstAdmins });
  const capture = new CaptureService({ conversations, clock, log });

  // Teams edge
  const bot = createBot({ bot: config.bot, log, allowedTenants: config.tenants?.allowed });
  const messenger = new ConnectorMessenger({ tokens: bot.tokens, log });
  const directory = new ConnectorDirectory({ tokens: bot.tokens });

  // Delivery: this process's share of the app-wide send budget, spent one request at a time.
  // A burst of half a token shared between the processes: in any one-second window they make at most
  // budget + 0.5 requests together, even when their sends line up.
  const bucket = new TokenBucket(config.delivery.budgetPerSecond / config.delivery.processes, 0.5 / config.delivery.processes);
  const outbox = new OutboxService({ queue: outboxQueue, deliveries, cards, clock, log, sealer });
  const channels = new ChannelService({ registrations, roles, audit, outbox, clock });
  const roster = new RosterService({ directory, conversations, bucket, clock, log });
  const dispatcher = new Dispatcher({
    queue: outboxQueue,
    deliveries,
    cards,
    pause,
    conversations,
    messenger,
    bucket,
    limiter: new ConversationLimiter(),
    clock,
    log,
    owner: processId,
    workers: config.delivery.workers,
    maxAttempts: config.delivery.maxAttempts,
    holdSeconds: config.delivery.holdSeconds,
    sealer,
  });

  // Surveys
  const timeZone = config.schedule.timeZone;
  const mixer = new ResponseMixer({ queue: responseQueue, responses, sealer: answerKeys, log, k: config.privacy.minGroupSize });
  const minGroupSize = config.privacy.minGroupSize;
  const waves = new WaveService({ surveys, waves: waveStore, recipients, markers, keys: answerKeys, outbox, conversations, roster, mixer, clock, log, timeZone, minGroupSize, lastTimeLine: (surveyId) => actions.sinceLastTime(surveyId) });
  const answers = new AnswerService({ surveys, waves: waveStore, recipients, markers, responses: responseQueue, keys: answerKeys, clock, log, timeZone, minGroupSize });
  const surveyAdmin = new SurveyAdminService({ surveys, waves: waveStore, recipients, waveService: waves, answers, conversations, roles, audit, clock, timeZone, minGroupSize });

  // Results
  const resultsView = { k: minGroupSize, timeZone, maxComments: 3 };
  const results = new ResultsService({ surveys, waves: waveStore, responses, results: resultStore, roles, clock, log, k: minGroupSize, kComments: config.results.minComments });
  const exports = new ExportService({ results, resultStore, surveys, exports: exportStore, audit, clock, publicUrl: config.results.publicUrl });

  // Speak up: only the relay is given the reporters' store.
  const speakUpSettings = { ...config.cases, bankHolidays: bankHolidaysFor(config.cases.bankHolidays), timeZone };
  const relay = new RelayService({ reporters: caseReporters, outbox, deliveries, registrations, roles });
  const caseViews = new CaseViewService({ cases, messages: caseMessages, relay, roles, conversations, audit, clock, timeZone });
  const digest = new DigestService({ results, registrations, outbox, state: digestState, clock, log, view: resultsView, speakUpCounts: (at) => ngo.lastCompletedQuarter(at), actionsDue: async (at) => { const { due, thisMonth } = await actions.dueOrOverdue(at); return dueActionsSection(due, thisMonth); } });
  const raise = new RaiseService({ cases, messages: caseMessages, relay, views: caseViews, audit, clock, log, settings: speakUpSettings });
  const guardians = new GuardianActionService({ cases, messages: caseMessages, relay, views: caseViews, roles, audit, clock, settings: speakUpSettings });
  const reporters = new ReporterService({ cases, messages: caseMessages, relay, views: caseViews, audit, clock });
  const speakUp = new CaseTimers({ cases, relay, views: caseViews, audit, clock, settings: speakUpSettings });
  const ngo = new NgoReturnService({ cases, roles, audit, exports: exportStore, clock, publicUrl: config.results.publicUrl });

  // Actions ("you said, we did"): leaders answer settled results; staff hear in one bundle a day.
  const actionStore = new TableActionStore(tables.actions);
  const bundle = new ActionBundle({ store: actionStore, audience: new TableWaveAudience(tables.deliveries), leadershipChannels: () => registrations.list('digest'), outbox, clock, log, timeZone });
  const actions = new ActionsService({
    store: actionStore,
    results,
    roles,
    bundle,
    audit,
    clock,
    log,
    timeZone,
    nextSlot: (after) => nextSendSlot(after, BUNDLE_SEND_TIME, timeZone),
  });

  // Retention: the daily purge. It reaches reporters only through the relay.
  const retention = new RetentionService({
    surveys,
    waves: waveStore,
    recipients,
    results,
    wavePurge,
    cases,
    casePurge,
    relay,
    auditPurge: new TableAuditPurge(tables.audit),
    linkPurge: new TableDownloadLinkPurge(tables.exports),
    audit,
    clock,
    log,
    settings: config.retention,
  });

  // Keys: after a rotation, moves what a previous key sealed or tagged to the current key (operations.md, "Keys").
  const surveyRekey = new SurveyRekeyService({ waves: waveStore, recipients, markers, keys: answerKeys, rotating: keyNames.rotating });
  const reseal = new ResealJob({
    parts: [
      { name: 'case messages', reseal: () => caseMessages.reseal() },
      { name: 'case reporters', reseal: () => caseReporters.reseal() },
      { name: 'answered markers', reseal: () => surveyRekey.moveMarkers() },
      { name: 'queued answers', reseal: (since) => surveyRekey.waitingWaves(since) },
    ],
    // Named by speak-up's key id, the one its stored values show (`v2:<key id>:…`).
    keys: { keyId: sealer.keyId, fingerprint: keyNames.fingerprint, rotating: keyNames.rotating },
    state: tables.leases,
    audit,
    clock,
    log,
  });

  // Routes (fallbacks last: the first matching route wins)
  registerCaptureRoutes(bot.app, { capture, log, minGroupSize });
  // A new guardians' channel gets the cases that were waiting for one at once, not at the next timer run.
  registerPeopleRoutes(bot.app, { roles, channels, conversations, log, onRegistered: async (purpose) => (purpose === 'guardians' ? speakUp.tick() : undefined) });
  registerSurveyRoutes(bot.app, { answers, admin: surveyAdmin, log, timeZone, minGroupSize });
  registerSpeakUpRoutes(bot.app, { raise, guardians, reporters, views: caseViews, ngo, settings: speakUpSettings, log });
  registerResultsRoutes(bot.app, { results, exports, view: { ...resultsView, maxComments: 5 } });
  registerActionsRoutes(bot.app, { actions, log, describeTime: (at) => describeTime(at, timeZone) });
  onUnknownCardAction(bot.app);
  onUnknownMessage(bot.app);

  // Workers
  const scheduler = new Scheduler({ lease: new TableJobLease(tables.leases, processId), log, timeZone: config.schedule.timeZone });

  const server = createHttpServer({
    handleActivity: (req, res) => bot.handle(req, res),
    ready: () => tablesReachable(tables),
    bodyLimitBytes: config.server.bodyLimitBytes,
    log,
    // Each feature serves (and spends) only its own kinds of link: a results link is `not-found` to speak-up's.
    download: async (token) => {
      const file = await exports.download(token);
      return file.kind === 'not-found' ? ngo.downloadNgo(token) : file;
    },
  });
  let listening: HttpServer | undefined;

  return {
    log,
    roles,
    scheduler,
    messenger,
    outbox,
    dispatcher,
    roster,
    waves,
    digest,
    speakUp,
    retention,
    reseal,
    actions,
    async listen(port = config.server.port, host) {
      listening = await listen(server, port, host);
      dispatcher.start();
      // Every minute: open due waves, remind, close, and mix waiting answers. One process runs each tick.
      if (options.scheduledJobs !== false) {
        scheduler.schedule('surveys', '* * * * *', () => waves.tick());
        scheduler.schedule('speak-up', CASE_TIMERS_SCHEDULE, () => speakUp.tick());
        // Weekdays at the working-hours send slot: the day's "You said, we did" bundle.
        scheduler.schedule('actions', BUNDLE_SCHEDULE, async (tick) => void (await actions.sendDailyBundle(tick)));
        scheduler.schedule('digest', config.results.digestSchedule, async (tick) => void (await digest.sendWeeklyDigest(tick)));
        // Daily at 02:30 in the schedule time zone (Europe/London): a quiet hour for a job that reads whole tables.
        scheduler.schedule('retention', '30 2 * * *', async () => void (await retention.purge()));
        // Every quarter of an hour: a cheap check once done; after a key rotation it moves everything within minutes.
        scheduler.schedule('reseal', '*/15 * * * *', async () => void (await reseal.run()));
      }
      log.info({ port: listening.port, mode: config.mode }, 'Staff Voice listening');
      return listening;
    },
    async stop() {
      await scheduler.stop();
      await Promise.race([waves.idle(), new Promise((r) => setTimeout(r, 10_000).unref())]);
      await dispatcher.stop();
      await listening?.close();
    },
  };
}
