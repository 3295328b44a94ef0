import { randomUUID } from 'node:crypto';
import type { DestinationStream } from 'pino';
import {
  ACTION_VERBS,
  ActionsService,
  BUNDLE_SCHEDULE,
  registerActionsRoutes,
  registerFeedbackRoute,
  type FeedbackService,
} from './actions';
import { composeServices, type Parts, type Services } from './app-services';
import { openStores } from './app-stores';
import type { Config, ResolvedStorage } from './config';
import { Dispatcher, OutboxService, registerCaptureRoutes, RosterService, type LaterCapture } from './delivery';
import type { DigestService } from './digest';
import { registerPeopleRoutes, RoleService, type TeamLeadService, welcomeCard } from './people';
import { describeTime } from './platform/calendar/local-time';
import { AuditChainKeys } from './platform/audit-chain';
import { systemClock, type Clock } from './platform/clock';
import { TableJobLease } from './platform/lease';
import { KeyRing, SpeakUpKeys, type Sealer, type TaggingSealer } from './platform/crypto';
import { createLog, type Log } from './platform/log';
import { openQueues } from './platform/queues';
import { ResealJob } from './platform/reseal';
import { Scheduler } from './platform/scheduler';
import { storageAccess } from './platform/storage';
import { openTables, tablesReachable } from './platform/tables';
import { createBot, type Bot } from './platform/teams/bot';
import { ConnectorMessenger, type Messenger } from './platform/teams/messenger';
import { createHttpServer, listen, type HttpServer } from './platform/teams/server';
import { onUnknownCardAction, onUnknownMessage } from './platform/teams/turn';
import { registerResultsRoutes } from './results';
import { RetentionService } from './retention/retention.service';
import { FAN_OUT_GRACE_MS, JOB_SCHEDULES, settingsFor } from './settings';
import { CaseTimers, registerSpeakUpRoutes, SPEAK_UP_VERBS } from './speak-up';
import { registerSurveyRoutes, ResponseSealMigration, SURVEY_VERBS, WaveService } from './surveys';

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
  /**
   * False in tests that run the scheduled jobs themselves (`waves.tick()`, `digest.sendWeeklyDigest()`,
   * `captures.flush()`) on a manual clock.
   */
  scheduledJobs?: boolean;
  /**
   * Replaces the survey answers' keys. Only the storage-attack test sets it, to switch sealing and keyed markers off
   * and show that its attack then succeeds (test/surveys/storage-attack.test.ts).
   */
  answerKeys?: TaggingSealer;
  /** Replaces the stored responses' keys: only the at-rest test sets it, to show its search finds plain rows. */
  storedResponseKeys?: Sealer;
}

/** A composed, not yet listening, Staff Voice process. */
export interface StaffVoiceApp {
  readonly log: Log;
  readonly roles: RoleService;
  readonly leads: TeamLeadService;
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
  /** The upgrade's migration sealing responses stored in plain text (tests run it themselves). */
  readonly sealMigration: ResponseSealMigration;
  readonly actions: ActionsService;
  readonly feedback: FeedbackService;
  /** The capture job for people who write before their install event (tests run `flush()` themselves). */
  readonly captures: LaterCapture;
  listen(port?: number, host?: string): Promise<HttpServer>;
  stop(): Promise<void>;
}

/** The composition root: the one place that constructs clients, stores, services, routes and workers. */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<StaffVoiceApp> {
  const settings = settingsFor(config);
  const clock = options.clock ?? systemClock;
  const log = createLog(config.log.level, options.logDestination);
  const access = storageAccess(config.storage);
  const tables = await openTables(access, config.storageNamespace);
  const queues = await openQueues(access, config.storageNamespace);
  const sealer = new SpeakUpKeys(settings.secrets.current, settings.secrets.previous);
  const keys = {
    names: new KeyRing(settings.secrets, 'key-names'),
    sealer,
    answers: options.answerKeys ?? new KeyRing(settings.secrets, 'survey-answers'),
    storedResponses: options.storedResponseKeys ?? new KeyRing(settings.secrets, 'stored-responses'),
  };
  const stores = openStores(tables, queues, {
    clock,
    sealer,
    auditChain: new AuditChainKeys(settings.secrets),
    rowKeys: keys.storedResponses,
    log,
  });
  const parts: Parts = { config, settings, clock, log, processId: newProcessId(), tables, stores, keys };

  const bot = createBot({ bot: config.bot, log, allowedTenants: config.tenants?.allowed });
  const messenger = new ConnectorMessenger({ tokens: bot.tokens, log });
  const services = composeServices(parts, bot, messenger);
  const captures = registerRoutes(bot, parts, services);
  const scheduler = new Scheduler({
    lease: new TableJobLease(tables.leases, parts.processId),
    log,
    timeZone: settings.timeZone,
  });
  const server = createHttpServer({
    handleActivity: (req, res) => bot.handle(req, res),
    ready: () => tablesReachable(tables),
    bodyLimitBytes: config.server.bodyLimitBytes,
    log,
    download: (token) => services.downloads.download(token),
  });
  const { roles, outbox, dispatcher, roster, waves, digest, retention, reseal, actions, feedback, sealMigration } =
    services;
  let listening: HttpServer | undefined;
  return {
    log,
    roles,
    leads: services.leads,
    scheduler,
    messenger,
    outbox,
    dispatcher,
    roster,
    waves,
    digest,
    speakUp: services.timers,
    retention,
    reseal,
    sealMigration,
    actions,
    feedback,
    captures,
    async listen(port = config.server.port, host) {
      listening = await listen(server, port, host);
      dispatcher.start();
      if (options.scheduledJobs !== false) {
        captures.start();
        scheduleJobs(scheduler, services, config);
      }
      log.info({ port: listening.port, mode: config.mode }, 'Staff Voice listening');
      return listening;
    },
    async stop() {
      await scheduler.stop();
      await captures.stop();
      await Promise.race([waves.idle(), new Promise((r) => setTimeout(r, FAN_OUT_GRACE_MS).unref())]);
      await dispatcher.stop();
      await listening?.close();
    },
  };
}

