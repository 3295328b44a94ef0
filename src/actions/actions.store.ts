import { odata, type TableClient } from '@azure/data-tables';
import { unlessRefused } from '../platform/storage';
import { createIfAbsent, getRow, updateIfUnchanged } from '../platform/tables';
import type { Action, ActionFields } from './action';

/** What staff are told about an action: that it was published, or that it is done. */
export type AnnouncementEvent = 'published' | 'done';

/** An announcement waiting for (or claimed by) a day's bundle. */
export interface Announcement {
  readonly surveyId: string;
  readonly actionId: string;
  readonly event: AnnouncementEvent;
  readonly waveId: string;
  /** The local day (YYYY-MM-DD) whose bundle carries it, once claimed. */
  readonly day?: string;
  readonly sentAt?: string;
  readonly etag: string;
}

const ANNOUNCE = 'announce';
const JOB = 'job';
const ID = /^[a-f0-9]{12}$/;
export const isActionId = (v: unknown): v is string => typeof v === 'string' && ID.test(v);

/**
 * Actions in the `actions` table: PartitionKey the survey id, RowKey the action id (12 hex). In the same table,
 * partition `announce` holds what the daily bundle still has to tell staff (RowKey `<survey>.<action>.<event>`,
 * created once, so each event is announced once), and partition `job` the day of the last bundle.
 */
export class TableActionStore {
  constructor(private readonly table: TableClient) {}

  async create(action: Omit<Action, 'etag'>): Promise<Action> {
    const { etag } = await this.table.createEntity(toEntity(action));
    return { ...action, etag: etag ?? '' };
  }

  async get(surveyId: string, id: string): Promise<Action | undefined> {
    const row = await getRow(this.table, surveyId, id);
    return row && toAction(row);
  }

