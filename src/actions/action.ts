import { z } from 'zod';

/** planned → in progress → done, or dropped (with a reason) from planned or in progress. Done and dropped are final. */
export const ACTION_STATUSES = ['planned', 'in-progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<ActionStatus, string>> = {
  planned: 'Planned',
  'in-progress': 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

/** What a leader types on the action form. */
export interface ActionFields {
  readonly heard: string;
  readonly plan: string;
  readonly owner: string;
  /** YYYY-MM */
  readonly targetMonth: string;
  readonly status: ActionStatus;
  readonly droppedReason?: string;
}

/** A team an action answers: its id in Teams, and its name as Teams gave it when the action was recorded. */
export interface ActionTeam {
  readonly id: string;
  readonly name: string;
}

/** A leader's answer to a closed wave's results: what we heard, what we will do, who, by when, and how it is going. */
export interface Action extends ActionFields {
  readonly id: string;
  readonly surveyId: string;
  readonly surveyName: string;
  readonly waveId: string;
  readonly waveNumber: number;
  /**
   * A team action answers that team's results (recorded by its leads, executives or admins) and reaches only the staff
   * asked through the team; without one, an organisation action answers everyone's and reaches everyone asked.
   */
  readonly team?: ActionTeam;
  readonly publishedAt?: string;
  /** When "did it make a difference?" closes (set when the status becomes done or dropped). */
  readonly feedbackClosesAt?: string;
  /** When the question's answers had their final write: after it, nothing more is taken. */
  readonly feedbackMixedAt?: string;
  /** The totals leaders see, kept on the action before retention deletes the answers they were counted from. */
  readonly feedbackKept?: { readonly tally?: KeptTally };
  /** When retention deleted the question's answers and markers (the kept totals stay). */
  readonly feedbackPurgedAt?: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly etag: string;
}

/** A question's totals as kept (feedback.ts's FeedbackTally: the same choices, spelt out to keep imports one-way). */
export interface KeptTally {
  readonly answered: number;
  readonly counts: Readonly<Record<'yes' | 'not-yet' | 'dont-know', number>>;
}

export const LIMITS = {
  heard: 200,
  plan: 400,
  owner: 80,
  reason: 200,
} as const;

const text = (label: string, max: number) =>
  z
    .string({
      required_error: `${label} is needed.`,
      invalid_type_error: `${label} is needed.`,
    })
    .transform((s) => s.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1, `${label} is needed.`).max(max, `${label}: at most ${max} characters.`));

const formSchema = z.object({
  heard: text('What we heard', LIMITS.heard),
  plan: text('What we will do', LIMITS.plan),
  owner: text('Owner', LIMITS.owner),
  targetMonth: z
    .string({ required_error: 'Target month is needed.' })
    .trim()
    .regex(/^20\d\d-(0[1-9]|1[0-2])$/, 'Target month: a month as YYYY-MM, e.g. 2027-03.'),
  status: z
    .enum(ACTION_STATUSES, {
      errorMap: () => ({
        message: 'Status: choose planned, in progress, done or dropped.',
      }),
    })
    .default('planned'),
  droppedReason: z.string().max(LIMITS.reason, `Reason for dropping: at most ${LIMITS.reason} characters.`).optional(),
});

export type FormCheck = { ok: true; fields: ActionFields } | { ok: false; problems: string[] };

/**
 * Checks the form: every field, the status change, and that "what we heard" does not repeat anyone's comment. Every
 * problem is listed at once; nothing is stored unless all pass.
 */
export function checkActionForm(
  payload: Record<string, unknown>,
  context: { current?: ActionStatus; comments: readonly string[] },
): FormCheck {
  const parsed = formSchema.safeParse(payload);
  if (!parsed.success)
    return {
      ok: false,
      problems: [...new Set(parsed.error.issues.map((i) => i.message))],
    };
  const f = parsed.data;
  const problems: string[] = [];
  const reason = f.droppedReason?.replace(/\s+/g, ' ').trim() || undefined;
  if (f.status === 'dropped' && !reason) problems.push('Dropping an action needs a reason: staff will see it.');
  if (context.current && !canMove(context.current, f.status))
    problems.push(
      `Status cannot go from ${STATUS_LABELS[context.current].toLowerCase()} to ${STATUS_LABELS[f.status].toLowerCase()}.`,
    );
  for (const [label, value] of [
    ['What we heard', f.heard],
    ['What we will do', f.plan],
    ['Owner', f.owner],
    ['Reason for dropping', reason ?? ''],
  ] as const) {
    if (quotesComment(value, context.comments))
      problems.push(
        `${label} repeats a comment someone wrote. Summarise it in your own words: a comment quoted back to everyone asked can identify its writer.`,
      );
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    fields: {
      heard: f.heard,
      plan: f.plan,
      owner: f.owner,
      targetMonth: f.targetMonth,
      status: f.status,
      ...(f.status === 'dropped' ? { droppedReason: reason } : {}),
    },
  };
}

