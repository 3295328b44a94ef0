import type { BankHolidays } from '../platform/calendar/bank-holidays';

/** Speak-up settings (config): working days to acknowledge, bank holidays, the incident note, the check-in delay. */
export interface SpeakUpSettings {
  readonly ackWorkingDays: number;
  readonly bankHolidays: BankHolidays;
  readonly incidentNote: string;
  readonly checkInDays: number;
  readonly timeZone: string;
}
