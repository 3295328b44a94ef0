// Lengths of time in milliseconds, named so that arithmetic on instants reads as what it means. A "day" here is
// 24 hours of elapsed time, not a calendar day: across a clock change, use the working-day or local-time helpers.

/** One second, in milliseconds. */
export const SECOND_MS = 1000;
/** One minute, in milliseconds. */
export const MINUTE_MS = 60 * SECOND_MS;
/** One hour, in milliseconds. */
export const HOUR_MS = 60 * MINUTE_MS;
/** Twenty-four hours, in milliseconds. */
export const DAY_MS = 24 * HOUR_MS;
/** Seven days of 24 hours, in milliseconds. */
export const WEEK_MS = 7 * DAY_MS;
