import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { QueueClient } from '@azure/storage-queue';
import type { Sealer } from '../../platform/crypto';
import { unlessRefused } from '../../platform/storage';
import type { Log } from '../../platform/log';
import type { ResponseMessage, ResponseQueueKind } from './response-message';
import { equalParts, readRow, sealedRow, type ResponseEntity, type StoredAnswers } from './response-row';

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
  ofWave(wave: string): AsyncIterable<StoredAnswers>;
}

/** How a store of responses seals its rows, and whether it still reads rows from before sealing. */
export interface ResponseRowFormat {
  /** The table's role in the row's sealing context (`responses` or `feedback`): a row copied across does not open. */
  readonly name: string;
  readonly keys: Sealer;
  /** True until the migration has sealed every plain row (response-seal.service.ts); asked only when one is met. */
  plainAccepted(): Promise<boolean>;
  readonly log: Log;
}

/**
 * Anonymous responses in the `responses` table (and actions' `feedback` table): PartitionKey the wave, RowKey the
 * response's random id, and one sealed value holding the answers and "about you" answers (response-row.ts). Nothing
 * else: no time of its own (its Timestamp is its batch's write), no identity, nothing readable without the key.
 */
export class TableResponseStore implements AnonymousResponses {
  constructor(
    private readonly table: TableClient,
    private readonly format: ResponseRowFormat,
  ) {}

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
   * Writes one wave's mixed responses, sealed, in the order given, at most 100 per transaction (Azure's limit). Rows are
   * created, never replaced: a transaction that meets a row already written fails whole, so no write rewrites a row
   * (which would move it into this batch's write time) or adds fewer rows than it was given.
   */
  async write(wave: string, responses: readonly ResponseMessage[]): Promise<void> {
    const { name, keys } = this.format;
    // Transactions as equal as Azure's 100 allows (101 → 51 + 50, not 100 + 1): each transaction has a write time of
    // its own, and none should hold only a few of the batch.
    for (const part of equalParts(responses)) {
      const actions = part.map((r): TransactionAction => ['create', sealedRow(name, wave, r.id, r, keys)]);
      await this.table.submitTransaction(actions);
    }
  }

  /**
   * Every response of a wave, opened in the app, for aggregation. A row that does not open (another key, another
   * place, altered), or a plain row once the migration is complete, is left out and counted in a warning: only what
   * the app sealed for this place is counted, so nobody who can write to the table can add responses.
   */
  async *ofWave(wave: string): AsyncIterable<StoredAnswers> {
    const { name, keys } = this.format;
    let plainAccepted: boolean | undefined;
    const skipped = { unreadable: 0, plain: 0 };
    for await (const e of this.table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${wave}` },
    })) {
      const row = readRow(name, e as ResponseEntity, keys);
      if (row.kind === 'unreadable') skipped.unreadable++;
      else if (row.kind === 'sealed') yield row.response;
      else if ((plainAccepted ??= await this.format.plainAccepted())) yield row.response;
      else skipped.plain++;
    }
    if (skipped.unreadable + skipped.plain > 0)
      this.format.log.warn(
        { table: name, wave, ...skipped },
        'stored responses left out: not sealed by the app for here',
      );
  }
}
