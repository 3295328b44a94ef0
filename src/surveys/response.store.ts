import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { QueueClient } from '@azure/storage-queue';
import { unlessRefused } from '../platform/storage';
import type { ResponseMessage } from './response-message';

/** A response message held for mixing. */
export interface HeldResponse {
  readonly messageId: string;
  readonly popReceipt: string;
  readonly text: string;
}

/** The `responses` queue: answers wait here, sealed and unlinked from anyone, until the mixer writes them. */
export class StorageResponseQueue {
  constructor(private readonly deps: { queue: QueueClient; poison: QueueClient }) {}

  /** Queues a sealed response (response-message.ts's `sealResponse`). */
  async add(sealedText: string): Promise<void> {
    // Never expire (the default is 7 days): an answer may wait for k others, or for a close up to 28 days away.
    await this.deps.queue.sendMessage(sealedText, { messageTimeToLive: -1 });
  }

  async take(max: number, holdSeconds: number): Promise<HeldResponse[]> {
    const r = await this.deps.queue.receiveMessages({
      numberOfMessages: Math.min(32, max),
      visibilityTimeout: holdSeconds,
    });
    return r.receivedMessageItems.map((m) => ({
      messageId: m.messageId,
      popReceipt: m.popReceipt,
      text: m.messageText,
    }));
  }

  async remove(held: HeldResponse): Promise<void> {
    await unlessRefused(this.deps.queue.deleteMessage(held.messageId, held.popReceipt), ['missing']);
  }

  /** Makes a held message visible again at once (not enough answers yet to mix). */
  async putBack(held: HeldResponse): Promise<void> {
    await unlessRefused(this.deps.queue.updateMessage(held.messageId, held.popReceipt, undefined, 0), ['missing']);
  }

  async poison(held: HeldResponse, reason: string): Promise<void> {
    // The poison copy keeps the reason only: a malformed response may hold anything, and is not kept.
    await this.deps.poison.sendMessage(JSON.stringify({ reason, at: new Date().toISOString() }));
    await this.remove(held);
  }
}

/** A wave's anonymous responses, as other features read them (results aggregates them, actions counts feedback). */
export interface AnonymousResponses {
  ofWave(wave: string): AsyncIterable<{ answers: Record<string, string>; about: Record<string, string> }>;
}

/**
 * Anonymous responses in the `responses` table: PartitionKey the wave, RowKey the response's random id, and the
 * answers (`a_<question id>`) and "about you" answers (`about_<field>`). Nothing else: no time of its own (its
 * Timestamp is its batch's write), no identity.
 */
export class TableResponseStore implements AnonymousResponses {
  constructor(private readonly table: TableClient) {}

  /** Writes one wave's mixed responses, in the order given, at most 100 per transaction (Azure's limit). */
  async write(wave: string, responses: readonly ResponseMessage[]): Promise<void> {
    // Transactions as equal as Azure's 100 allows (101 → 51 + 50, not 100 + 1): each transaction has a write time of
    // its own, and none should hold only a few of the batch.
    const parts = Math.ceil(responses.length / 100);
    for (let p = 0, start = 0; p < parts; p++) {
      const end = start + Math.ceil((responses.length - start) / (parts - p));
      const actions = responses
        .slice(start, end)
        .map((r): TransactionAction => ['upsert', toEntity(wave, r), 'Replace']);
      await this.table.submitTransaction(actions);
      start = end;
    }
  }

  /** Every response of a wave, for aggregation. */
  async *ofWave(wave: string): AsyncIterable<{ answers: Record<string, string>; about: Record<string, string> }> {
    for await (const e of this.table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${wave}` },
    })) {
      const answers: Record<string, string> = {};
      const about: Record<string, string> = {};
      for (const [k, v] of Object.entries(e)) {
        if (k.startsWith('a_')) answers[k.slice(2)] = String(v);
        else if (k.startsWith('about_')) about[k.slice(6)] = String(v);
      }
      yield { answers, about };
    }
  }
}

function toEntity(
  wave: string,
  r: ResponseMessage,
): { partitionKey: string; rowKey: string } & Record<string, unknown> {
  const entity: { partitionKey: string; rowKey: string } & Record<string, unknown> = {
    partitionKey: wave,
    rowKey: r.id,
  };
  for (const [q, value] of Object.entries(r.answers)) entity[`a_${q}`] = value;
  for (const [field, value] of Object.entries(r.about)) if (value) entity[`about_${field}`] = value;
  return entity;
}
