import type { Config } from './config';
import { bankHolidaysFor } from './platform/calendar/bank-holidays';

// What each feature receives, worked out once from the config, so that features only read: its config slice with the
// values derived from it (a process's share of the send budget, the bank holiday calendar, the key secrets).

/** Comments shown per question: the weekly digest keeps to a few; a results card, asked for on purpose, shows more. */
const DIGEST_COMMENTS = 3;
const RESULTS_CARD_COMMENTS = 5;

/**
 * A burst of half a token shared between the processes: in any one-second window they make at most budget + 0.5
 * requests together, even when their sends line up.
 */
const SHARED_BURST = 0.5;

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