/** Routes, fallbacks last: the first matching route wins. Returns the capture job the routes feed. */
function registerRoutes(bot: Bot, parts: Parts, services: Services): LaterCapture {
  const { log, settings, clock } = parts;
  const { timeZone, minGroupSize } = settings;
  const { capture, roles, channels, timers, roster } = services;
  const welcome = () => welcomeCard(minGroupSize, { openSurveys: SURVEY_VERBS.mine, speakUp: SPEAK_UP_VERBS.open });
  const captures = registerCaptureRoutes(bot.app, {
    capture,
    outbox: services.outbox,
    clock,
    log,
    welcomeCard: welcome,
  });
  // A new guardians' channel gets the cases that were waiting for one at once, not at the next timer run.
  const onRegistered = async (purpose: string) => (purpose === 'guardians' ? timers.tick() : undefined);
  registerPeopleRoutes(bot.app, {
    roles,
    leads: services.leads,
    channels,
    conversations: parts.stores.conversations,
    names: roster,
    log,
    onRegistered,
  });
  registerSurveyRoutes(bot.app, {
    answers: services.answers,
    admin: services.surveyAdmin,
    log,
    timeZone,
    minGroupSize,
  });
  const { raise, guardians, reporters, views, ngo } = services;
  registerSpeakUpRoutes(bot.app, { raise, guardians, reporters, views, ngo, settings: settings.speakUp, log });
  registerResultsRoutes(bot.app, {
    results: services.results,
    exports: services.exports,
    view: settings.resultsCardView,
    verbs: { respond: ACTION_VERBS.form },
  });
  registerActionsRoutes(bot.app, { actions: services.actions, log, describeTime: (at) => describeTime(at, timeZone) });
  registerFeedbackRoute(bot.app, { feedback: services.feedback, log });
  onUnknownCardAction(bot.app);
  onUnknownMessage(bot.app);
  return captures;
}

/** The scheduled jobs; one process runs each tick. */
function scheduleJobs(scheduler: Scheduler, services: Services, config: AppConfig): void {
  const { waves, timers, actions, feedback, digest, retention, reseal, sealMigration } = services;
  scheduler.schedule('surveys', JOB_SCHEDULES.surveys, () => waves.tick());
  scheduler.schedule('speak-up', JOB_SCHEDULES.speakUp, () => timers.tick());
  // Weekdays at the working-hours send slot: the day's "You said, we did" bundle.
  scheduler.schedule('actions', BUNDLE_SCHEDULE, async (tick) => void (await actions.sendDailyBundle(tick)));
  scheduler.schedule('feedback', JOB_SCHEDULES.feedback, () => feedback.mix());
  scheduler.schedule(
    'digest',
    config.results.digestSchedule,
    async (tick) => void (await digest.sendWeeklyDigest(tick)),
  );
  scheduler.schedule('retention', JOB_SCHEDULES.retention, async () => void (await retention.purge()));
  scheduler.schedule('reseal', JOB_SCHEDULES.reseal, async () => void (await reseal.run()));
  // On the re-seal job's clock: the upgrade's migration of plain stored responses, a cheap check once complete.
  scheduler.schedule('seal-responses', JOB_SCHEDULES.reseal, async () => void (await sealMigration.run()));
}

/** This process's name in leases and claims: the pid, and a random tail because pids repeat across containers. */
function newProcessId(): string {
  return `${process.pid}-${randomUUID().slice(0, 8)}`;
}
