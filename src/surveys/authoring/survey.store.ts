import { odata, type TableClient } from '@azure/data-tables';
import { createIfAbsent, getRow, updateIfUnchanged } from '../../platform/tables';
import type { Question } from './questions';
import { surveyIdOfWave, type Audience, type WaveProgress, type Survey, type Wave } from './survey';

const SURVEY_PARTITION = 'survey';

type SurveyPatch = Partial<Pick<Survey, 'status' | 'nextOpenAt' | 'waveCount' | 'questions'>>;
type WavePatch = Partial<
  Pick<
    Wave,
    | 'status'
    | 'closedAt'
    | 'mixedAt'
    | 'recipients'
    | 'fannedOut'
    | 'fanOutUntil'
    | 'reminded'
    | 'purgedAt'
    | 'keptProgress'
  >
>;

/** The survey definitions, as other features read them (results lists and names them). */
export interface SurveyCatalogue {
  get(id: string): Promise<Survey | undefined>;
  list(): Promise<Survey[]>;
}

/** A survey's waves, as other features read them (results walks its trend). */
export interface WaveHistory {
  ofSurvey(surveyId: string): Promise<Wave[]>;
}

/** Survey definitions in the `surveys` table (PartitionKey `survey`, RowKey the survey id). */
export class TableSurveyStore implements SurveyCatalogue {
  constructor(private readonly table: TableClient) {}

  async create(survey: Omit<Survey, 'etag'>): Promise<Survey> {
    const { etag } = await this.table.createEntity(toSurveyEntity(survey));
    return { ...survey, etag: etag ?? '' };
  }

  async get(id: string): Promise<Survey | undefined> {
    const row = await getRow(this.table, SURVEY_PARTITION, id);
    return row && toSurvey(row);
  }

