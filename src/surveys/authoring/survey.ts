import { Cron } from 'croner';
import { DAY_MS, MINUTE_MS } from '../../platform/calendar/durations';
import type { Question } from './questions';

/** How often a survey opens a new wave. NQPS quarterly follows NHS England's calendar (January, April, July). */
export const CADENCES = ['once', 'weekly', 'fortnightly', 'monthly', 'nqps-quarterly'] as const;
export type Cadence = (typeof CADENCES)[number];

export const CADENCE_LABELS: Readonly<Record<Cadence, string>> = {
  once: 'Once',
  weekly: 'Every week',
  fortnightly: 'Every two weeks',
  monthly: 'Every month',
  'nqps-quarterly': 'NQPS quarterly (January, April, July)',
};

/**
 * Who a wave goes to. `new-starters` is the check-in audience: people whose first install was about 30, 60 or 90
 * days before the wave opens (see `isNewStarterDue`).
 */
export type Audience =
  | { readonly kind: 'everyone' }
  | { readonly kind: 'teams'; readonly teamIds: readonly string[] }
  | { readonly kind: 'new-starters' };

/** draft → active (launched) ⇄ paused → ended. Questions are fixed once a survey is launched, so waves compare. */
export type SurveyStatus = 'draft' | 'active' | 'paused' | 'ended';

/** What an admin chooses when creating a survey. */
export interface SurveySettings {
  readonly name: string;
  readonly cadence: Cadence;
  /** Days a wave stays open. */
  readonly windowDays: number;
  /** Local time (Europe/London) waves open at, "HH:MM", within working hours. */
  readonly sendTime: string;
  /** Days after opening to remind non-responders once; null for no reminder. */
  readonly reminderDays: number | null;
  readonly audience: Audience;
  /** Whether the card asks the optional "about you" questions. */
  readonly aboutYou: boolean;
  /** The directorates offered in "about you" (empty: the question is not asked). */
  readonly directorates: readonly string[];
  /** Whether leadership digests may quote free-text comments (still only at the comment threshold, redacted). */
  readonly commentsInDigest: boolean;
}

export interface Survey extends SurveySettings {
  readonly id: string;
  readonly templateId: string;
  readonly questions: readonly Question[];
  readonly status: SurveyStatus;
  readonly createdBy: string;
  readonly createdAt: string;
  /** When the next wave opens (ISO), if one is due. */
  readonly nextOpenAt?: string;
  readonly waveCount: number;
  readonly etag: string;
}

export type WaveStatus = 'open' | 'closed';

/** One run of a survey: opened, sent to its audience, reminded once, closed. */
export interface Wave {
  readonly id: string;
  readonly surveyId: string;
  readonly number: number;
  readonly opensAt: string;
  readonly closesAt: string;
  /** When non-responders are reminded (ISO), if the survey reminds. */
  readonly remindAt?: string;
  readonly status: WaveStatus;
  /** When the wave actually closed (on time, or early by an admin). */
  readonly closedAt?: string;
  /**
   * When its last answers were written (the final mix, a grace period after closing, so that an answer still on its
   * way at the close is written with the others and never alone). Results wait for it.
   */
  readonly mixedAt?: string;
  /** People the wave was sent to (known once the fan-out finishes). */
  readonly recipients: number;
  readonly fannedOut: boolean;
  /** Until when (ISO) one process owns the fan-out; after it, a tick on any process resumes an unfinished one. */
  readonly fanOutUntil?: string;
  readonly reminded: boolean;
  /** When the retention job deleted the wave's responses and recipient rows (ISO); its result is kept. */
  readonly purgedAt?: string;
  /** The admin's figures as they stood when the recipient rows were deleted, so the `surveys` card still shows them. */
  readonly keptProgress?: WaveProgress;
  readonly etag: string;
}

/** Opening a wave: opened, opened already by another process, or refused because too few people can be reached. */
export type OpenOutcome =
  { kind: 'opened'; wave: Wave } | { kind: 'taken' } | { kind: 'audience-too-small'; reachable: number; k: number };

/**
 * A wave's delivery and answer counts, for the admin who launched it: counted live from its deliveries rows, and
 * kept on the wave row (`keptProgress`) once retention has deleted those rows.
 */
export interface WaveProgress {
  readonly recipients: number;
  readonly sent: number;
  readonly pending: number;
  readonly unreachable: number;
  readonly answered: number;
  readonly declined: number;
}

/** Working hours for opening waves: people should not be surveyed at night or at weekends. */
export const WORKING_HOURS = { from: '08:00', to: '18:00' } as const;
export const DEFAULT_SETTINGS = { windowDays: 7, sendTime: '09:00', reminderDays: 3 } as const;

