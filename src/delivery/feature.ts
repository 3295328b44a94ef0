import type { Core } from '../core';
import type { CardJson } from '../platform/cards';
import { purgePart, type Feature, type Owned } from '../platform/feature';
import type { Bot } from '../platform/teams/bot';
import { ConnectorDirectory } from '../platform/teams/directory';
import type { Messenger } from '../platform/teams/messenger';
import { TableBatchPurge } from './batch-purge.store';
import { LaterCapture, welcomeRetention } from './capture-later';
import { registerCaptureRoutes } from './capture.routes';
import { CaptureService } from './capture.service';
import { TableCardStore } from './card.store';
import { TableConversationStore } from './conversation.store';
import { TableDeliveryStore, type DeliveryLookup } from './delivery.store';
import { Dispatcher } from './dispatcher';
import { StorageOutboxQueue } from './outbox.store';
import { OutboxService } from './outbox.service';
import { TableSendPause } from './pause.store';
import { ConversationLimiter, TokenBucket } from './rate-limit';
import { RosterService } from './roster.service';

export const DELIVERY_OWNS: Owned = {
  tables: ['conversations', 'deliveries', 'cards'],
  queues: ['outbox', 'outbox-poison'],
};

/** What delivery gives the features above it. */
export interface DeliveryApi {
  /** Every proactive send goes through it. */
  readonly outbox: OutboxService;
  readonly roster: RosterService;
  /** Who the bot can reach: conversation references by person, team and channel. */
  readonly conversations: TableConversationStore;
  /** What was sent to whom, by batch (speak-up's relay finds the card a guardian's reply answers). */
  readonly deliveries: DeliveryLookup;
  /** The outbox's records of a batch (who it went to, and its card), for the features' purges. */
  readonly batches: TableBatchPurge;
  /** This process's share of sending. */
  readonly dispatcher: Dispatcher;
  /** The capture job for people who write before their install event (tests run `flush()` themselves). */
  readonly captures: LaterCapture;
}

/**
 * Delivery: who the bot can reach (captured on install, or by the capture job), the outbox, and this process's
 * dispatcher spending its share of the app-wide send budget. `welcomeCard` is given: its buttons are features above.
 */
export function assembleDelivery(
  core: Core,
  deps: { bot: Bot; messenger: Messenger; welcomeCard: () => CardJson },
): Feature<DeliveryApi, 'welcomeSends'> {
  const { config, settings, clock, log, storage, keys } = core;
  const sealer = keys.speakUp;
  const deliveries = new TableDeliveryStore(storage.table('deliveries'));
  const cards = new TableCardStore(storage.table('cards'));
  const conversations = new TableConversationStore(storage.table('conversations'));
  const queue = new StorageOutboxQueue({ queue: storage.queue('outbox'), poison: storage.queue('outbox-poison') });
  const bucket = new TokenBucket(settings.sendShare.perSecond, settings.sendShare.burst);
  const outbox = new OutboxService({ queue, deliveries, cards, clock, log, sealer });
  const directory = new ConnectorDirectory({ tokens: deps.bot.tokens });
  const roster = new RosterService({ directory, conversations, bucket, clock, log });
  const { workers, maxAttempts, holdSeconds } = config.delivery;
  const dispatcher = new Dispatcher({
    ...{ queue, deliveries, cards, conversations, messenger: deps.messenger, bucket, clock, log, sealer },
    ...{ workers, maxAttempts, holdSeconds },
    pause: new TableSendPause(core.leases),
    limiter: new ConversationLimiter(),
    owner: core.processId,
  });
  const capture = new CaptureService({ conversations, clock, log });
  const captures = new LaterCapture({ capture, outbox, welcomeCard: deps.welcomeCard, clock, log });
  const batches = new TableBatchPurge({ deliveries: storage.table('deliveries'), cards: storage.table('cards') });
  const welcomes = welcomeRetention(batches);
  return {
    api: { outbox, roster, conversations, deliveries, batches, dispatcher, captures },
    routes: (app) => registerCaptureRoutes(app, { capture, later: captures, welcomeCard: deps.welcomeCard }),
    purges: [
      purgePart({
        zero: () => ({ welcomeSends: 0 }),
        purge: async (c, now) => void (c.welcomeSends += await welcomes.purgeSentBefore(now)),
        describe: (c) => `welcome sends ${c.welcomeSends}`,
      }),
    ],
    workers: [
      { scheduled: false, start: () => dispatcher.start(), stop: () => dispatcher.stop() },
      { scheduled: true, start: () => captures.start(), stop: () => captures.stop() },
    ],
  };
}
