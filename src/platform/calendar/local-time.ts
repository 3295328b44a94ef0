import { MINUTE_MS, SECOND_MS } from './durations';

// Local dates and times in the trust's time zone. Instants are stored in UTC; people read them in local time.

const formats = new Map<string, Intl.DateTimeFormat>(); // building a formatter costs far more than using one

/** A time as people in the trust read it, e.g. "Friday 28 November, 09:00". */
export function describeTime(at: Date | string, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format)
    formats.set(
      timeZone,
      (format = new Intl.DateTimeFormat('en-GB', {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        hour: '2-digit',
        minute: '2-digit',
        timeZone,
      })),
    );
  return format.format(new Date(at));
}

/** The local calendar date (YYYY-MM-DD) and weekday (0 = Sunday) of an instant in a time zone. */
export function localDay(at: Date, timeZone: string): { date: string; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')),
  };
}

/** How far local time in the zone is ahead of UTC at an instant, in minutes (60 during British Summer Time). */
export function utcOffsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / SECOND_MS) * SECOND_MS) / MINUTE_MS);
}

/** Midnight at the start of the 1st of a month, local time, as an instant. */
export function localMidnight(year: number, month0: number, timeZone: string): Date {
  const utcMidnight = new Date(Date.UTC(year, month0, 1));
  return new Date(utcMidnight.getTime() - utcOffsetMinutes(utcMidnight, timeZone) * MINUTE_MS);
}
