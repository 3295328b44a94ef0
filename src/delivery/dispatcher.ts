import { type CardJson, expandCard } from '../platform/cards';
import type { Clock } from '../platform/clock';
import type { ConversationRef } from '../platform/conversation-ref';
import type { Sealer } from '../platform/crypto';
import type { Log } from '../platform/log';
import { isUnreachable } from '../platform/storage';
import type { Messenger, SendResult } from '../platform/teams/messenger';
import type { TableCardStore } from './card.store';
import type { TableConversationStore } from './conversation.store';
import { FINAL_STATUSES, type Delivery, type TableDeliveryStore } from './delivery.store';
import { contentOf, parseOutboxMessage, type OutboxContent, type OutboxMessage } from './outbox-message';
import type { ReceivedMessage, StorageOutboxQueue } from './outbox.store';
import type { TableSendPause } from './pause.store';
import type { ConversationLimiter, TokenBucket } from './rate-limit';
import { OutcomeRecorder } from './send-outcome';

export interface DispatcherDeps {
  queue: StorageOutboxQueue;
  deliveries: TableDeliveryStore;
  cards: TableCardStore;
  pause: TableSendPause;
  conversations: TableConversationStore;
  messenger: Messenger;
  bucket: TokenBucket;
  limiter: ConversationLimiter;
  clock: Clock;
  log: Log;
  /** Identifies this process in claims. */
  owner: string;
  workers: number;
  maxAttempts: number;
  /** How long a received message stays hidden and a claim stays ours; longer than any single send can take. */
  holdSeconds: number;
  /** Opens sealed (private) messages; without it they are poisoned. */
  sealer?: Sealer;
}

const BATCH = 8;
// Back-off when the queue is empty: quick to notice new work, a few polls a second at most when idle.
const IDLE_MS = [25, 50, 100, 200, 250];

/**
 * Workers on the `outbox` queue. For each message: validate → skip if already final → respect the shared pause and
 * per-conversation limits → take a token → claim the delivery row (ETag) → send once → record the outcome. Retries
 * go back on the queue with a visibility delay; no worker sleeps on a failed message.
 */
export class Dispatcher {
  private running = false;
  private loops: Promise<void>[] = [];
  private goneWhileStopping = false;

  private readonly outcomes: OutcomeRecorder;

  constructor(private readonly deps: DispatcherDeps) {
    this.outcomes = new OutcomeRecorder(deps);
  }

  start(): void {
    if (this.running || this.deps.workers === 0) return;
    this.running = true;
    this.loops = Array.from({ length: this.deps.workers }, (_, i) => this.work(i));
    this.deps.log.info({ workers: this.deps.workers }, 'dispatcher started');
  }

  /**
   * Stops receiving, lets sends already on the wire finish (up to `graceMs`), and hands every message this
   * process holds but has not sent back to the queue at once.
   */
  async stop(graceMs = 8000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    const timeout = new Promise((r) => setTimeout(r, graceMs).unref());
    await Promise.race([Promise.all(this.loops), timeout]);
    this.deps.log.info('dispatcher stopped');
  }

  private async work(worker: number): Promise<void> {
    let idle = 0;
    while (this.running) {
      try {
        const until = await this.deps.pause.pausedUntil();
        const now = this.deps.clock.now().getTime();
        if (until > now) {
          await sleep(Math.min(until - now, 1000));
          continue;
        }
        const messages = await this.deps.queue.receive(BATCH, this.deps.holdSeconds);
        if (messages.length === 0) {
          await sleep(IDLE_MS[Math.min(idle++, IDLE_MS.length - 1)]!);
          continue;
        }
        idle = 0;
        await this.handleMany(messages);
      } catch (error) {
        if (!this.running && isUnreachable(error)) {
          // Expected, not a fault: storage can go before the last sends are recorded (Azurite stops with the process
          // in local mode). Whatever this process held reappears on the queue when its hold runs out.
          if (!this.goneWhileStopping)
            this.deps.log.warn(
              { worker, code: (error as { code?: string }).code },
              'storage went away while stopping; held messages return to the queue',
            );
          this.goneWhileStopping = true;
          return;
        }
        this.deps.log.error({ worker, err: error }, 'dispatcher worker error; retrying');
        await sleep(1000);
      }
    }
  }

  /** Makes a held message visible again now (shutdown). */
  private async handBack(m: ReceivedMessage): Promise<void> {
    const parsed = parseOutboxMessage(m.text);
    if (parsed.ok) await this.deps.queue.retryLater(m, parsed.message, 0).catch(() => undefined);
  }

