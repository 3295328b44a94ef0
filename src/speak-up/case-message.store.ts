import { odata, type TableClient } from '@azure/data-tables';
import type { Sealer } from '../platform/crypto';
import type { ResealCounts } from '../platform/reseal';
import { isNotFound, isPreconditionFailed } from '../platform/storage';
import { createIfAbsent } from '../platform/tables';

/** Who wrote a case message. Reporters are never named here; guardians are. */
export type MessageFrom = 'reporter' | 'guardian' | 'system';
/** What kind of message: the concern, a relayed reply or question, an internal note, a status change, the outcome. */
export type MessageKind = 'concern' | 'reply' | 'question' | 'note' | 'status' | 'outcome' | 'feedback';

export interface CaseMessage {
  readonly seq: number;
  readonly from: MessageFrom;
  readonly kind: MessageKind;
  readonly guardianName?: string;
  readonly text: string;
  readonly at: string;
}

/**
 * `case-messages` (PartitionKey the case reference, RowKey a zero-padded sequence): the case's story, each text
 * sealed with the speak-up key and bound to its case and sequence number. The value names its key, so after a
 * rotation old texts open with the previous key until the re-seal job has moved them (`reseal`).
 */
export class TableCaseMessageStore {
  constructor(private readonly deps: { table: TableClient; sealer: Sealer }) {}

  /** Appends a message with the next sequence number; `idempotencyKey` makes a retried append a no-op. */
  async append(caseRef: string, message: Omit<CaseMessage, 'seq'>, idempotencyKey?: string): Promise<CaseMessage> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const existing = await this.list(caseRef);
      if (idempotencyKey) {
        const done = existing.find((m) => m.key === idempotencyKey);
        if (done) return done.message;
      }
      const seq = existing.length + 1;
      const rowKey = String(seq).padStart(6, '0');
      const row = {
        partitionKey: caseRef,
        rowKey,
        from: message.from,
        kind: message.kind,
        guardianName: message.guardianName ?? '',
        text: this.deps.sealer.seal(message.text, `${caseRef}/${rowKey}`),
        at: message.at,
        key: idempotencyKey ?? '',
      };
      if ((await createIfAbsent(this.deps.table, row)) !== undefined) return { ...message, seq };
      // It exists: someone appended at the same moment, so take the next number.
    }
    throw new Error(`Speak up: could not append to ${caseRef}`);
  }

  async messages(caseRef: string): Promise<CaseMessage[]> {
    return (await this.list(caseRef)).map((m) => m.message);
  }

  private async list(caseRef: string): Promise<{ key: string; message: CaseMessage }[]> {
    const out: { key: string; message: CaseMessage }[] = [];
    for await (const e of this.deps.table.listEntities<Record<string, string>>({
      queryOptions: { filter: odata`PartitionKey eq ${caseRef}` },
    })) {
      out.push({
        key: e.key ?? '',
        message: {
          seq: Number(e.rowKey),
          from: e.from as MessageFrom,
          kind: e.kind as MessageKind,
          guardianName: e.guardianName || undefined,
          text: this.deps.sealer.open(e.text!, `${caseRef}/${e.rowKey}`),
          at: e.at!,
        },
      });
    }
    return out.sort((a, b) => a.message.seq - b.message.seq);
  }

  /** The re-seal job's part: every message text not sealed under the current key, opened and sealed again under it. */
  async reseal(): Promise<ResealCounts> {
    const counts = { checked: 0, resealed: 0, left: 0 };
    for await (const e of this.deps.table.listEntities<{ text?: string }>({
      queryOptions: { select: ['PartitionKey', 'RowKey', 'text'] },
    })) {
      if (!e.text) continue;
      counts.checked++;
      if (this.deps.sealer.isCurrent(e.text)) continue;
      const context = `${e.partitionKey}/${e.rowKey}`;
      let text: string;
      try {
        text = this.deps.sealer.seal(this.deps.sealer.open(e.text, context), context);
      } catch {
        counts.left++; // no configured key opens it: it stays as it is, and says so in the counts
        continue;
      }
      try {
        await this.deps.table.updateEntity({ partitionKey: e.partitionKey!, rowKey: e.rowKey!, text }, 'Merge', {
          etag: e.etag,
        });
        counts.resealed++;
      } catch (error) {
        if (isNotFound(error)) continue; // purged meanwhile
        if (!isPreconditionFailed(error)) throw error;
        counts.left++; // changed meanwhile: the next run moves it
      }
    }
    return counts;
  }
}
