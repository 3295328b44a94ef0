import type { QueueClient } from '@azure/storage-queue';
import { SECOND_MS, WEEK_MS } from '../platform/calendar/durations';
import { unlessRefused } from '../platform/storage';
import type { OutboxMessage } from './outbox-message';

/** A message taken from the outbox, invisible to other workers until its visibility timeout ends. */
export interface ReceivedMessage {
  readonly id: string;
  readonly popReceipt: string;
  readonly text: string;
  readonly dequeueCount: number;
}

// Azure Storage Queues cap a visibility delay at 7 days.
const MAX_DELAY_SECONDS = WEEK_MS / SECOND_MS;

/** The `outbox` queue and its poison twin. */
export class StorageOutboxQueue {
  constructor(private readonly deps: { queue: QueueClient; poison: QueueClient }) {}

  async send(message: OutboxMessage, delaySeconds = 0): Promise<void> {
    await this.deps.queue.sendMessage(JSON.stringify(message), { visibilityTimeout: clampDelay(delaySeconds) });
  }

  async receive(max: number, visibilitySeconds: number): Promise<ReceivedMessage[]> {
    const response = await this.deps.queue.receiveMessages({
      numberOfMessages: Math.min(32, Math.max(1, max)),
      visibilityTimeout: visibilitySeconds,
    });
    return response.receivedMessageItems.map((m) => ({
      id: m.messageId,
      popReceipt: m.popReceipt,
      text: m.messageText,
      dequeueCount: m.dequeueCount,
    }));
  }

  async delete(m: ReceivedMessage): Promise<void> {
    // Missing: it was already deleted, or our hold expired and another worker has it. Either way nothing to do here.
    await unlessRefused(this.deps.queue.deleteMessage(m.id, m.popReceipt), ['missing']);
  }

  /** Puts a message back with new content, visible again after `delaySeconds`: a retry without sleeping. */
  async retryLater(m: ReceivedMessage, message: OutboxMessage, delaySeconds: number): Promise<void> {
    await unlessRefused(
      this.deps.queue.updateMessage(m.id, m.popReceipt, JSON.stringify(message), clampDelay(delaySeconds)),
      ['missing'],
    );
  }

  /** Moves a message to the poison queue with the reason, then removes it from the outbox. */
  async poison(m: ReceivedMessage, reason: string): Promise<void> {
    await this.deps.poison.sendMessage(
      JSON.stringify({ reason, at: new Date().toISOString(), message: m.text.slice(0, 60_000) }),
    );
    await this.delete(m);
  }

  /** What the poison queue holds (for operators and tests); does not remove anything. */
  async peekPoison(max = 32): Promise<{ reason: string; message: string }[]> {
    const r = await this.deps.poison.peekMessages({ numberOfMessages: Math.min(32, max) });
    return r.peekedMessageItems.map((m) => JSON.parse(m.messageText) as { reason: string; message: string });
  }

  /** Approximate number of messages waiting (visible or delayed). */
  async approximateCount(): Promise<number> {
    return (await this.deps.queue.getProperties()).approximateMessagesCount ?? 0;
  }
}

function clampDelay(seconds: number): number {
  return Math.max(0, Math.min(MAX_DELAY_SECONDS, Math.ceil(seconds)));
}
