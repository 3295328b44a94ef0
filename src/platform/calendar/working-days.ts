import type { BankHolidays } from './bank-holidays';
import { DAY_MS, MINUTE_MS } from './durations';
import { localDay, utcOffsetMinutes } from './local-time';

/**
 * When `days` working days have passed since `from`: the same time of day on the `days`-th following working day
 * (Monday to Friday, not a bank holiday), in the trust's time zone. A concern raised on Friday afternoon with two
 * working days to acknowledge is due on Tuesday afternoon; a bank holiday Monday pushes it to Wednesday.
 */
export function addWorkingDays(from: Date, days: number, holidays: BankHolidays, timeZone: string): Date {
  let at = from;
  let counted = 0;
  while (counted < days) {
    at = new Date(at.getTime() + DAY_MS);
    const { date, weekday } = localDay(at, timeZone);
    if (weekday >= 1 && weekday <= 5 && !holidays.has(date)) counted++;
  }
  // Keep the local time of day across a clock change (24-hour steps keep UTC time, not UK time).
  return new Date(at.getTime() - (utcOffsetMinutes(at, timeZone) - utcOffsetMinutes(from, timeZone)) * MINUTE_MS);
}
