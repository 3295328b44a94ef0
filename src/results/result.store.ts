import { odata, type TableClient } from '@azure/data-tables';
import { unlessRefused } from '../platform/storage';
import { createIfAbsent, getRow } from '../platform/tables';
import type { TeamResult } from './figures';
import type { WaveResult } from './result';

// A string property holds at most 32K characters (64 KiB of UTF-16): the JSON is split across numbered properties.
const CHUNK = 30_000;

/**
 * Results in the `results` table (PartitionKey survey id, RowKey wave id). The figures are written once and never
 * changed: a closed wave's figures are immutable, so successive digests cannot be subtracted from each other to
 * expose a late answer. Only two times are added later, each once: `digestedAt` (when a digest first carries the
 * result) and `teamsAnnouncedAt` (when its teams' leads were sent their cards).
 *
 * A wave that came through teams keeps each team's result in a row of its own (PartitionKey the wave id, RowKey the
 * team id in base64url): hundreds of teams with their comments would not fit in one entity (1 MiB), and a lead's card
 * needs one team. They are written before the wave's row, so whoever finds the wave's row finds all its teams.
 */
export class TableResultStore {
  constructor(private readonly table: TableClient) {}

  /** Stores a result (and its teams') unless one exists; returns the stored one either way (the first one wins). */
  async putOnce(result: WaveResult, teams: readonly TeamResult[] = []): Promise<WaveResult> {
    for (const team of teams) await createIfAbsent(this.table, chunked(result.waveId, teamKey(team.team), team));
    const entity = { ...chunked(result.surveyId, result.waveId, result), closedAt: result.closedAt };
    if ((await createIfAbsent(this.table, entity)) !== undefined) return result;
    return (await this.get(result.surveyId, result.waveId))!;
  }

  async get(surveyId: string, waveId: string): Promise<WaveResult | undefined> {
    const row = await getRow(this.table, surveyId, waveId);
    return row && fromEntity(row);
  }

  /** One team's result for a wave, if the wave came through that team. */
  async teamOf(waveId: string, team: string): Promise<TeamResult | undefined> {
    const row = await getRow(this.table, waveId, teamKey(team));
    return row && unchunked<TeamResult>(row);
  }

  /** Every team's result for a wave, in team id order (none for a wave that came through no team). */
  async teamsOf(waveId: string): Promise<TeamResult[]> {
    const out: TeamResult[] = [];
    for await (const e of this.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${waveId}` } }))
      out.push(unchunked<TeamResult>(e));
    return out.sort((a, b) => (a.team < b.team ? -1 : a.team > b.team ? 1 : 0));
  }

  /**
   * Records that a digest carried the result, unless one already had: a conditional merge of `digestedAt` alone, so
   * two processes marking at once leave the first mark and never touch the figures.
   */
  markDigested(surveyId: string, waveId: string, at: Date): Promise<void> {
    return this.markOnce(surveyId, waveId, 'digestedAt', at);
  }

  /** Records that the wave's team leads were sent their cards (results.md, "When a team's results are ready"). */
  markTeamsAnnounced(surveyId: string, waveId: string, at: Date): Promise<void> {
    return this.markOnce(surveyId, waveId, 'teamsAnnouncedAt', at);
  }

  /** Sets a time beside the figures unless it is set: the first mark stays, and the figures are never touched. */
  private async markOnce(surveyId: string, waveId: string, field: Mark, at: Date): Promise<void> {
    const row = await this.table.getEntity<Partial<Record<Mark, string>>>(surveyId, waveId, {
      queryOptions: { select: [field] },
    });
    if (row[field]) return;
    // Changed: another process marked it first.
    await unlessRefused(
      this.table.updateEntity({ partitionKey: surveyId, rowKey: waveId, [field]: at.toISOString() }, 'Merge', {
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

// Team ids come from Teams ("19:…@thread.tacv2"); base64url keeps any of them within what a RowKey allows.
const teamKey = (team: string) => Buffer.from(team, 'utf8').toString('base64url');

function chunked(partitionKey: string, rowKey: string, value: unknown): { partitionKey: string; rowKey: string } {
  const json = JSON.stringify(value);
  const entity: Record<string, unknown> = { partitionKey, rowKey, chunks: Math.ceil(json.length / CHUNK) };
  for (let i = 0; i * CHUNK < json.length; i++) entity[`json_${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
  return entity as { partitionKey: string; rowKey: string };
}

function unchunked<T>(e: Record<string, unknown>): T {
  let json = '';
  for (let i = 0; i < Number(e.chunks); i++) json += String(e[`json_${i}`] ?? '');
  return JSON.parse(json) as T;
}

// The times kept beside a result's figures, each set once.
type Mark = 'digestedAt' | 'teamsAnnouncedAt';

function fromEntity(e: Record<string, unknown>): WaveResult {
  const marks: Partial<Record<Mark, string>> = {};
  for (const mark of ['digestedAt', 'teamsAnnouncedAt'] as const) {
    const at = e[mark];
    if (typeof at === 'string' && at) marks[mark] = at;
  }
  return { ...unchunked<WaveResult>(e), ...marks };
}
