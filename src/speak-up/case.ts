import { localDay, localMidnight } from '../platform/calendar/local-time';

/** The ways to speak up, as national policy describes them (wording in docs/speak-up.md). */
export const MODES = ['open', 'confidential', 'anonymous'] as const;
export type Mode = (typeof MODES)[number];

export const MODE_LABELS: Readonly<Record<Mode, { title: string; detail: string }>> = {
  open: { title: 'Openly', detail: 'Your name may be shared with those who need it to look into your concern.' },
  confidential: {
    title: 'Confidentially',
    detail: 'Your name is known to the Freedom to Speak Up guardians only, and not shared without your consent.',
  },
  anonymous: {
    title: 'Anonymously',
    detail: 'No one, not even the guardians, will know who you are. Follow-up happens only through this chat.',
  },
};

/** The National Guardian's Office case categories (a case can have several). */
export const CATEGORIES = ['patient-safety', 'worker-safety', 'bullying', 'behaviour', 'detriment', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  'patient-safety': 'Patient safety or quality',
  'worker-safety': 'Worker safety or wellbeing',
  bullying: 'Bullying or harassment',
  behaviour: 'Inappropriate attitudes or behaviours',
  detriment: 'Detriment for speaking up',
  other: 'Other',
};

export const STATUSES = ['new', 'acknowledged', 'in-progress', 'closed'] as const;
export type CaseStatus = (typeof STATUSES)[number];
export const STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  'in-progress': 'In progress',
  closed: 'Closed',
};

/** Status moves forward only; closing goes through "close with outcome" so the reporter is always told. */
export function canMoveTo(from: CaseStatus, to: CaseStatus): boolean {
  return to !== 'closed' && from !== 'closed' && STATUSES.indexOf(to) > STATUSES.indexOf(from);
}

/** The NGO feedback question's answers (answer set not confirmed nationally: see docs/speak-up.md). */
export const FEEDBACK_ANSWERS = ['yes', 'no', 'maybe', 'dont-know'] as const;
export type FeedbackAnswer = (typeof FEEDBACK_ANSWERS)[number];
export const FEEDBACK_LABELS: Readonly<Record<FeedbackAnswer, string>> = {
  yes: 'Yes',
  no: 'No',
  maybe: 'Maybe',
  'dont-know': "Don't know",
};

export const MAX_CONCERN = 4000;
export const MAX_MESSAGE = 4000;

const REFERENCE = /^FTSU-(\d{4})-(\d{4,6})$/;
export const formatReference = (year: number, n: number) => `FTSU-${year}-${String(n).padStart(4, '0')}`;
export const isReference = (value: unknown): value is string => typeof value === 'string' && REFERENCE.test(value);

/** The quarter a date falls in, as the NGO reports it (financial-year quarters: Q1 = April–June), in UK time. */
export function quarterOf(at: Date, timeZone = 'Europe/London'): { label: string; from: Date; to: Date } {
  const [year, month] = localDay(at, timeZone).date.split('-').map(Number) as [number, number]; // month 1–12
  const fyStart = month >= 4 ? year : year - 1;
  const q = month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4;
  const startMonth = 3 + (q - 1) * 3; // 0-based: April = 3
  const from = localMidnight(fyStart + Math.floor(startMonth / 12), startMonth % 12, timeZone);
  const to = localMidnight(fyStart + Math.floor((startMonth + 3) / 12), (startMonth + 3) % 12, timeZone);
  return { label: `${fyStart}/${String((fyStart + 1) % 100).padStart(2, '0')} Q${q}`, from, to };
}

/** Parses "2026/27 Q3" or "2026-Q3"-style input into that quarter; undefined if it is not one. */
export function parseQuarter(
  text: string,
  timeZone = 'Europe/London',
): { label: string; from: Date; to: Date } | undefined {
  const m = /^(\d{4})(?:\/\d{2})?[\s-]*q([1-4])$/i.exec(text.trim());
  if (!m) return undefined;
  const fyStart = Number(m[1]);
  const month = 3 + (Number(m[2]) - 1) * 3;
  return quarterOf(new Date(Date.UTC(fyStart + Math.floor(month / 12), month % 12, 15)), timeZone);
}

/** A speak-up case as guardians work it. No reporter identity and no text here: those are sealed elsewhere. */
export interface Case {
  readonly ref: string;
  readonly mode: Mode;
  readonly categories: readonly Category[];
  readonly workerGroup?: string;
  readonly status: CaseStatus;
  readonly assignee?: { readonly aadObjectId: string; readonly name: string };
  readonly raisedAt: string;
  readonly ackDueAt: string;
  readonly acknowledgedAt?: string;
  readonly overdue: boolean;
  readonly closedAt?: string;
  readonly feedback?: FeedbackAnswer;
  readonly checkInDueAt?: string;
  readonly checkInSent: boolean;
  /** Whether the case card has been posted to a guardians' channel (false until one is registered). */
  readonly posted: boolean;
  /** True once the reporter and the concern are stored: only then is the case shown to guardians. */
  readonly ready: boolean;
  readonly etag: string;
}

export type NewCase = Omit<Case, 'ref' | 'etag' | 'status' | 'overdue' | 'checkInSent' | 'posted' | 'ready'>;
