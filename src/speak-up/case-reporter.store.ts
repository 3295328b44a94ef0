import { odata, type TableClient } from '@azure/data-tables';
import type { SpeakUpKeys } from '../platform/crypto';
import type { ConversationRef } from '../platform/conversation-ref';
import type { ResealCounts } from '../platform/reseal';
import { isNotFound, isPreconditionFailed, storageStatus, unlessRefused } from '../platform/storage';
import { createIfAbsent, getRow } from '../platform/tables';

/** Who raised a case and how to reach them. Only the relay reads this. */
export interface Reporter {
  readonly aadObjectId: string;
  readonly name?: string;
  readonly ref: ConversationRef;
}

const ROW = 'reporter';
const MINE = 'mine';
const TAG_PURPOSE = 'speak-up reporter';

/** One person's `mine` row as found under one of their tags. */
interface MineRow {
  readonly tag: string;
  readonly refs: string[];
  readonly sealed: string;
  readonly etag: string;
}

/**
 * `casereporters` (PartitionKey the case reference, RowKey `reporter`): the reporter's identity and conversation
 * reference, sealed with the speak-up key (AES-256-GCM, bound to the case reference). "My cases" needs a way back
 * from a person to their cases without storing who they are, and without showing which cases share a reporter: one
 * row per person (PartitionKey `mine`, RowKey a keyed HMAC of their id) holding their case references, sealed.
 *
 * The tag depends on the key. During a rotation a person's list is looked up under their tag for every configured key
 * (current first, the lists joined), and every write puts the list under the current key's tag and then deletes
 * the others; the re-seal job (`reseal`) does the same for lists nobody has touched.
 */
export class TableCaseReporterStore {
  constructor(private readonly deps: { table: TableClient; sealer: SpeakUpKeys }) {}

  /** Records the reporter of a case. Safe to repeat (a retried raise). */
  async put(caseRef: string, reporter: Reporter): Promise<void> {
    await createIfAbsent(this.deps.table, {
      partitionKey: caseRef,
      rowKey: ROW,
      identity: this.deps.sealer.seal(JSON.stringify(reporter), caseRef),
    });
    const tags = this.tagsOf(reporter.aadObjectId);
    for (let attempt = 0; attempt < 10; attempt++) {
      const rows = await this.mine(tags);
      const refs = refsOf(rows);
      if (refs.includes(caseRef)) return;
      // The same person raised another case at that moment, or the retention job deleted their emptied row.
      if (await this.writeMine(tags, [...refs, caseRef], rows)) return;
    }
    throw new Error('Speak up: could not record the case under its reporter');
  }

  async get(caseRef: string): Promise<Reporter | undefined> {
    const e = await getRow<{ identity: string }>(this.deps.table, caseRef, ROW);
    return e && (JSON.parse(this.deps.sealer.open(e.identity, caseRef)) as Reporter);
  }

  /**
   * Removes a case's reporter: first the case from its person's `mine` list (the row itself once the list is empty),
   * then the `reporter` row, so a run interrupted between the two still knows whose list to fix. Safe to repeat.
   */
  async forget(caseRef: string): Promise<void> {
    const reporter = await this.get(caseRef);
    if (reporter) await this.removeFromMine(this.tagsOf(reporter.aadObjectId), caseRef);
    await unlessRefused(this.deps.table.deleteEntity(caseRef, ROW), ['missing']);
  }

  /** The references of the cases a person raised. */
  async casesOf(aadObjectId: string): Promise<string[]> {
    return refsOf(await this.mine(this.tagsOf(aadObjectId))).sort();
  }

