import type { TableClient } from '@azure/data-tables';
import type { Sealer } from '../platform/crypto';
import type { ConversationRef } from '../platform/conversation-ref';
import { isConflict, isNotFound, isPreconditionFailed } from '../platform/storage';

/** Who raised a case and how to reach them. Only the relay reads this. */
export interface Reporter {
  readonly aadObjectId: string;
  readonly name?: string;
  readonly ref: ConversationRef;
}

const ROW = 'reporter';
const MINE = 'mine';
const TAG_PURPOSE = 'speak-up reporter';

/**
 * `casereporters` (PartitionKey the case reference, RowKey `reporter`): the reporter's identity and conversation
 * reference, sealed with the speak-up key (AES-256-GCM, bound to the case reference). "My cases" needs a way back
 * from a person to their cases without storing who they are, and without showing which cases share a reporter: one
 * row per person (PartitionKey `mine`, RowKey a keyed HMAC of their id) holding their case references, sealed.
 */
export class TableCaseReporterStore {
  constructor(private readonly deps: { table: TableClient; sealer: Sealer }) {}

  /** Records the reporter of a case. Safe to repeat (a retried raise). */
  async put(caseRef: string, reporter: Reporter): Promise<void> {
    try {
      await this.deps.table.createEntity({ partitionKey: caseRef, rowKey: ROW, identity: this.deps.sealer.seal(JSON.stringify(reporter), caseRef) });
    } catch (e) {
      if (!isConflict(e)) throw e;
    }
    const tag = this.tagOf(reporter.aadObjectId);
    for (let attempt = 0; attempt < 10; attempt++) {
      const mine = await this.mine(tag);
      if (mine.refs.includes(caseRef)) return;
      const row = { partitionKey: MINE, rowKey: tag, refs: this.deps.sealer.seal(JSON.stringify([...mine.refs, caseRef]), tag) };
      try {
        if (mine.etag) await this.deps.table.updateEntity(row, 'Replace', { etag: mine.etag });
        else await this.deps.table.createEntity(row);
        return;
      } catch (e) {
        // The same person raised another case at that moment, or the retention job deleted their emptied row.
        if (!isConflict(e) && !isPreconditionFailed(e) && !isNotFound(e)) throw e;
      }
    }
    throw new Error('Speak up: could not record the case under its reporter');
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

  /**
   * Removes a case's reporter: first the case from its person's `mine` list (the row itself once the list is empty),
   * then the `reporter` row, so a run interrupted between the two still knows whose list to fix. Safe to repeat.
   */
  async forget(caseRef: string): Promise<void> {
    const reporter = await this.get(caseRef);
    if (reporter) await this.removeFromMine(this.tagOf(reporter.aadObjectId), caseRef);
    try {
      await this.deps.table.deleteEntity(caseRef, ROW);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** The references of the cases a person raised. */
  async casesOf(aadObjectId: string): Promise<string[]> {
    return [...(await this.mine(this.tagOf(aadObjectId))).refs].sort();
  }

  private async removeFromMine(tag: string, caseRef: string): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const mine = await this.mine(tag);
      if (!mine.etag || !mine.refs.includes(caseRef)) return;
      const rest = mine.refs.filter((r) => r !== caseRef);
      try {
        if (rest.length === 0) await this.deps.table.deleteEntity(MINE, tag, { etag: mine.etag });
        else await this.deps.table.updateEntity({ partitionKey: MINE, rowKey: tag, refs: this.deps.sealer.seal(JSON.stringify(rest), tag) }, 'Replace', { etag: mine.etag });
        return;
      } catch (e) {
        if (!isPreconditionFailed(e) && !isNotFound(e)) throw e; // changed at that moment (a raise, another purge): read again
      }
    }
    throw new Error('Speak up: could not remove a case from its reporter\'s list');
  }

  private async mine(tag: string): Promise<{ refs: string[]; etag?: string }> {
    try {
      const e = await this.deps.table.getEntity<{ refs: string }>(MINE, tag);
      return { refs: JSON.parse(this.deps.sealer.open(e.refs, tag)) as string[], etag: e.etag };
    } catch (e) {
      if (isNotFound(e)) return { refs: [] };
      throw e;
    }
  }

  private tagOf(aadObjectId: string): string {
    return this.deps.sealer.tag(aadObjectId.toLowerCase(), TAG_PURPOSE);
  }
}
