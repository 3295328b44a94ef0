import type { BankHolidays } from '../platform/calendar/bank-holidays';

/** The ways to speak up, as national policy describes them (wording in docs/speak-up.md). */
export const MODES = ['open', 'confidential', 'anonymous'] as const;
export type Mode = (typeof MODES)[number];

export const MODE_LABELS: Readonly<Record<Mode, { title: string; detail: string }>> = {
  open: { title: 'Openly', detail: 'Your name may be shared with those who need it to look into your concern.' },
  confidential: { title: 'Confidentially', detail: 'Your name is known to the Freedom to Speak Up guardians only, and not shared without your consent.' },
  anonymous: { title: 'Anonymously', detail: 'No one, not even the guardians, will know who you are. Follow-up happens only through this chat.' },
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
export const STATUS_LABELS: Readonly<Record<CaseStatus, string>> = { new: 'New', acknowledged: 'Acknowledged', 'in-progress': 'In progress', closed: 'Closed' };

/** Status moves forward only; closing goes through "close with outcome" so the reporter is always told. */
export function canMoveTo(from: CaseStatus, to: CaseStatus): boolean {
  return to !== 'closed' && from !== 'closed' && STATUSES.indexOf(to) > STATUSES.indexOf(from);
}

/** The NGO feedback question's answers (answer set not confirmed nationally: see docs/speak-up.md). */
export const FEEDBACK_ANSWERS = ['yes', 'no', 'maybe', 'dont-know'] as const;
export type FeedbackAnswer = (typeof FEEDBACK_ANSWERS)[number];
export const FEEDBACK_LABELS: Readonly<Record<FeedbackAnswer, string>> = { yes: 'Yes', no: 'No', maybe: 'Maybe', 'dont-know': "Don't know" };

export const MAX_CONCERN = 4000;
export const MAX_MESSAGE = 4000;

const REFERENCE = /^FTSU-(\d{4})-(\d{4,6})$/;
export const formatReference = (year: number, n: number) => `FTSU-${year}-${String(n).padStart(4, '0')}`;
export const isReference = (value: unknown): value is string => typeof value === 'string' && REFERENCE.test(value);

/** The local calendar date (YYYY-MM-DD) and weekday (0 = Sunday) of an instant in a time zone. */
function localDay(at: Date, timeZone: string): { date: string; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')) };
}

/**
 * When `days` working days have passed since `from`: the same time of day on the `days`-th following working day
 * (Monday to Friday, not a bank holiday), in the trust's time zone. A concern raised on Friday afternoon with two
 * working days to acknowledge is due on Tuesday afternoon; a bank holiday Monday pushes it to Wednesday.
 */
export function addWorkingDays(from: Date, days: number, holidays: BankHolidays, timeZone: string): Date {
  let at = from;
  let counted = 0;
  while (counted < days) {
    at = new Date(at.getTime() + 24 * 60 * 60 * 1000);
    const { date, weekday } = localDay(at, timeZone);
    if (weekday >= 1 && weekday <= 5 && !holidays.has(date)) counted++;
  }
  // Keep the local time of day across a clock change (24-hour steps keep UTC time, not UK time).
  return new Date(at.getTime() - (utcOffsetMinutes(at, timeZone) - utcOffsetMinutes(from, timeZone)) * 60_000);
}

/** How far local time in the zone is ahead of UTC at an instant, in minutes (60 during British Summer Time). */
function utcOffsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

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

/** Midnight at the start of the 1st of a month, local time, as an instant. */
function localMidnight(year: number, month0: number, timeZone: string): Date {
  const utcMidnight = new Date(Date.UTC(year, month0, 1));
  return new Date(utcMidnight.getTime() - utcOffsetMinutes(utcMidnight, timeZone) * 60_000);
}

/** Parses "2026/27 Q3" or "2026-Q3"-style input into that quarter; undefined if it is not one. */
export function parseQuarter(text: string, timeZone = 'Europe/London'): { label: string; from: Date; to: Date } | undefined {
  const m = /^(\d{4})(?:\/\d{2})?[\s-]*q([1-4])$/i.exec(text.trim());
  if (!m) return undefined;
  const fyStart = Number(m[1]);
  const month = 3 + (Number(m[2]) - 1) * 3;
  return quarterOf(new Date(Date.UTC(fyStart + Math.floor(month / 12), month % 12, 15)), timeZone);
}
