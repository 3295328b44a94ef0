import { odata, type TableClient } from '@azure/data-tables';
import type { Sealer } from '../platform/crypto';
import type { ConversationRef } from '../platform/conversation-ref';
import { isConflict, isNotFound } from '../platform/storage';

/** Who raised a case and how to reach them. Only the relay reads this. */
export interface Reporter {
  readonly aadObjectId: string;
  readonly name?: string;
  readonly ref: ConversationRef;
}

const ROW = 'reporter';
const TAG_PURPOSE = 'speak-up reporter';

/**
 * `case-reporters` (PartitionKey the case reference, RowKey `reporter`): the reporter's identity and conversation
 * reference, sealed with the speak-up key (AES-256-GCM, bound to the case reference). "My cases" needs a way back
 * from a person to their cases without storing who they are: a row under a keyed tag of their id (PartitionKey
 * `r-<HMAC>`, RowKey the reference), which means nothing without the key.
 */
export class TableCaseReporterStore {
  constructor(private readonly deps: { table: TableClient; sealer: Sealer }) {}

  /** Records the reporter of a case. Safe to repeat (a retried raise). */
  async put(caseRef: string, reporter: Reporter): Promise<void> {
    const sealed = this.deps.sealer.seal(JSON.stringify(reporter), caseRef);
    for (const entity of [
      { partitionKey: caseRef, rowKey: ROW, identity: sealed },
      { partitionKey: this.partitionOf(reporter.aadObjectId), rowKey: caseRef },
    ]) {
      try {
        await this.deps.table.createEntity(entity);
      } catch (e) {
        if (!isConflict(e)) throw e;
      }
    }
  }

  async get(caseRef: string): Promise<Reporter | undefined> {
    try {
      const e = await this.deps.table.getEntity<{ identity: string }>(caseRef, ROW);
      return JSON.parse(this.deps.sealer.open(e.identity, caseRef)) as Reporter;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** The references of the cases a person raised. */
  async casesOf(aadObjectId: string): Promise<string[]> {
    const out: string[] = [];
    for await (const e of this.deps.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${this.partitionOf(aadObjectId)}` } })) out.push(String(e.rowKey));
    return out.sort();
  }

  private partitionOf(aadObjectId: string): string {
    return `r-${this.deps.sealer.tag(aadObjectId.toLowerCase(), TAG_PURPOSE)}`;
  }
}