  /** Every survey, newest first. A trust has tens of surveys, not thousands. */
  async list(): Promise<Survey[]> {
    const out: Survey[] = [];
    for await (const e of this.table.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${SURVEY_PARTITION}` },
    }))
      out.push(toSurvey(e));
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Active surveys whose next wave is due at `now`. */
  async due(now: Date): Promise<Survey[]> {
    const filter = odata`PartitionKey eq ${SURVEY_PARTITION} and status eq ${'active'} and nextOpenAt le ${now.toISOString()} and nextOpenAt ne ${''}`;
    const out: Survey[] = [];
    for await (const e of this.table.listEntities({ queryOptions: { filter } })) out.push(toSurvey(e));
    return out;
  }

  /** Changes a survey if nobody else changed it since it was read; undefined if somebody did. */
  async update(survey: Survey, patch: SurveyPatch): Promise<Survey | undefined> {
    const changes: Record<string, unknown> = { ...patch };
    if (patch.questions) changes.questions = JSON.stringify(patch.questions);
    if ('nextOpenAt' in patch) changes.nextOpenAt = patch.nextOpenAt ?? '';
    const etag = await updateIfUnchanged(
      this.table,
      { partitionKey: SURVEY_PARTITION, rowKey: survey.id, ...changes },
      survey.etag,
    );
    return etag === undefined ? undefined : { ...survey, ...patch, etag };
  }
}

// How long `recent` may serve a wave row without reading it again: short enough that a close made by another process
// is seen within it, and far inside the final write's grace period, so an answer let in by a stale row still joins
// the final batch (an answer in flight at the close is the same case).
const RECENT_MS = 2000;

/** Waves in the `waves` table (PartitionKey the survey id, RowKey the wave id). */
export class TableWaveStore implements WaveHistory {
  private readonly recentRows = new Map<string, { wave: Promise<Wave | undefined>; readAt: number }>();

  constructor(private readonly table: TableClient) {}

  /**
   * A wave as read at most two seconds ago by this process (or now): every answer needs its wave, and a busy wave
   * is read hundreds of times a second otherwise. Answers arriving together while it is being read share that one
   * read. Any change made through this store is seen at once; a failed read is not kept.
   */
  recent(waveId: string): Promise<Wave | undefined> {
    const hit = this.recentRows.get(waveId);
    if (hit && performance.now() - hit.readAt < RECENT_MS) return hit.wave;
    const wave = this.get(waveId);
    if (this.recentRows.size > 1000) this.recentRows.clear();
    const entry = { wave, readAt: performance.now() };
    this.recentRows.set(waveId, entry);
    wave.catch(() => {
      if (this.recentRows.get(waveId) === entry) this.recentRows.delete(waveId);
    });
    return wave;
  }

  /** Creates a wave; undefined if it already exists (another process opened it first). */
  async create(wave: Omit<Wave, 'etag'>): Promise<Wave | undefined> {
    const etag = await createIfAbsent(this.table, toWaveEntity(wave));
    return etag === undefined ? undefined : { ...wave, etag };
  }

  async get(waveId: string): Promise<Wave | undefined> {
    const surveyId = surveyIdOfWave(waveId);
    if (!surveyId) return undefined;
    const row = await getRow(this.table, surveyId, waveId);
    return row && toWave(row);
  }

  /** Every wave still open, across surveys (a handful at any time). */
  async open(): Promise<Wave[]> {
    const out: Wave[] = [];
    for await (const e of this.table.listEntities({ queryOptions: { filter: odata`status eq ${'open'}` } }))
      out.push(toWave(e));
    return out;
  }

  /** Every wave of a survey, oldest first. */
  async ofSurvey(surveyId: string): Promise<Wave[]> {
    const out: Wave[] = [];
    for await (const e of this.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${surveyId}` } }))
      out.push(toWave(e));
    return out.sort((a, b) => a.number - b.number);
  }

  /** A survey's most recent wave. */
  async latestOf(surveyId: string): Promise<Wave | undefined> {
    let latest: Wave | undefined;
    for await (const e of this.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${surveyId}` } })) {
      const w = toWave(e);
      if (!latest || w.number > latest.number) latest = w;
    }
    return latest;
  }

  /** Closed waves whose last answers are not yet written (the final mix): a handful at most. */
  async awaitingFinalMix(): Promise<Wave[]> {
    const out: Wave[] = [];
    for await (const e of this.table.listEntities({ queryOptions: { filter: odata`status eq ${'closed'}` } })) {
      const w = toWave(e);
      if (!w.mixedAt && !w.purgedAt) out.push(w);
    }
    return out;
  }

  /** Every closed wave not yet purged, across surveys: the retention job's candidates (tens a year). */
  async closedUnpurged(): Promise<Wave[]> {
    const out: Wave[] = [];
    for await (const e of this.table.listEntities({ queryOptions: { filter: odata`status eq ${'closed'}` } })) {
      const w = toWave(e);
      if (!w.purgedAt) out.push(w);
    }
    return out;
  }

  async update(wave: Wave, patch: WavePatch): Promise<Wave | undefined> {
    this.recentRows.delete(wave.id);
    const changes: Record<string, unknown> = { ...patch };
    if (patch.keptProgress) changes.keptProgress = JSON.stringify(patch.keptProgress);
    try {
      const etag = await updateIfUnchanged(
        this.table,
        { partitionKey: wave.surveyId, rowKey: wave.id, ...changes },
        wave.etag,
      );
      return etag === undefined ? undefined : { ...wave, ...patch, etag };
    } finally {
      this.recentRows.delete(wave.id); // a read racing the write may have kept the old row
    }
  }
}

function toSurveyEntity(s: Omit<Survey, 'etag'>) {
  return {
    partitionKey: SURVEY_PARTITION,
    rowKey: s.id,
    name: s.name,
    templateId: s.templateId,
    questions: JSON.stringify(s.questions),
    cadence: s.cadence,
    windowDays: s.windowDays,
    sendTime: s.sendTime,
    reminderDays: s.reminderDays ?? -1,
    audience: JSON.stringify(s.audience),
    aboutYou: s.aboutYou,
    directorates: JSON.stringify(s.directorates),
    commentsInDigest: s.commentsInDigest,
    status: s.status,
    createdBy: s.createdBy,
    createdAt: s.createdAt,
    nextOpenAt: s.nextOpenAt ?? '',
    waveCount: s.waveCount,
  };
}

function toSurvey(e: Record<string, unknown>): Survey {
  const reminderDays = Number(e.reminderDays);
  return {
    id: String(e.rowKey),
    name: String(e.name),
    templateId: String(e.templateId),
    questions: JSON.parse(String(e.questions)) as Question[],
    cadence: e.cadence as Survey['cadence'],
    windowDays: Number(e.windowDays),
    sendTime: String(e.sendTime),
    reminderDays: reminderDays < 0 ? null : reminderDays,
    audience: JSON.parse(String(e.audience)) as Audience,
    aboutYou: e.aboutYou === true,
    directorates: JSON.parse(String(e.directorates ?? '[]')) as string[],
    commentsInDigest: e.commentsInDigest !== false,
    status: e.status as Survey['status'],
    createdBy: String(e.createdBy),
    createdAt: String(e.createdAt),
    nextOpenAt: (e.nextOpenAt as string) || undefined,
    waveCount: Number(e.waveCount ?? 0),
    etag: String(e.etag),
  };
}

function toWaveEntity(w: Omit<Wave, 'etag'>) {
  return {
    partitionKey: w.surveyId,
    rowKey: w.id,
    number: w.number,
    opensAt: w.opensAt,
    closesAt: w.closesAt,
    remindAt: w.remindAt ?? '',
    status: w.status,
    recipients: w.recipients,
    fannedOut: w.fannedOut,
    fanOutUntil: w.fanOutUntil ?? '',
    reminded: w.reminded,
  };
}

function toWave(e: Record<string, unknown>): Wave {
  return {
    id: String(e.rowKey),
    surveyId: String(e.partitionKey),
    number: Number(e.number),
    opensAt: String(e.opensAt),
    closesAt: String(e.closesAt),
    remindAt: (e.remindAt as string) || undefined,
    status: e.status as Wave['status'],
    closedAt: (e.closedAt as string) || undefined,
    mixedAt: (e.mixedAt as string) || undefined,
    recipients: Number(e.recipients ?? 0),
    fannedOut: e.fannedOut === true,
    fanOutUntil: (e.fanOutUntil as string) || undefined,
    reminded: e.reminded === true,
    purgedAt: (e.purgedAt as string) || undefined,
    keptProgress: e.keptProgress ? (JSON.parse(String(e.keptProgress)) as WaveProgress) : undefined,
    etag: String(e.etag),
  };
}