  /** A survey's actions, oldest first (a survey has tens, not thousands). */
  async ofSurvey(surveyId: string): Promise<Action[]> {
    const out: Action[] = [];
    for await (const e of this.table.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${surveyId}` },
    }))
      out.push(toAction(e));
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Every action still planned or in progress, across surveys. */
  async open(): Promise<Action[]> {
    const out: Action[] = [];
    const filter = odata`status eq ${'planned'} or status eq ${'in-progress'}`;
    for await (const e of this.table.listEntities({ queryOptions: { filter } }))
      if (e.partitionKey !== ANNOUNCE && e.partitionKey !== JOB) out.push(toAction(e));
    return out;
  }

  /** Published actions whose "did it make a difference?" answers have not had their final write. */
  async awaitingFeedbackMix(): Promise<Action[]> {
    const out: Action[] = [];
    const filter = odata`publishedAt ne ${''}`;
    for await (const e of this.table.listEntities({ queryOptions: { filter } })) {
      if (e.partitionKey === ANNOUNCE || e.partitionKey === JOB) continue;
      const action = toAction(e);
      if (!action.feedbackMixedAt) out.push(action);
    }
    return out;
  }

  /** Published actions whose question had its final write and whose answers retention has not deleted yet. */
  async feedbackClosedUnpurged(): Promise<Action[]> {
    const out: Action[] = [];
    const filter = odata`feedbackMixedAt ne ${''}`;
    for await (const e of this.table.listEntities({ queryOptions: { filter } })) {
      if (e.partitionKey === ANNOUNCE || e.partitionKey === JOB) continue;
      const action = toAction(e);
      if (!action.feedbackPurgedAt) out.push(action);
    }
    return out;
  }

  /** Changes an action if nobody changed it since it was read; undefined if somebody did. */
  async update(
    action: Action,
    patch: Partial<ActionFields> & {
      publishedAt?: string;
      feedbackClosesAt?: string;
      feedbackMixedAt?: string;
      feedbackKept?: Action['feedbackKept'];
      feedbackPurgedAt?: string;
      updatedAt?: string;
    },
  ): Promise<Action | undefined> {
    const next = { ...action, ...patch };
    const etag = await updateIfUnchanged(this.table, toEntity(next), action.etag, 'Replace');
    return etag === undefined ? undefined : { ...next, etag };
  }

  /** Records that an event is to be announced. False if it already was: each event reaches staff once. */
  async announce(a: Action, event: AnnouncementEvent): Promise<boolean> {
    const row = {
      partitionKey: ANNOUNCE,
      rowKey: `${a.surveyId}.${a.id}.${event}`,
      surveyId: a.surveyId,
      actionId: a.id,
      event,
      waveId: a.waveId,
      day: '',
      sentAt: '',
    };
    return (await createIfAbsent(this.table, row)) !== undefined;
  }

  /** Announcements not yet sent. */
  async unsent(): Promise<Announcement[]> {
    const out: Announcement[] = [];
    for await (const e of this.table.listEntities({
      queryOptions: {
        filter: odata`PartitionKey eq ${ANNOUNCE} and sentAt eq ${''}`,
      },
    }))
      out.push(toAnnouncement(e));
    return out;
  }

  /** Puts an announcement in a day's bundle (ETag-guarded: undefined if another process moved it first). */
  async claim(a: Announcement, day: string): Promise<Announcement | undefined> {
    return this.patchAnnouncement(a, { day });
  }

  async markSent(a: Announcement, at: Date): Promise<void> {
    await this.patchAnnouncement(a, { sentAt: at.toISOString() });
  }

  /** The local day of the last bundle made, if any. */
  async lastBundleDay(): Promise<{ day?: string; etag?: string }> {
    const row = await getRow<{ day?: string }>(this.table, JOB, 'bundle');
    return row ? { day: row.day, etag: row.etag } : {};
  }

  /** Records today's bundle; false if another process recorded one since `seen` was read. */
  async recordBundleDay(day: string, seen: { etag?: string }): Promise<boolean> {
    const row = { partitionKey: JOB, rowKey: 'bundle', day };
    const write = seen.etag
      ? this.table.updateEntity(row, 'Replace', { etag: seen.etag })
      : this.table.createEntity(row);
    return (await unlessRefused(write, ['exists', 'changed'])) !== undefined;
  }

  private async patchAnnouncement(a: Announcement, patch: Record<string, string>): Promise<Announcement | undefined> {
    const etag = await updateIfUnchanged(
      this.table,
      { partitionKey: ANNOUNCE, rowKey: `${a.surveyId}.${a.actionId}.${a.event}`, ...patch },
      a.etag,
    );
    return etag === undefined ? undefined : { ...a, ...patch, etag };
  }
}

/**
 * Who a wave was sent to: the RowKeys of its `deliveries` partition (PartitionKey the wave id), read only; for a team,
 * only the rows that record the person was asked through it (`via`, kept by the wave's fan-out). Never the `answered`
 * table: whether someone answered plays no part in who hears about an action.
 */
export class TableWaveAudience {
  constructor(private readonly deliveries: TableClient) {}

  async *askedIn(waveId: string, team?: string): AsyncIterable<string> {
    const filter = team ? odata`PartitionKey eq ${waveId} and via eq ${team}` : odata`PartitionKey eq ${waveId}`;
    for await (const e of this.deliveries.listEntities({ queryOptions: { filter, select: ['RowKey'] } }))
      yield e.rowKey!;
  }
}

function toEntity(a: Omit<Action, 'etag'>) {
  return {
    partitionKey: a.surveyId,
    rowKey: a.id,
    surveyName: a.surveyName,
    waveId: a.waveId,
    waveNumber: a.waveNumber,
    team: a.team?.id ?? '',
    teamName: a.team?.name ?? '',
    heard: a.heard,
    plan: a.plan,
    owner: a.owner,
    targetMonth: a.targetMonth,
    status: a.status,
    droppedReason: a.droppedReason ?? '',
    publishedAt: a.publishedAt ?? '',
    feedbackClosesAt: a.feedbackClosesAt ?? '',
    feedbackMixedAt: a.feedbackMixedAt ?? '',
    feedbackKept: a.feedbackKept ? JSON.stringify(a.feedbackKept) : '',
    feedbackPurgedAt: a.feedbackPurgedAt ?? '',
    createdBy: a.createdBy,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

function toAction(e: Record<string, unknown>): Action {
  return {
    id: String(e.rowKey),
    surveyId: String(e.partitionKey),
    surveyName: String(e.surveyName),
    waveId: String(e.waveId),
    waveNumber: Number(e.waveNumber),
    ...(e.team ? { team: { id: String(e.team), name: String(e.teamName ?? '') } } : {}),
    heard: String(e.heard),
    plan: String(e.plan),
    owner: String(e.owner),
    targetMonth: String(e.targetMonth),
    status: e.status as Action['status'],
    droppedReason: (e.droppedReason as string) || undefined,
    publishedAt: (e.publishedAt as string) || undefined,
    feedbackClosesAt: (e.feedbackClosesAt as string) || undefined,
    feedbackMixedAt: (e.feedbackMixedAt as string) || undefined,
    feedbackKept: e.feedbackKept ? (JSON.parse(String(e.feedbackKept)) as Action['feedbackKept']) : undefined,
    feedbackPurgedAt: (e.feedbackPurgedAt as string) || undefined,
    createdBy: String(e.createdBy),
    createdAt: String(e.createdAt),
    updatedAt: String(e.updatedAt),
    etag: String(e.etag),
  };
}

function toAnnouncement(e: Record<string, unknown>): Announcement {
  return {
    surveyId: String(e.surveyId),
    actionId: String(e.actionId),
    event: e.event as AnnouncementEvent,
    waveId: String(e.waveId),
    day: (e.day as string) || undefined,
    sentAt: (e.sentAt as string) || undefined,
    etag: String(e.etag),
  };
}
