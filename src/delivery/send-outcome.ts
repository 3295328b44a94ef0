import { assertNever } from '../platform/assert';
import type { SendResult } from '../platform/teams/messenger';
import type { Clock } from '../platform/clock';
import type { Log } from '../platform/log';
import type { TableConversationStore } from './conversation.store';
import type { Delivery, TableDeliveryStore } from './delivery.store';
import type { OutboxContent, OutboxMessage } from './outbox-message';
import type { ReceivedMessage, StorageOutboxQueue } from './outbox.store';
import type { TableSendPause } from './pause.store';
import { retryDelayMs } from './rate-limit';

/**
 * What a send's outcome means for its delivery row and queue message: sent (settled, deleted), throttled (everyone
 * pauses; not counted as an attempt), recipient gone (their conversation marked, settled), failed (retried later with
 * a back-off, or poisoned when it cannot succeed). The dispatcher sends; this records.
 */
export class OutcomeRecorder {
  constructor(
    private readonly deps: {
      queue: StorageOutboxQueue;
      deliveries: TableDeliveryStore;
      pause: TableSendPause;
      conversations: TableConversationStore;
      clock: Clock;
      log: Log;
      /** This process, as named in claims. */
      owner: string;
      maxAttempts: number;
    },
  ) {}

  async record(
    m: ReceivedMessage,
    message: OutboxMessage,
    content: OutboxContent,
    claimed: Delivery,
    result: SendResult,
  ): Promise<void> {
    const { queue, deliveries, clock, log } = this.deps;
    const failedAttempts = message.attempts + 1;
    switch (result.kind) {
      case 'sent':
        if (!(await deliveries.settle(claimed, { status: 'sent', activityId: result.activityId }, clock.now()))) {
          // Our hold ran out mid-send and another worker took the row over: it may send again. Worth knowing.
          log.warn({ batch: message.batch, kind: message.kind }, 'sent, but the claim had been taken over');
        }
        await queue.delete(m);
        return;
      case 'throttled': {
        // Not the message's fault: it does not count as a failed attempt.
        const until = clock.now().getTime() + result.retryAfterMs;
        await this.deps.pause.pauseUntil(until);
        await deliveries.settle(
          claimed,
          { status: 'queued', lastError: `throttled ${result.retryAfterMs} ms`, attempts: claimed.attempts - 1 },
          clock.now(),
        );
        await queue.retryLater(
          m,
          { ...message, throttles: message.throttles + 1 },
          (result.retryAfterMs + Math.random() * 1000) / 1000,
        );
        log.info({ retryAfterMs: result.retryAfterMs }, 'throttled by Teams: sending paused');
        return;
      }
      case 'recipient-gone':
        await this.markGone(content, result.reason);
        await deliveries.settle(claimed, { status: 'gone', lastError: result.reason }, clock.now());
        await queue.delete(m);
        return;
      case 'failed':
        if (!result.retryable || failedAttempts >= this.deps.maxAttempts) {
          await this.poison(
            m,
            claimed,
            message,
            `${result.retryable ? `gave up after ${failedAttempts} attempts` : 'not retryable'}: ${result.reason}`,
          );
          return;
        }
        await deliveries.settle(claimed, { status: 'queued', lastError: result.reason }, clock.now());
        await queue.retryLater(m, { ...message, attempts: failedAttempts }, retryDelayMs(failedAttempts) / 1000);
        return;
      default:
        assertNever(result);
    }
  }

  async poison(m: ReceivedMessage, row: Delivery, message: OutboxMessage, reason: string): Promise<void> {
    const claimed =
      row.status === 'sending' && row.claimedBy === this.deps.owner
        ? row
        : await this.deps.deliveries.claim(row, this.deps.owner, 0, this.deps.clock.now());
    if (claimed)
      await this.deps.deliveries.settle(
        claimed,
        { status: 'failed', lastError: reason.slice(0, 500) },
        this.deps.clock.now(),
      );
    this.deps.log.warn({ batch: message.batch, kind: message.kind, reason }, 'outbox message poisoned');
    await this.deps.queue.poison(m, reason);
  }

  private async markGone(message: OutboxContent, reason: 'blocked' | 'not-found'): Promise<void> {
    const status = reason === 'blocked' ? 'blocked' : 'gone';
    const at = this.deps.clock.now();
    if ('user' in message.to) await this.deps.conversations.setStatus('user', message.to.user, status, at);
    else if (message.to.conversation.kind === 'channel')
      await this.deps.conversations.setStatus('channel', message.to.conversation.conversationId, status, at);
    else if (message.to.conversation.kind === 'groupChat')
      await this.deps.conversations.setStatus('chat', message.to.conversation.conversationId, status, at);
  }
}
