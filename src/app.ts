import { ACTION_VERBS, ACTIONS_OWN, assembleActions } from './actions';
import { assembleBackup } from './backup';
import type { AppConfig } from './config';
import { CORE_OWNS, openCore, type AppOptions } from './core';
import { assembleDashboard } from './dashboard';
import { assembleDelivery, DELIVERY_OWNS } from './delivery';
import { assembleDigest } from './digest';
import { assembleDownloads, DOWNLOADS_OWN } from './downloads';
import { assemblePeople, PEOPLE_OWNS, welcomeCard } from './people';
import { ownedTogether, type CountedBy, type Feature } from './platform/feature';
import { Scheduler } from './platform/scheduler';
import { TableJobLease } from './platform/lease';
import { assembleUpkeep } from './platform/upkeep';
import { tableReachable } from './platform/tables';
import { createBot } from './platform/teams/bot';
import { ConnectorMessenger } from './platform/teams/messenger';
import { createHttpServer, listen, type HttpServer } from './platform/teams/server';
import { onUnknownCardAction, onUnknownMessage } from './platform/teams/turn';
import { assembleResults, RESULTS_OWN } from './results';
import { assembleSpeakUp, SPEAK_UP_OWNS, SPEAK_UP_VERBS } from './speak-up';
import { assembleSurveys, SURVEY_VERBS, SURVEYS_OWN } from './surveys';

export type { AppConfig } from './config';
export type { AppOptions } from './core';

/** Every table and queue the app uses, by the feature that owns it (each created at start, each in the Bicep). */
export const OWNED = ownedTogether(
  ...[CORE_OWNS, DELIVERY_OWNS, PEOPLE_OWNS, SURVEYS_OWN, RESULTS_OWN, SPEAK_UP_OWNS, ACTIONS_OWN, DOWNLOADS_OWN],
);

export const TABLE_NAMES = OWNED.tables;
export const QUEUE_NAMES = OWNED.queues;

/** A composed, not yet listening, Staff Voice process: each feature's API (as tests reach them), listen and stop. */
export type StaffVoiceApp = Awaited<ReturnType<typeof createApp>>;

/** The composition root: the core, then the features in the order they need each other, then the process's parts. */
export async function createApp(config: AppConfig, options: AppOptions = {}) {
  const { core, feature: audit } = openCore(config, options, OWNED);
  const { log, settings } = core;
  const bot = createBot({ bot: config.bot, log, allowedTenants: config.tenants?.allowed });
  const messenger = new ConnectorMessenger({ tokens: bot.tokens, log });
  const verbs = { openSurveys: SURVEY_VERBS.mine, speakUp: SPEAK_UP_VERBS.open };
  const welcome = () => welcomeCard(settings.minGroupSize, verbs);

  const downloads = assembleDownloads(core);
  const delivery = assembleDelivery(core, { bot, messenger, welcomeCard: welcome });
  const { outbox, roster, conversations, deliveries, batches } = delivery.api;
  const people = assemblePeople(core, { outbox, conversations, names: roster });
  const { roles, registrations, leads } = people.api;
  const surveys = assembleSurveys(core, { roles, outbox, roster, conversations, batches });
  const results = assembleResults(core, {
    ...{ roles, leads, teams: conversations, outbox, surveys: surveys.api, downloads: downloads.api },
    verbs: { respond: ACTION_VERBS.form },
  });
  const speakUp = assembleSpeakUp(core, {
    ...{ roles, people: people.api, registrations, outbox, deliveries, conversations, batches },
    downloads: downloads.api,
  });
  const { results: read } = results.api;
  const actions = assembleActions(core, {
    ...{ roles, leads, teams: conversations, registrations, outbox, results: read, surveys: surveys.api },
  });
  const { ngo } = speakUp.api;
  const digest = assembleDigest(core, { registrations, outbox, results: read, ngo, actions: actions.api.actions });
  const dashboard = assembleDashboard(core, {
    ...{ results: results.api, surveys: surveys.api.catalogue, leads: people.api.leads, teams: conversations },
    actions: actions.api.actions,
  });
  const features: Feature<unknown>[] = [audit, downloads, delivery, people, surveys, results, speakUp, actions, digest];
  features.push(dashboard);
  // Purges in the order the retention job's audit row reports them.
  const purges = [surveys, actions, delivery, speakUp, audit, downloads] as const;
  const upkeep = assembleUpkeep<CountedBy<(typeof purges)[number]>>(core, { purges, reseal: features });
  // Last: it copies every table, whichever feature owns it.
  const backup = assembleBackup(core, OWNED);
  features.push(upkeep, backup);

  await core.storage.create();
  for (const feature of features) feature.routes?.(bot.app);
  onUnknownCardAction(bot.app);
  onUnknownMessage(bot.app);
  const lease = new TableJobLease(core.leases, core.processId);
  const scheduler = new Scheduler({ lease, log, timeZone: settings.timeZone });
  const server = createHttpServer({
    handleActivity: (req, res) => bot.handle(req, res),
    ready: () => tableReachable(core.leases),
    bodyLimitBytes: config.server.bodyLimitBytes,
    log,
    download: (token) => downloads.api.downloads.download(token),
    routes: features.flatMap((f) => f.http ?? []),
  });
  const scheduled = options.scheduledJobs !== false;
  const workers = features.flatMap((f) => f.workers ?? []).filter((w) => scheduled || !w.scheduled);
  let listening: HttpServer | undefined;
  return {
    ...{ log, scheduler, messenger, delivery: delivery.api, people: people.api, surveys: surveys.api },
    ...{ results: results.api, speakUp: speakUp.api, actions: actions.api, digest: digest.api },
    ...{ downloads: downloads.api, upkeep: upkeep.api, backup: backup.api },
    async listen(port = config.server.port, host?: string) {
      listening = await listen(server, port, host);
      for (const worker of workers) worker.start();
      if (scheduled)
        for (const job of features.flatMap((f) => f.jobs ?? []))
          scheduler.schedule(job.name, job.schedule, async (tick) => void (await job.run(tick)));
      log.info({ port: listening.port, mode: config.mode }, 'Staff Voice listening');
      return listening;
    },
    async stop() {
      await scheduler.stop();
      // The reverse of starting: a fan-out in progress is given a moment, then the capture job and the dispatcher.
      for (const worker of [...workers].reverse()) await worker.stop();
      await listening?.close();
    },
  };
}
