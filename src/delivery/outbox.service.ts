import type { Clock } from '../platform/clock';
import type { CardJson } from '../platform/cards';
import type { Sealer } from '../platform/crypto';
import type { Log } from '../platform/log';
import type { TableCardStore } from './card.store';
import type { BatchProgress, TableDeliveryStore } from './delivery.store';
import { toOutboxMessage, type OutboxDraft } from './outbox-message';
import type { StorageOutboxQueue } from './outbox.store';

// How many drafts are taken from a stream at a time: one table transaction's worth, so memory stays flat however
// large the audience.
const PAGE = 100;
const SENDS_IN_FLIGHT = 16;

/** The one way features send proactive messages: enqueue, then watch progress. Nothing calls Teams directly. */
export class OutboxService {
  constructor(
    private readonly deps: {
      queue: StorageOutboxQueue;
      deliveries: TableDeliveryStore;
      cards: TableCardStore;
      clock: Clock;
      log: Log;
      sealer?: Sealer;
    },
  ) {}

  /** Stores a card template once for a batch; messages reference it by id with `{ template, data }`. */
  async storeTemplate(batch: string, id: string, card: CardJson): Promise<void> {
    await this.deps.cards.put(batch, id, card);
  }

  /** Enqueues one message. Enqueueing the same key twice sends it once. */
  async enqueue(batch: string, draft: OutboxDraft): Promise<void> {
    await this.enqueueMany(batch, [draft]);
  }

  /**
   * Enqueues a stream of messages, a page at a time: each page's delivery rows are created first (one
   * transaction), then its queue messages. Safe to run again after a crash: keys already past `queued` are skipped.
   */
  async enqueueMany(
    batch: string,
    drafts: AsyncIterable<OutboxDraft> | Iterable<OutboxDraft>,
  ): Promise<{ enqueued: number }> {
    let page: OutboxDraft[] = [];
    let enqueued = 0;
    const flush = async () => {
      const byKey = new Map(page.map((d) => [d.key, d])); // one message per key, even if a feature repeats one
      const messages = [...byKey.values()].map((d) => toOutboxMessage(batch, d, this.deps.sealer));
      const rows = [...byKey.values()].map((d) => ({ key: d.key, ...(d.via ? { via: d.via } : {}) }));
      const toSend = new Set(await this.deps.deliveries.createQueued(batch, rows, this.deps.clock.now()));
      const pending = messages.filter((m) => toSend.has(m.key));
      for (let i = 0; i < pending.length; i += SENDS_IN_FLIGHT) {
        await Promise.all(pending.slice(i, i + SENDS_IN_FLIGHT).map((m) => this.deps.queue.send(m)));
      }
      enqueued += pending.length;
      page = [];
    };
    for await (const draft of drafts) {
      page.push(draft);
      if (page.length === PAGE) await flush();
    }
    if (page.length > 0) await flush();
    this.deps.log.info({ batch, enqueued }, 'outbox batch enqueued');
    return { enqueued };
  }

  /** Queued, sending, sent, failed, gone and pending counts for a batch. */
  progress(batch: string): Promise<BatchProgress> {
    return this.deps.deliveries.progress(batch);
  }
}
