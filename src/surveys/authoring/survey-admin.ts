import type { Survey, Wave, WaveProgress } from './survey';

/** A survey as the admin list shows it, with its latest wave's live figures (coarsened: see `progressAsShown`). */
export interface SurveySummary {
  readonly survey: Survey;
  readonly latest?: { readonly wave: Wave; readonly progress: ShownProgress };
}

/** A wave's figures as an admin sees them: delivery counts as they are, answer counts coarsened. */
export interface ShownProgress extends Omit<WaveProgress, 'answered' | 'declined'> {
  /** Answers and declines are counted in steps of this (k, the minimum group size). */
  readonly step: number;
  /** Rounded down to a multiple of `step`; absent while fewer than `step`. */
  readonly answered?: number;
  readonly declined?: number;
}

/**
 * Protects who has just answered: "answered" and "not this time" are shown rounded down to a multiple of k, and
 * as "fewer than k" below it. A refresh then changes them only when k more people have answered (or declined), so
 * an admin watching a small team cannot tell that the person who just walked past has answered. Delivery counts
 * (sent, on the way, unreachable) say nothing about answers and are shown as they are.
 */
export function progressAsShown(p: WaveProgress, k: number): ShownProgress {
  const coarse = (n: number) => (n < k ? undefined : Math.floor(n / k) * k);
  return {
    recipients: p.recipients,
    sent: p.sent,
    pending: p.pending,
    unreachable: p.unreachable,
    step: k,
    answered: coarse(p.answered),
    declined: coarse(p.declined),
  };
}

/** A team an admin can send a survey to, as the new-survey form lists it. */
export interface TeamChoice {
  readonly teamId: string;
  readonly name: string;
}