  /**
   * Processes what one receive returned. The rows of each batch are read in one query and claimed in one
   * transaction (storage calls per message fall from four to about two); each send is then still recorded the
   * moment it returns, so a crash can leave at most the one send on the wire unrecorded.
   */
  private async handleMany(received: ReceivedMessage[]): Promise<void> {
    const { queue, deliveries, clock, log } = this.deps;
    const byBatch = new Map<string, { m: ReceivedMessage; message: OutboxMessage }[]>();
    for (const m of received) {
      const parsed = parseOutboxMessage(m.text);
      if (!parsed.ok) {
        log.warn({ reason: parsed.reason }, 'outbox message poisoned');
        await queue.poison(m, parsed.reason);
        continue;
      }
      const group = byBatch.get(parsed.message.batch) ?? [];
      group.push({ m, message: parsed.message });
      byBatch.set(parsed.message.batch, group);
    }

    for (const [batch, group] of byBatch) {
      const rows = await deliveries.getMany(
        batch,
        group.map((g) => g.message.key),
      );
      const claimable: { m: ReceivedMessage; message: OutboxMessage; row: Delivery }[] = [];
      const seen = new Set<string>();
      for (const { m, message } of group) {
        const row = rows.get(message.key) ?? (await deliveries.ensure(batch, message.key, clock.now()));
        const now = clock.now().getTime();
        if (FINAL_STATUSES.includes(row.status)) {
          await queue.delete(m); // already done: a duplicate message, or a redelivery after a crash
        } else if (seen.has(message.key) || (row.status === 'sending' && (row.claimedUntil ?? 0) > now)) {
          await queue.retryLater(m, message, Math.max(1, ((row.claimedUntil ?? now) - now) / 1000 + 1)); // someone is on it
        } else {
          seen.add(message.key);
          claimable.push({ m, message, row });
        }
      }
      const until = clock.now().getTime() + this.deps.holdSeconds * 1000;
      const together = await deliveries.claimMany(
        claimable.map((c) => c.row),
        this.deps.owner,
        until,
        clock.now(),
      );
      for (let i = 0; i < claimable.length; i++) {
        const { m, message, row } = claimable[i]!;
        if (!this.running) {
          if (together)
            await deliveries.settle(together[i]!, { status: 'queued', attempts: row.attempts }, clock.now());
          await this.handBack(m);
          continue;
        }
        const claimed = together ? together[i] : await deliveries.claim(row, this.deps.owner, until, clock.now());
        if (!claimed) {
          await queue.retryLater(m, message, 1); // another worker changed the row first; look again shortly
          continue;
        }
        await this.sendClaimed(m, message, claimed);
      }
    }
  }

  private async sendClaimed(m: ReceivedMessage, message: OutboxMessage, claimed: Delivery): Promise<void> {
    const { queue, deliveries, clock } = this.deps;
    const release = async (delaySeconds: number, why: string) => {
      await deliveries.settle(
        claimed,
        { status: 'queued', lastError: why, attempts: claimed.attempts - 1 },
        clock.now(),
      );
      await queue.retryLater(m, message, delaySeconds);
    };
    let content: OutboxContent;
    try {
      content = contentOf(message, this.deps.sealer);
    } catch (error) {
      await this.outcomes.poison(m, claimed, message, `cannot open: ${(error as Error).message}`.slice(0, 200));
      return;
    }
    const target = await this.resolveTarget(content);
    if (!target) {
      await deliveries.settle(claimed, { status: 'gone', lastError: 'no active chat with this person' }, clock.now());
      await queue.delete(m);
      return;
    }
    const card = await this.resolveCard(message.batch, content);
    if (!card) {
      await this.outcomes.poison(m, claimed, message, 'card template missing');
      return;
    }
    const conversationWait = this.deps.limiter.tryTake(target.conversationId);
    if (conversationWait > 0) {
      await release(conversationWait / 1000, 'conversation limit');
      return;
    }
    await this.deps.pause.pausedUntil(); // refresh the shared pause now, so no storage call sits between token and send
    // The token is taken last, just before the request, so storage latency cannot bunch requests up at Teams.
    await this.deps.bucket.take();
    const pausedUntil = this.deps.pause.cachedUntil();
    const now = clock.now().getTime();
    if (pausedUntil > now) {
      await release((pausedUntil - now + Math.random() * 1000) / 1000, 'paused');
      return;
    }
    const result = await this.send(target, card, content);
    await this.outcomes.record(m, message, content, claimed, result);
  }

  private send(target: ConversationRef, card: CardJson, content: OutboxContent): Promise<SendResult> {
    const op = content.op;
    return op.type === 'send'
      ? this.deps.messenger.sendCard(target, card, { replyToId: op.replyToId, summary: op.summary })
      : this.deps.messenger.updateCard(target, op.activityId, card);
  }

  private async resolveTarget(content: OutboxContent): Promise<ConversationRef | undefined> {
    if ('conversation' in content.to) return content.to.conversation;
    const user = await this.deps.conversations.findUser(content.to.user);
    return user?.status === 'active' ? user.ref : undefined;
  }

  private async resolveCard(batch: string, content: OutboxContent): Promise<CardJson | undefined> {
    const spec = content.op.card;
    if ('inline' in spec) return spec.inline;
    const template = await this.deps.cards.get(batch, spec.template);
    return template && expandCard(template, spec.data);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
