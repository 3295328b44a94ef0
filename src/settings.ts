import type { Config } from './config';
import { bankHolidaysFor } from './platform/calendar/bank-holidays';
import { RETENTION_SCHEDULE } from './retention/retention.service';

// What each feature receives, worked out once from the config, so that app.ts only wires: its config slice with the
// values derived from it (a process's share of the send budget, the bank holiday calendar, the key secrets).

/** Comments shown per question: the weekly digest keeps to a few; a results card, asked for on purpose, shows more. */
const DIGEST_COMMENTS = 3;
const RESULTS_CARD_COMMENTS = 5;

/**
 * A burst of half a token shared between the processes: in any one-second window they make at most budget + 0.5
 * requests together, even when their sends line up.
 */
const SHARED_BURST = 0.5;

/** When each scheduled job runs (cron, in the schedule time zone); one process runs each tick. */
export const JOB_SCHEDULES = {
  // Every minute: open due waves, remind, close, and mix waiting answers.
  surveys: '* * * * *',
  // Every five minutes: cases waiting for a guardians' channel, overdue acknowledgements, due check-ins.
  speakUp: '*/5 * * * *',
  // Daily at 02:30 (Europe/London by default): a quiet hour for a job that reads whole tables.
  retention: RETENTION_SCHEDULE,
  // Every five minutes: "did it make a difference?" answers mixed into the feedback table (k at a time).
  feedback: '*/5 * * * *',
  // Every quarter of an hour: a cheap check once done; after a key rotation it moves everything within minutes.
  reseal: '*/15 * * * *',
} as const;

/** How long stopping waits for a survey fan-out in progress before the dispatcher stops. */
export const FAN_OUT_GRACE_MS = 10_000;

/** The config slices each feature receives, with their derived values. */
export type Settings = ReturnType<typeof settingsFor>;

/** Works out every feature's settings from the config (and the sealing key the local or Azure start-up chose). */
export function settingsFor(config: Config & { readonly sealingKey: string }) {
  const { timeZone } = config.schedule;
  const k = config.privacy.minGroupSize;
  const { budgetPerSecond, processes } = config.delivery;
  return {
    timeZone,
    minGroupSize: k,
    // One secret (two during a rotation): each purpose derives its own keys from it, and old values name their key.
    secrets: { current: config.sealingKey, previous: config.speakUp?.previousEncryptionKeys ?? [] },
    // This process's share of the app-wide send budget.
    sendShare: { perSecond: budgetPerSecond / processes, burst: SHARED_BURST / processes },
    speakUp: { ...config.cases, bankHolidays: bankHolidaysFor(config.cases.bankHolidays), timeZone },
    digestView: { k, timeZone, maxComments: DIGEST_COMMENTS },
    resultsCardView: { k, timeZone, maxComments: RESULTS_CARD_COMMENTS },
  };
}
