import type { Core } from '../core';
import type { ConversationDirectory, DeliveryLookup, OutboxService } from '../delivery';
import type { DownloadLinkService, DownloadService } from '../downloads';
import type { ChannelRegistry, PeopleApi, RoleService } from '../people';
import { daysBefore, purgePart, type Feature, type Owned } from '../platform/feature';
import { TableCaseMessageStore } from './case-message.store';
import { CasePurgeService, type CasePurgeCounts } from './case-purge.service';
import { TableCasePurge } from './case-purge.store';
import { TableCaseReporterStore } from './case-reporter.store';
import { TableCaseStore } from './case.store';
import { CaseViewService } from './case-view.service';
import { GuardianActionService } from './guardian-actions.service';
import { NgoReturnService } from './ngo.service';
import { RaiseService } from './raise.service';
import { RelayService } from './relay.service';
import { ReporterService } from './reporter.service';
import { registerSpeakUpRoutes } from './speak-up.routes';
import { CaseTimers } from './timers.service';

export const SPEAK_UP_OWNS: Owned = { tables: ['cases', 'casereporters', 'casemessages'], queues: [] };

/** Every five minutes: cases waiting for a guardians' channel, overdue acknowledgements, due check-ins. */
const SPEAK_UP_SCHEDULE = '*/5 * * * *';

/** What speak-up gives the features above it (the digest's counts) and tests (the timers). */
export interface SpeakUpApi {
  readonly ngo: NgoReturnService;
  readonly timers: CaseTimers;
}

/**
 * Speak up: raising, guardians' actions, reporters' replies, timers, the NGO return. Only the relay is given the
 * reporters' store: it alone reads who raised a case, to send them what a guardian wrote.
 */
export function assembleSpeakUp(
  core: Core,
  deps: {
    roles: RoleService;
    people: Pick<PeopleApi, 'onRegistered'>;
    registrations: ChannelRegistry;
    outbox: OutboxService;
    deliveries: DeliveryLookup;
    conversations: ConversationDirectory;
    batches: { deleteDeliveries(batch: string): Promise<number> };
    downloads: { links: DownloadLinkService; downloads: DownloadService };
  },
): Feature<SpeakUpApi, keyof CasePurgeCounts> {
  const { settings, clock, log, storage, audit, keys } = core;
  const { roles, outbox } = deps;
  const cases = new TableCaseStore(storage.table('cases'));
  const messages = new TableCaseMessageStore({ table: storage.table('casemessages'), sealer: keys.speakUp });
  const reporterStore = new TableCaseReporterStore({ table: storage.table('casereporters'), sealer: keys.speakUp });
  const { deliveries, registrations } = deps;
  const relay = new RelayService({ reporters: reporterStore, outbox, deliveries, registrations, roles });
  const { conversations } = deps;
  const views = new CaseViewService({
    cases,
    messages,
    relay,
    roles,
    conversations,
    audit,
    clock,
    timeZone: settings.timeZone,
  });
  const caseParts = { cases, messages, relay, views, audit, clock };
  const raise = new RaiseService({ ...caseParts, log, settings: settings.speakUp });
  const guardians = new GuardianActionService({ ...caseParts, roles, settings: settings.speakUp });
  const reporters = new ReporterService(caseParts);
  const timers = new CaseTimers({ cases, relay, views, audit, clock, settings: settings.speakUp });
  const ngo = new NgoReturnService({ cases, roles, audit, links: deps.downloads.links, clock });
  deps.downloads.downloads.offer(ngo.offering);
  // A new guardians' channel gets the cases that were waiting for one at once, not at the next timer run.
  deps.people.onRegistered(async (purpose) => (purpose === 'guardians' ? timers.tick() : undefined));
  const casePurge = new CasePurgeService({
    ...{ cases, relay, batches: deps.batches },
    purge: new TableCasePurge({ cases: storage.table('cases'), casemessages: storage.table('casemessages') }),
  });
  return {
    api: { ngo, timers },
    routes: (app) =>
      registerSpeakUpRoutes(app, { raise, guardians, reporters, views, ngo, settings: settings.speakUp, log }),
    jobs: [{ name: 'speak-up', schedule: SPEAK_UP_SCHEDULE, run: () => timers.tick() }],
    purges: [
      purgePart({
        zero: (): CasePurgeCounts => ({ cases: 0, caseMessages: 0, caseDeliveries: 0 }),
        purge: (c, now, periods) => casePurge.purgeClosedBefore(daysBefore(now, periods.casesDays), c),
        describe: (c) => `cases ${c.cases} (messages ${c.caseMessages}, deliveries ${c.caseDeliveries})`,
      }),
    ],
    reseal: [
      { name: 'case messages', reseal: () => messages.reseal() },
      { name: 'case reporters', reseal: () => reporterStore.reseal() },
    ],
  };
}
