import { DAY_MS } from '../platform/calendar/durations';
import type { Action } from './action';

// "Did it make a difference?": staff's answer to a published action, asked on the "You said, we did" card. The rules
// here are pure; feedback.service.ts runs them on storage.

export const FEEDBACK_CHOICES = ['yes', 'not-yet', 'dont-know'] as const;
export type FeedbackChoice = (typeof FEEDBACK_CHOICES)[number];

export const FEEDBACK_LABELS: Readonly<Record<FeedbackChoice, string>> = {
  yes: 'Yes',
  'not-yet': 'Not yet',
  'dont-know': "Don't know",
};

/** The question's id in a sealed answer (`answers: { made: 'yes' }`). */
export const FEEDBACK_QUESTION = 'made';

/**
 * How long staff can still answer after an action is done: long enough for the done update to be read and the change
 * to be felt. A dropped action's question closes when it is dropped; one still planned or in progress stays open.
 */
export const FEEDBACK_DAYS_AFTER_DONE = 28;

/**
 * The partition an action's answers and markers live in: `fb.<survey>.<action>`. Never a wave id (those are
 * `<survey>-w<n>`), so a survey's mixer and results cannot mistake one for a wave.
 */
export const feedbackIdOf = (a: Pick<Action, 'surveyId' | 'id'>): string => `fb.${a.surveyId}.${a.id}`;

export function actionOfFeedbackId(id: string): { surveyId: string; actionId: string } | undefined {
  const m = /^fb\.([a-f0-9]{10})\.([a-f0-9]{12})$/.exec(id);
  return m ? { surveyId: m[1]!, actionId: m[2]! } : undefined;
}

/** When the question closes, once the action's status is final: done + 28 days, or at once when dropped. */
export function feedbackClosesAt(status: Action['status'], at: Date): string | undefined {
  if (status === 'done') return new Date(at.getTime() + FEEDBACK_DAYS_AFTER_DONE * DAY_MS).toISOString();
  if (status === 'dropped') return at.toISOString();
  return undefined;
}

/** When an action's question closes: as recorded, or for one made final before that was recorded, from its last edit. */
export function closesAtOf(a: Action): string | undefined {
  return a.feedbackClosesAt ?? feedbackClosesAt(a.status, new Date(a.updatedAt));
}

/** Whether staff may answer now: the action was published and its question has not closed. */
export function feedbackOpen(a: Action, now: Date): boolean {
  const closesAt = closesAtOf(a);
  return !!a.publishedAt && !a.feedbackMixedAt && (!closesAt || closesAt > now.toISOString());
}

/**
 * Where an action's waiting answers stand for the mixer (see surveys' `batchToWrite`): `open` while staff may answer
 * (written only in batches that leave a reserve of k), `final` once the question has been closed for `graceMs` (all
 * waiting written if at least k, else dropped), `done` after that final write, or for an action that is gone.
 */
export function feedbackPhase(a: Action | undefined, now: Date, graceMs: number): 'open' | 'final' | 'done' {
  if (!a || a.feedbackMixedAt) return 'done';
  const closesAt = closesAtOf(a);
  if (closesAt && Date.parse(closesAt) + graceMs <= now.getTime()) return 'final';
  return 'open';
}

/** What leaders see of the answers: counts by choice, only once at least k answers are written (mixed). */
export interface FeedbackTally {
  readonly answered: number;
  readonly counts: Readonly<Record<FeedbackChoice, number>>;
}

/** The tally of written answers, or undefined below k: fewer than k say nothing, not even how many. */
export function tallyOf(choices: readonly string[], k: number): FeedbackTally | undefined {
  if (choices.length < k) return undefined;
  const counts = { yes: 0, 'not-yet': 0, 'dont-know': 0 };
  for (const c of choices) if (c in counts) counts[c as FeedbackChoice]++;
  return { answered: choices.length, counts };
}