// Wave ids are `<survey id>-w<number>`: the survey is recoverable from the wave, and both are valid table keys.
const WAVE_ID = /^([a-f0-9]{10})-w(\d{1,4})$/;

export const waveIdOf = (surveyId: string, number: number) => `${surveyId}-w${String(number).padStart(3, '0')}`;

export function surveyIdOfWave(waveId: string): string | undefined {
  return WAVE_ID.exec(waveId)?.[1];
}

/** The first weekday send slot strictly after `after`, in the survey's time zone. */
export function nextSendSlot(after: Date, sendTime: string, timeZone: string): Date {
  const [hour, minute] = sendTime.split(':').map(Number);
  const slot = new Cron(`${minute} ${hour} * * 1-5`, { timezone: timeZone, paused: true }).nextRun(after);
  if (!slot) throw new Error(`Surveys: no send slot after ${after.toISOString()} for ${sendTime}`);
  return slot;
}

/**
 * When the wave after one opened at `previous` opens; null when the cadence has no next wave. Periods are counted
 * in days from the previous opening, then moved to the next weekday send slot (so a bank-holiday-free calendar,
 * British Summer Time and weekends are all handled by the same rule).
 */
export function nextOpening(
  settings: Pick<SurveySettings, 'cadence' | 'sendTime'>,
  previous: Date,
  timeZone: string,
): Date | null {
  // Start half a day early so the slot on the due day itself is found.
  const from = (days: number) =>
    nextSendSlot(new Date(previous.getTime() + days * DAY_MS - DAY_MS / 2), settings.sendTime, timeZone);
  switch (settings.cadence) {
    case 'once':
      return null;
    case 'weekly':
      return from(7);
    case 'fortnightly':
      return from(14);
    case 'monthly': {
      const next = new Date(previous);
      next.setUTCMonth(next.getUTCMonth() + 1);
      return nextSendSlot(new Date(next.getTime() - DAY_MS / 2), settings.sendTime, timeZone);
    }
    case 'nqps-quarterly':
      return nqpsOpening(new Date(previous.getTime() + 8 * DAY_MS), settings.sendTime, timeZone); // past this month's first week
  }
}

/** The next weekday in the first week of January, April or July after `after`, at the send time (the NQPS months). */
export function nqpsOpening(after: Date, sendTime: string, timeZone: string): Date {
  const [hour, minute] = sendTime.split(':').map(Number);
  const slot = new Cron(`${minute} ${hour} 1-7 1,4,7 1-5`, {
    timezone: timeZone,
    paused: true,
    legacyMode: false,
  }).nextRun(after);
  if (!slot) throw new Error('Surveys: no NQPS opening found');
  return slot;
}

/**
 * When a wave opened at `opensAt` closes, and when it reminds: the first weekday send slot at least `reminderDays`
 * days after opening (so a wave launched on a Friday evening does not remind anyone on a Monday night). No reminder
 * if that falls after the close.
 */
export function waveTimes(
  opensAt: Date,
  settings: Pick<SurveySettings, 'windowDays' | 'reminderDays' | 'sendTime'>,
  timeZone: string,
): { closesAt: Date; remindAt?: Date } {
  const closesAt = new Date(opensAt.getTime() + settings.windowDays * DAY_MS);
  if (settings.reminderDays === null) return { closesAt };
  // 15 minutes' grace: a wave the scheduler opened at 09:00:30 still reminds at 09:00 on the day, not a day later.
  const remindAt = nextSendSlot(
    new Date(opensAt.getTime() + settings.reminderDays * DAY_MS - 15 * MINUTE_MS),
    settings.sendTime,
    timeZone,
  );
  return { closesAt, ...(remindAt < closesAt ? { remindAt } : {}) };
}

/** The longest window each cadence allows, so that a wave closes before the next one opens. */
export const MAX_WINDOW_DAYS: Readonly<Record<Cadence, number>> = {
  once: 28,
  weekly: 7,
  fortnightly: 14,
  monthly: 28,
  'nqps-quarterly': 28,
};

// New starters are asked at about 30, 60 and 90 days. Weekly waves with a week-wide window each, so every new
// starter falls into exactly one wave per check-in.
export const NEW_STARTER_DAYS = [30, 60, 90] as const;

/** True when a person who first installed at `firstInstalledAt` is due a check-in in a wave opening at `opensAt`. */
export function isNewStarterDue(firstInstalledAt: Date, opensAt: Date): boolean {
  const days = (opensAt.getTime() - firstInstalledAt.getTime()) / DAY_MS;
  return NEW_STARTER_DAYS.some((d) => days >= d && days < d + 7);
}
