import type { TableClient } from '@azure/data-tables';
import { isNotFound } from '../platform/storage';

/** What a download link gives: a wave's result CSV or its NQPS return. */
export interface DownloadLink {
  readonly surveyId: string;
  readonly waveId: string;
  readonly kind: 'results' | 'nqps' | 'ngo';
  readonly expiresAt: string;
}

const PARTITION = 'download';

/**
 * Short-lived download links in the `exports` table (PartitionKey `download`, RowKey a random 128-bit token). A link
 * names a stored, privacy-safe result; the CSV is made from it on download, so no file sits in storage.
 */
export class TableExportStore {
  constructor(private readonly table: TableClient) {}

  async create(token: string, link: DownloadLink, createdBy: string): Promise<void> {
    await this.table.createEntity({ partitionKey: PARTITION, rowKey: token, ...link, createdBy });
  }

  async get(token: string): Promise<DownloadLink | undefined> {
    try {
      const e = await this.table.getEntity<Record<string, string>>(PARTITION, token);
      return { surveyId: e.surveyId!, waveId: e.waveId!, kind: e.kind as DownloadLink['kind'], expiresAt: e.expiresAt! };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }
}