  /**
   * The re-seal job's part: each reporter's identity sealed again under the current key, and each `mine` list not
   * yet under it moved to the current key's tag (whose list it is comes from the identity of one of its cases).
   */
  async reseal(): Promise<ResealCounts> {
    const counts = { checked: 0, resealed: 0, left: 0 };
    const reporters = this.deps.table.listEntities<{ identity?: string }>({
      queryOptions: { filter: odata`RowKey eq ${ROW}` },
    });
    for await (const e of reporters) {
      if (!e.identity) continue;
      counts.checked++;
      if (this.deps.sealer.isCurrent(e.identity)) continue;
      let identity: string;
      try {
        identity = this.deps.sealer.seal(this.deps.sealer.open(e.identity, e.partitionKey!), e.partitionKey!);
      } catch {
        counts.left++; // no configured key opens it
        continue;
      }
      try {
        await this.deps.table.updateEntity({ partitionKey: e.partitionKey!, rowKey: ROW, identity }, 'Merge', {
          etag: e.etag,
        });
        counts.resealed++;
      } catch (error) {
        if (isNotFound(error)) continue;
        if (!isPreconditionFailed(error)) throw error;
        counts.left++;
      }
    }
    for await (const e of this.deps.table.listEntities<{ refs?: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${MINE}` },
    })) {
      counts.checked++;
      if (e.refs && this.deps.sealer.isCurrent(e.refs)) continue; // every write since the rotation is under the current tag
      const moved = await this.moveMine(e.rowKey!, e.refs ?? '');
      if (moved === 'moved') counts.resealed++;
      else if (moved === 'left') counts.left++;
    }
    return counts;
  }

  /** Moves the `mine` row found under `tag` to its owner's current tag; its owner is the reporter of any of its cases. */
  private async moveMine(tag: string, sealed: string): Promise<'moved' | 'left' | 'gone'> {
    let refs: string[];
    try {
      refs = JSON.parse(this.deps.sealer.open(sealed, tag)) as string[];
    } catch {
      return 'left';
    }
    for (const ref of refs) {
      const reporter = await this.get(ref).catch((e: unknown) => {
        if (storageStatus(e) === undefined) return undefined; // sealed under no configured key: try another case
        throw e;
      });
      if (!reporter) continue;
      const tags = this.tagsOf(reporter.aadObjectId);
      if (!tags.includes(tag)) return 'left';
      for (let attempt = 0; attempt < 5; attempt++) {
        const rows = await this.mine(tags);
        if (!rows.some((r) => r.tag !== tags[0] || !this.deps.sealer.isCurrent(r.sealed))) return 'gone'; // moved meanwhile (a raise, another run)
        if (await this.writeMine(tags, refsOf(rows), rows)) return 'moved';
      }
      return 'left';
    }
    return 'left';
  }

  private async removeFromMine(tags: string[], caseRef: string): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const rows = await this.mine(tags);
      const refs = refsOf(rows);
      if (!refs.includes(caseRef)) return;
      // Changed at that moment (a raise, another purge): read again.
      if (
        await this.writeMine(
          tags,
          refs.filter((r) => r !== caseRef),
          rows,
        )
      )
        return;
    }
    throw new Error("Speak up: could not remove a case from its reporter's list");
  }

  /** A person's `mine` rows, under each of their tags (normally one; two or more only during a rotation). */
  private async mine(tags: readonly string[]): Promise<MineRow[]> {
    const found = await Promise.all(
      tags.map(async (tag) => {
        const e = await getRow<{ refs: string }>(this.deps.table, MINE, tag);
        return (
          e && { tag, refs: JSON.parse(this.deps.sealer.open(e.refs, tag)) as string[], sealed: e.refs, etag: e.etag }
        );
      }),
    );
    return found.filter((r): r is MineRow => r !== undefined);
  }

  /**
   * Writes a person's list under their current tag, sealed under the current key (an empty list deletes it), then
   * deletes their rows under other tags. Every step is conditional on what was read; false when something changed
   * (the caller reads again). Stopped between the steps, both rows stay: lookups take the union, and the next write
   * finishes the move.
   */
  private async writeMine(
    tags: readonly string[],
    refs: readonly string[],
    rows: readonly MineRow[],
  ): Promise<boolean> {
    const current = rows.find((r) => r.tag === tags[0]);
    const row = {
      partitionKey: MINE,
      rowKey: tags[0]!,
      refs: this.deps.sealer.seal(JSON.stringify([...new Set(refs)]), tags[0]!),
    };
    const write = async () => {
      if (refs.length > 0)
        await (current
          ? this.deps.table.updateEntity(row, 'Replace', { etag: current.etag })
          : this.deps.table.createEntity(row));
      else if (current) await this.deps.table.deleteEntity(MINE, current.tag, { etag: current.etag });
      for (const old of rows.filter((r) => r !== current))
        await unlessRefused(this.deps.table.deleteEntity(MINE, old.tag, { etag: old.etag }), ['missing']);
      return true;
    };
    return (await unlessRefused(write(), ['exists', 'changed', 'missing'])) ?? false;
  }

  private tagsOf(aadObjectId: string): string[] {
    return this.deps.sealer.tags(aadObjectId.toLowerCase(), TAG_PURPOSE);
  }
}

const refsOf = (rows: readonly MineRow[]): string[] => [...new Set(rows.flatMap((r) => r.refs))];
