import { odata, type TableClient } from '@azure/data-tables';
import { MINUTE_MS } from '../platform/calendar/durations';
import { randomId } from '../platform/random';
import { isNotFound, isPreconditionFailed } from '../platform/storage';
import { deleteRows, keysWhere } from '../platform/table-rows';
import { getRow } from '../platform/tables';
import { LINK_MINUTES, type DownloadLink } from './download';

/** What a download request found: the link, now spent, or why it cannot be used. */
export type TakenLink =
  | { kind: 'taken'; link: DownloadLink; createdBy: string }
  | { kind: 'unknown' }
  | { kind: 'expired' | 'used'; link: DownloadLink; createdBy: string };

const PARTITION = 'download';
const TOKEN = /^[0-9a-f]{32}$/;

/**
 * Short-lived, single-use download links in the `exports` table (PartitionKey `download`, RowKey a random 128-bit
 * token). The first download spends a link (`usedAt`, by an ETag-guarded write), so of two at once only one is
 * served; the row stays until the retention job deletes it a day after it expired. Rows written before links had an
 * owner of their own carry `surveyId` and `waveId` instead of `subject`: their `waveId` is read as the subject (a wave
 * id for results links, the quarter's start for NGO links), so they keep working until they expire.
 */
export class TableDownloadLinkStore {
  constructor(private readonly table: TableClient) {}

  /** A new link for `createdBy` (who asked, already checked for the role), valid for LINK_MINUTES from `now`. */
  async create(
    link: Omit<DownloadLink, 'expiresAt'>,
    createdBy: string,
    now: Date,
  ): Promise<{ token: string; expiresAt: string }> {
    const token = randomId(16);
    const expiresAt = new Date(now.getTime() + LINK_MINUTES * MINUTE_MS).toISOString();
    await this.table.createEntity({
      partitionKey: PARTITION,
      rowKey: token,
      kind: link.kind,
      subject: link.subject,
      expiresAt,
      createdBy,
    });
    return { token, expiresAt };
  }

  /**
   * Spends the link if it is one of `kinds`, unexpired and unused. Links of other kinds are `unknown` here and left
   * as they are (nothing offers them).
   */
  async take(token: string, kinds: readonly string[], now: Date): Promise<TakenLink> {
    if (!TOKEN.test(token)) return { kind: 'unknown' };
    const e = await getRow<Record<string, string>>(this.table, PARTITION, token);
    if (!e) return { kind: 'unknown' };
    const link: DownloadLink = { kind: e.kind ?? '', subject: e.subject ?? e.waveId ?? '', expiresAt: e.expiresAt! };
    const createdBy = e.createdBy ?? '';
    if (!kinds.includes(link.kind)) return { kind: 'unknown' };
    if (link.expiresAt <= now.toISOString()) return { kind: 'expired', link, createdBy };
    if (e.usedAt) return { kind: 'used', link, createdBy };
    try {
      await this.table.updateEntity({ partitionKey: PARTITION, rowKey: token, usedAt: now.toISOString() }, 'Merge', {
        etag: e.etag,
      });
    } catch (error) {
      if (isPreconditionFailed(error)) return { kind: 'used', link, createdBy }; // another request took it a moment ago
      if (isNotFound(error)) return { kind: 'unknown' };
      throw error;
    }
    return { kind: 'taken', link, createdBy };
  }

  /** Deletes links that expired before `cutoff`, old rows included. Returns how many. */
  async deleteExpiredBefore(cutoff: Date): Promise<number> {
    return deleteRows(
      this.table,
      await keysWhere(this.table, odata`PartitionKey eq ${PARTITION} and expiresAt lt ${cutoff.toISOString()}`),
    );
  }
}
