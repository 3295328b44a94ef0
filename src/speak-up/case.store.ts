import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { unlessRefused } from '../platform/storage';
import { getRow, updateIfUnchanged } from '../platform/tables';
import {
  formatReference,
  type Case,
  type CaseStatus,
  type Category,
  type FeedbackAnswer,
  type Mode,
  type NewCase,
} from './case';

type CasePatch = Partial<Omit<Case, 'ref' | 'etag' | 'raisedAt' | 'mode'>>;

// One partition holds cases, the reference counter and the raise markers, so creating a case, claiming its number
// and recording which form it came from is one transaction: no gaps, no repeats, and a retried form finds its case.
/** The one partition of the `cases` table. */
export const CASE_PARTITION = 'case';
/** Raise-form markers are `d-<draft>`: every RowKey from `d-` up to (not including) `d.`. */
export const MARKER_RANGE = { from: 'd-', to: 'd.' } as const;
const P = CASE_PARTITION;
const counterKey = (year: number) => `n-${year}`;
const markerKey = (draft: string) => `${MARKER_RANGE.from}${draft}`;

/** Cases in the `cases` table (PartitionKey `case`, RowKey the reference). */
export class TableCaseStore {
  constructor(private readonly table: TableClient) {}

  /**
   * Creates the case for a raise form, once: the form's random `draft` id is recorded with it, so a retry after an
   * outage returns the case already made instead of a second one. References run FTSU-<year>-0001 upwards.
   */
  async create(draft: string, year: number, fields: NewCase): Promise<{ created: boolean; ref: string }> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const existing = await this.refForDraft(draft);
      if (existing) return { created: false, ref: existing };
      const counter = await this.counter(year);
      const ref = formatReference(year, counter.next);
      const actions: TransactionAction[] = [
        [
          'create',
          {
            partitionKey: P,
            rowKey: ref,
            ...toEntity(fields),
            status: 'new',
            overdue: false,
            checkInSent: false,
            posted: false,
            ready: false,
          },
        ],
        ['create', { partitionKey: P, rowKey: markerKey(draft), ref }],
        counter.etag
          ? [
              'update',
              { partitionKey: P, rowKey: counterKey(year), next: counter.next + 1 },
              'Merge',
              { etag: counter.etag },
            ]
          : ['create', { partitionKey: P, rowKey: counterKey(year), next: counter.next + 1 }],
      ];
      // Refused: someone else took this number (or raised this form) at the same moment, so look again.
      if (await unlessRefused(this.table.submitTransaction(actions), ['exists', 'changed']))
        return { created: true, ref };
    }
    throw new Error('Speak up: could not allocate a case reference after 20 attempts');
  }

  async get(ref: string): Promise<Case | undefined> {
    const row = await getRow(this.table, P, ref);
    return row && fromEntity(row);
  }

  async update(c: Case, patch: CasePatch): Promise<Case | undefined> {
    const etag = await updateIfUnchanged(this.table, { partitionKey: P, rowKey: c.ref, ...toEntity(patch) }, c.etag);
    return etag === undefined ? undefined : { ...c, ...patch, etag };
  }

  /** Every case, for timers and the NGO return. A trust has hundreds of cases a year, not millions. */
  async *all(): AsyncIterable<Case> {
    for await (const e of this.table.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${P} and RowKey ge ${'FTSU-'} and RowKey lt ${'FTSU.'}` },
    }))
      yield fromEntity(e);
  }

  private async refForDraft(draft: string): Promise<string | undefined> {
    return (await getRow<{ ref: string }>(this.table, P, markerKey(draft)))?.ref;
  }

  private async counter(year: number): Promise<{ next: number; etag?: string }> {
    const e = await getRow<{ next: number }>(this.table, P, counterKey(year));
    return e ? { next: Number(e.next), etag: e.etag } : { next: 1 };
  }
}

function toEntity(c: Partial<Case>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c };
  delete out.etag;
  delete out.ref;
  if (c.categories) out.categories = JSON.stringify(c.categories);
  if ('assignee' in c) out.assignee = c.assignee ? JSON.stringify(c.assignee) : '';
  for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k];
  return out;
}

function fromEntity(e: Record<string, unknown>): Case {
  const optional = (k: string) => (e[k] as string) || undefined;
  return {
    ref: String(e.rowKey),
    mode: e.mode as Mode,
    categories: JSON.parse(String(e.categories ?? '[]')) as Category[],
    workerGroup: optional('workerGroup'),
    status: e.status as CaseStatus,
    assignee: e.assignee ? (JSON.parse(String(e.assignee)) as Case['assignee']) : undefined,
    raisedAt: String(e.raisedAt),
    ackDueAt: String(e.ackDueAt),
    acknowledgedAt: optional('acknowledgedAt'),
    overdue: e.overdue === true,
    closedAt: optional('closedAt'),
    feedback: optional('feedback') as FeedbackAnswer | undefined,
    checkInDueAt: optional('checkInDueAt'),
    checkInSent: e.checkInSent === true,
    posted: e.posted === true,
    ready: e.ready === true,
    etag: String(e.etag),
  };
}