/** Whether the status may move from one to the other (staying put is always allowed). */
export function canMove(from: ActionStatus, to: ActionStatus): boolean {
  if (from === to) return true;
  switch (from) {
    case 'planned':
      return to === 'in-progress' || to === 'done' || to === 'dropped';
    case 'in-progress':
      return to === 'done' || to === 'dropped';
    case 'done':
    case 'dropped':
      return false;
  }
}

// Comments shorter than this are words anyone might use ("staffing", "more breaks"): only longer ones can be quoted.
const MIN_QUOTE_CHARS = 20;
// Six words in a row from a comment are a quotation, whatever surrounds them.
const QUOTE_WORDS = 6;

const words = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);

/**
 * True when `text` repeats a published comment: the whole comment (if it is long enough to be someone's own words) or
 * any six words of it in a row, ignoring case, punctuation and spacing. Protects the writer: comments are published
 * only to leaders, and an action goes to everyone who was asked.
 */
export function quotesComment(text: string, comments: readonly string[]): boolean {
  const said = ` ${words(text).join(' ')} `;
  if (said.trim() === '') return false;
  return comments.some((comment) => {
    const w = words(comment);
    const whole = w.join(' ');
    if (whole.length >= MIN_QUOTE_CHARS && said.includes(` ${whole} `)) return true;
    for (let i = 0; i + QUOTE_WORDS <= w.length; i++)
      if (said.includes(` ${w.slice(i, i + QUOTE_WORDS).join(' ')} `)) return true;
    return false;
  });
}

/** Open actions whose target month is this month or earlier: what the weekly digest lists. */
export function dueOrOverdue(actions: readonly Action[], thisMonth: string): Action[] {
  return actions
    .filter((a) => (a.status === 'planned' || a.status === 'in-progress') && a.targetMonth <= thisMonth)
    .sort((a, b) => a.targetMonth.localeCompare(b.targetMonth));
}

/** "2026-11" → "November 2026". */
export function describeMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, 1)).toLocaleDateString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

const LINE_MAX = 300;
const unstop = (s: string) => s.replace(/[\s.;:!]+$/, '');

/**
 * What opens the next wave's card: "Last time you told us … . Since then: …" from the organisation's actions, and for
 * a card sent through a team, "Ward 7: last time you told us … . Since then: …" from that team's, each from the latest
 * wave with published actions of its own (at most two, shortest form, at most 300 characters). Undefined when there
 * are none. Another team's actions are never on the card.
 */
export function sinceLastTimeLine(published: readonly Action[], team?: string): string | undefined {
  const organisation = lineOf(published.filter((a) => !a.team));
  const own = team ? published.filter((a) => a.team?.id === team) : [];
  const teamLine = lineOf(own, own[0]?.team?.name);
  return [organisation, teamLine].filter(Boolean).join('\n\n') || undefined;
}

/** One line from one set of actions (the organisation's, or a team's, named): undefined when none is live. */
function lineOf(actions: readonly Action[], teamName?: string): string | undefined {
  const live = actions.filter((a) => a.publishedAt && a.status !== 'dropped');
  if (live.length === 0) return undefined;
  const latestWave = Math.max(...live.map((a) => a.waveNumber));
  const chosen = live
    .filter((a) => a.waveNumber === latestWave)
    .sort((a, b) => b.publishedAt!.localeCompare(a.publishedAt!))
    .slice(0, 2);
  const heard = chosen.map((a) => lowerFirst(unstop(a.heard))).join('; ');
  const done = chosen.map((a) => `${lowerFirst(unstop(a.plan))} (${STATUS_LABELS[a.status].toLowerCase()})`).join('; ');
  const line = `${teamName ? `${teamName}: last` : 'Last'} time you told us ${heard}. Since then: ${done}.`;
  return line.length <= LINE_MAX ? line : `${line.slice(0, LINE_MAX - 1).trimEnd()}…`;
}

// "Only 41%…" → "only 41%…" inside the sentence; "NHS…" and "I…" stay as they are.
const lowerFirst = (s: string) => (/^([A-Z][a-z]|A )/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/** The local time (weekdays) the daily "You said, we did" bundle goes out: a working-hours send slot. */
export const BUNDLE_SEND_TIME = '09:00';
/** The scheduler pattern for that slot, in the schedule time zone. */
export const BUNDLE_SCHEDULE = '0 9 * * 1-5';
