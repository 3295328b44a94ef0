import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { QueueClient } from '@azure/storage-queue';
import { unlessRefused } from '../platform/storage';
import type { ResponseMessage, ResponseQueueKind } from './response-message';

/** A response message held for mixing. */
export interface HeldResponse {
  readonly messageId: string;
  readonly popReceipt: string;
  readonly text: string;
}

/**
 * The `responses` queue (or actions' `feedback` queue, `kind`): answers wait here, sealed for this queue and unlinked
 * from anyone, until the mixer writes them.
 */
export class StorageResponseQueue {
  constructor(private readonly deps: { queue: QueueClient; poison: QueueClient; kind?: ResponseQueueKind }) {}

  /** Which queue this is: what is sealed for it opens nowhere else (response-message.ts). */
  get kind(): ResponseQueueKind {
    return this.deps.kind ?? 'responses';
  }

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

  /**
   * Which of `ids` already have a row in the wave: read as the whole partition's row keys (nothing else), so the
   * request log shows a read of the wave, never a response id.
   */
  async existing(wave: string, ids: Iterable<string>): Promise<Set<string>> {
    const wanted = new Set(ids);
    const found = new Set<string>();
    if (wanted.size === 0) return found;
    for await (const e of this.table.listEntities<{ rowKey: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${wave}`, select: ['RowKey'] },
    }))
      if (wanted.has(e.rowKey!)) found.add(e.rowKey!);
    return found;
  }

  /**
   * Writes one wave's mixed responses, in the order given, at most 100 per transaction (Azure's limit). Rows are
   * created, never replaced: a transaction that meets a row already written fails whole, so no write rewrites a row
   * (which would move it into this batch's write time) or adds fewer rows than it was given.
   */
  async write(wave: string, responses: readonly ResponseMessage[]): Promise<void> {
    // Transactions as equal as Azure's 100 allows (101 → 51 + 50, not 100 + 1): each transaction has a write time of
    // its own, and none should hold only a few of the batch.
    const parts = Math.ceil(responses.length / 100);
    for (let p = 0, start = 0; p < parts; p++) {
      const end = start + Math.ceil((responses.length - start) / (parts - p));
      const actions = responses.slice(start, end).map((r): TransactionAction => ['create', toEntity(wave, r)]);
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
