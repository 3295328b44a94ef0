import Holidays from 'date-holidays';

/** The UK's bank-holiday calendars. England and Wales share one; Scotland and Northern Ireland each have their own. */
export const BANK_HOLIDAY_REGIONS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type BankHolidayRegion = (typeof BANK_HOLIDAY_REGIONS)[number];

/** Where the bank holidays come from: a nation's calendar, or a deployment's own list of dates (YYYY-MM-DD). */
export type BankHolidaySource = { readonly region: BankHolidayRegion } | { readonly dates: readonly string[] };

/** Answers whether a local calendar date (YYYY-MM-DD) is a bank holiday. */
export interface BankHolidays {
  has(isoDate: string): boolean;
}

// date-holidays' subdivisions of GB; Wales's data is the same as England's (test/platform/bank-holidays.test.ts).
const STATE: Readonly<Record<BankHolidayRegion, string>> = {
  'england-and-wales': 'ENG',
  scotland: 'SCT',
  'northern-ireland': 'NIR',
};
const ISO_DATE = /^(\d{4})-\d{2}-\d{2}$/;

/**
 * The bank holidays of a source. A region's come from the maintained calendar in date-holidays (public and bank
 * holidays only, not observances such as Mother's Day), with substitute days when one falls at a weekend; each year is
 * worked out the first time it is asked for and kept, since the speak-up timers ask on every case.
 */
export function bankHolidaysFor(source: BankHolidaySource): BankHolidays {
  if ('dates' in source) return new Set(source.dates);
  const calendar = new Holidays('GB', STATE[source.region]);
  const years = new Map<number, ReadonlySet<string>>();
  return {
    has(isoDate) {
      const year = Number(ISO_DATE.exec(isoDate)?.[1] ?? Number.NaN);
      if (Number.isNaN(year))
        throw new TypeError(`bank holidays are looked up by date as YYYY-MM-DD, not "${isoDate}"`);
      let days = years.get(year);
      if (!days) {
        // `date` is the local day in the calendar's own time zone (Europe/London): "2026-12-28 00:00:00".
        days = new Set(
          calendar
            .getHolidays(year)
            .filter((h) => h.type === 'public' || h.type === 'bank')
            .map((h) => h.date.slice(0, 10)),
        );
        years.set(year, days);
      }
      return days.has(isoDate);
    },
  };
}
