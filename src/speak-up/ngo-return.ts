import { STAFF_GROUPS } from '../shared/staff-groups';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  FEEDBACK_ANSWERS,
  FEEDBACK_LABELS,
  type Case,
  type Category,
  type FeedbackAnswer,
} from './case';

/** The National Guardian's Office quarterly figures (mapping in docs/speak-up.md). Counts only: never who. */
export interface NgoReturn {
  readonly quarter: string;
  readonly total: number;
  readonly anonymous: number;
  readonly categories: Readonly<Record<Category, number>>;
  readonly workerGroups: Readonly<Record<string, number>>;
  readonly feedback: Readonly<Record<FeedbackAnswer | 'not-answered', number>>;
}

/**
 * What speak-up offers the leadership digest: cases raised in the last completed quarter, by category. Counts only,
 * never a case or a person; the digest shows small ones as "fewer than 3".
 */
export interface SpeakUpCounts {
  /** The NGO's financial-year quarter, e.g. "2026/27 Q2". */
  readonly quarter: string;
  /** Its months, e.g. "July to September". */
  readonly months: string;
  readonly rows: readonly { readonly label: string; readonly count: number }[];
}

/** Counts the cases raised in [from, to): the NGO counts cases by the quarter they were raised in. */
export function countQuarter(cases: Iterable<Case>, quarter: { label: string; from: Date; to: Date }): NgoReturn {
  const categories = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  const workerGroups: Record<string, number> = Object.fromEntries([...STAFF_GROUPS, 'Not given'].map((g) => [g, 0]));
  const feedback = {
    ...(Object.fromEntries(FEEDBACK_ANSWERS.map((a) => [a, 0])) as Record<FeedbackAnswer, number>),
    'not-answered': 0,
  };
  let total = 0;
  let anonymous = 0;
  for (const c of cases) {
    const raised = new Date(c.raisedAt);
    if (raised < quarter.from || raised >= quarter.to) continue;
    total++;
    if (c.mode === 'anonymous') anonymous++;
    for (const cat of c.categories) categories[cat]++;
    const group = c.workerGroup ?? 'Not given';
    workerGroups[group] = (workerGroups[group] ?? 0) + 1;
    if (c.status === 'closed') feedback[c.feedback ?? 'not-answered']++;
  }
  return { quarter: quarter.label, total, anonymous, categories, workerGroups, feedback };
}

/** The return as rows of (figure, count), for the card and the CSV alike. */
export function ngoRows(r: NgoReturn): [string, number][] {
  return [
    ['Cases raised', r.total],
    ['Raised anonymously', r.anonymous],
    ...CATEGORIES.map((c): [string, number] => [`Element of: ${CATEGORY_LABELS[c]}`, r.categories[c]]),
    ...Object.entries(r.workerGroups).map(([g, n]): [string, number] => [`Worker group: ${g}`, n]),
    ...FEEDBACK_ANSWERS.map((a): [string, number] => [`Would speak up again: ${FEEDBACK_LABELS[a]}`, r.feedback[a]]),
    ['Would speak up again: not answered (closed cases)', r.feedback['not-answered']],
  ];
}

export function ngoCsv(r: NgoReturn): string {
  const q = (s: string | number) => `"${String(s).replace(/"/g, '""')}"`;
  return (
    [
      ['quarter', 'figure', 'count'].map(q).join(','),
      ...ngoRows(r).map(([f, n]) => [r.quarter, f, n].map(q).join(',')),
    ].join('\r\n') + '\r\n'
  );
}
