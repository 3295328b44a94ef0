import Holidays from 'date-holidays';
import { bankHolidaysFor } from '../../src/platform/calendar/bank-holidays';

const england = bankHolidaysFor({ region: 'england-and-wales' });
const scotland = bankHolidaysFor({ region: 'scotland' });
const northernIreland = bankHolidaysFor({ region: 'northern-ireland' });

/** The weekday dates of a year that a calendar counts as bank holidays (weekend originals of substitutes left out). */
function weekdayHolidays(calendar: { has(d: string): boolean }, year: number): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const date = new Date(t);
    const iso = date.toISOString().slice(0, 10);
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6 && calendar.has(iso)) days.push(iso);
  }
  return days;
}

describe('bank holidays', () => {
  it('knows Easter Monday in England and Wales for years no hand-kept list reached', () => {
    expect(england.has('2028-04-17')).toBe(true); // Easter Monday 2028
    expect(england.has('2030-04-22')).toBe(true); // Easter Monday 2030
    expect(england.has('2028-04-14')).toBe(true); // Good Friday 2028
    expect(england.has('2028-04-18')).toBe(false);
  });

  it('gives the Monday when a bank holiday falls at a weekend', () => {
    expect(england.has('2026-12-28')).toBe(true); // Boxing Day 2026 is a Saturday
    // Christmas Day and Boxing Day 2027 are Saturday and Sunday: Monday 27 and Tuesday 28 December.
    expect(england.has('2027-12-27') && england.has('2027-12-28')).toBe(true);
    expect(england.has('2028-01-03')).toBe(true); // New Year's Day 2028 is a Saturday
    expect(england.has('2028-12-27')).toBe(false); // 2028: Christmas is a Monday, so no substitute
  });

  it('keeps 2 January in Scotland only, moved to a weekday when it falls at a weekend', () => {
    expect(scotland.has('2026-01-02')).toBe(true); // a Friday
    expect(england.has('2026-01-02')).toBe(false);
    expect(scotland.has('2027-01-04')).toBe(true); // 2 January 2027 is a Saturday: Monday 4th
    expect(england.has('2027-01-04')).toBe(false);
    // 1 and 2 January 2028 are a weekend: Scotland has Monday 3rd and Tuesday 4th, England the 3rd only.
    expect(scotland.has('2028-01-03') && scotland.has('2028-01-04')).toBe(true);
    expect(england.has('2028-01-04')).toBe(false);
  });

  it('keeps 12 July in Northern Ireland only, moved to the Monday when it falls on a Sunday', () => {
    expect(northernIreland.has('2028-07-12')).toBe(true); // a Wednesday
    expect(england.has('2028-07-12')).toBe(false);
    expect(scotland.has('2028-07-12')).toBe(false);
    expect(northernIreland.has('2026-07-13')).toBe(true); // 12 July 2026 is a Sunday
    expect(northernIreland.has('2028-03-17')).toBe(true); // St Patrick's Day
    expect(england.has('2028-03-17')).toBe(false);
  });

  it("follows each nation's own differences: no Easter Monday in Scotland, its summer holiday in early August", () => {
    expect(scotland.has('2028-04-17')).toBe(false);
    expect(scotland.has('2028-08-07')).toBe(true);
    expect(scotland.has('2028-08-28')).toBe(false);
    expect(england.has('2028-08-28')).toBe(true);
  });

  it("counts public holidays only, not observances such as Mother's Day", () => {
    expect(england.has('2028-03-26')).toBe(false); // Mothering Sunday 2028
    expect(england.has('2028-04-16')).toBe(false); // Easter Sunday 2028
  });

  it('matches the gov.uk lists', () => {
    expect([2025, 2026, 2027].flatMap((y) => weekdayHolidays(england, y))).toEqual([
      '2025-01-01',
      '2025-04-18',
      '2025-04-21',
      '2025-05-05',
      '2025-05-26',
      '2025-08-25',
      '2025-12-25',
      '2025-12-26',
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ]);
    expect(weekdayHolidays(scotland, 2026)).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-04-03',
      '2026-05-04',
      '2026-05-25',
      '2026-08-03',
      '2026-11-30',
      '2026-12-25',
      '2026-12-28',
    ]);
    expect(weekdayHolidays(northernIreland, 2026)).toEqual([
      '2026-01-01',
      '2026-03-17',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-07-13',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
  });

  it('needs one setting for England and Wales: the calendar gives Wales the same days', () => {
    const wales = new Holidays('GB', 'WLS');
    for (let year = 2025; year <= 2050; year++) {
      const welsh = wales
        .getHolidays(year)
        .filter((h) => h.type === 'public' || h.type === 'bank')
        .map((h) => h.date.slice(0, 10));
      expect(weekdayHolidays(england, year)).toEqual(
        welsh.filter((d) => ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay())),
      );
    }
  });

  it('works a year out once, however often it is asked', () => {
    const lookups = jest.spyOn(Holidays.prototype, 'getHolidays');
    try {
      const calendar = bankHolidaysFor({ region: 'england-and-wales' });
      for (let i = 0; i < 100; i++) calendar.has('2029-05-07');
      calendar.has('2029-12-25');
      calendar.has('2030-01-01');
      expect(lookups).toHaveBeenCalledTimes(2);
    } finally {
      lookups.mockRestore();
    }
  });

  it("uses a deployment's own list instead of the calendar when given one", () => {
    const own = bankHolidaysFor({ dates: ['2028-07-12'] });
    expect(own.has('2028-07-12')).toBe(true);
    expect(own.has('2028-04-17')).toBe(false); // Easter Monday: the list replaces the calendar, it does not add to it
  });

  it('refuses a lookup that is not a date', () => {
    expect(() => england.has('17/04/2028')).toThrow('YYYY-MM-DD');
  });
});
