import { odata, type TableClient } from '@azure/data-tables';
import { unlessRefused } from '../platform/storage';
import { createIfAbsent, getRow } from '../platform/tables';
import type { WaveResult } from './result';

// A string property holds at most 32K characters (64 KiB of UTF-16): the JSON is split across numbered properties.
const CHUNK = 30_000;

/**
 * Results in the `results` table (PartitionKey survey id, RowKey wave id). The figures are written once and never
 * changed: a closed wave's figures are immutable, so successive digests cannot be subtracted from each other to
 * expose a late answer. Only `digestedAt` is added later, when a digest first carries the result.
 */
export class TableResultStore {
  constructor(private readonly table: TableClient) {}

  /** Stores a result unless one exists; returns the stored one either way (the first computation wins). */
  async putOnce(result: WaveResult): Promise<WaveResult> {
    const json = JSON.stringify(result);
    const entity: Record<string, unknown> = {
      partitionKey: result.surveyId,
      rowKey: result.waveId,
      closedAt: result.closedAt,
      chunks: Math.ceil(json.length / CHUNK),
    };
    for (let i = 0; i * CHUNK < json.length; i++) entity[`json_${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
    if ((await createIfAbsent(this.table, entity as { partitionKey: string; rowKey: string })) !== undefined)
      return result;
    return (await this.get(result.surveyId, result.waveId))!;
  }

  async get(surveyId: string, waveId: string): Promise<WaveResult | undefined> {
    const row = await getRow(this.table, surveyId, waveId);
    return row && fromEntity(row);
  }

  /**
   * Records that a digest carried the result, unless one already had: a conditional merge of `digestedAt` alone, so
   * two processes marking at once leave the first mark and never touch the figures.
   */
  async markDigested(surveyId: string, waveId: string, at: Date): Promise<void> {
    const row = await this.table.getEntity<{ digestedAt?: string }>(surveyId, waveId, {
      queryOptions: { select: ['digestedAt'] },
    });
    if (row.digestedAt) return;
    // Changed: another process marked it first.
    await unlessRefused(
      this.table.updateEntity({ partitionKey: surveyId, rowKey: waveId, digestedAt: at.toISOString() }, 'Merge', {
        etag: row.etag,
      }),
      ['changed'],
    );
  }

  /** Every stored result of a survey, oldest wave first (for trends). */
  async ofSurvey(surveyId: string): Promise<WaveResult[]> {
    const out: WaveResult[] = [];
    for await (const e of this.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${surveyId}` } }))
      out.push(fromEntity(e));
    return out.sort((a, b) => a.waveNumber - b.waveNumber);
  }
}

function fromEntity(e: Record<string, unknown>): WaveResult {
  let json = '';
  for (let i = 0; i < Number(e.chunks); i++) json += String(e[`json_${i}`] ?? '');
  const result = JSON.parse(json) as WaveResult;
  return typeof e.digestedAt === 'string' && e.digestedAt ? { ...result, digestedAt: e.digestedAt } : result;
}
