import { SpeakUpKeys, newSealingKey } from '../../src/platform/crypto';
import { bankHolidaysFor } from '../../src/platform/calendar/bank-holidays';
import { addWorkingDays } from '../../src/platform/calendar/working-days';
import { canMoveTo, formatReference, isReference, parseQuarter, quarterOf } from '../../src/speak-up/case';

const holidays = bankHolidaysFor({ region: 'england-and-wales' });
const TZ = 'Europe/London';

describe('speak-up rules', () => {
  it('counts working days past weekends and bank holidays', () => {
    expect(addWorkingDays(new Date('2026-11-20T15:00:00Z'), 2, holidays, TZ).toISOString()).toBe(
      '2026-11-24T15:00:00.000Z',
    ); // Fri → Tue
    // Thursday 24 December: Christmas (Fri) and the Boxing Day substitute (Mon 28th) do not count.
    expect(addWorkingDays(new Date('2026-12-24T10:00:00Z'), 2, holidays, TZ).toISOString()).toBe(
      '2026-12-30T10:00:00.000Z',
    );
    // Easter 2027: Good Friday 26 March and Easter Monday 29 March.
    expect(addWorkingDays(new Date('2027-03-25T09:00:00Z'), 1, holidays, TZ).toISOString()).toBe(
      '2027-03-30T08:00:00.000Z',
    );
  });

  it("skips each nation's own bank holidays, years past any hand-kept list", () => {
    const scotland = bankHolidaysFor({ region: 'scotland' });
    const northernIreland = bankHolidaysFor({ region: 'northern-ireland' });
    // Thursday 13 April 2028, 10:00 UK time: Good Friday everywhere; Easter Monday (17th) in England, not in Scotland.
    const beforeEaster = new Date('2028-04-13T09:00:00Z');
    expect(addWorkingDays(beforeEaster, 2, holidays, TZ).toISOString()).toBe('2028-04-19T09:00:00.000Z');
    expect(addWorkingDays(beforeEaster, 2, scotland, TZ).toISOString()).toBe('2028-04-18T09:00:00.000Z');
    // Thursday 18 April 2030: Easter Monday is 22 April.
    expect(addWorkingDays(new Date('2030-04-18T09:00:00Z'), 1, holidays, TZ).toISOString()).toBe(
      '2030-04-23T09:00:00.000Z',
    );
    // Friday 31 December 2027: Monday 3 January 2028 is a holiday in both; Tuesday 4th in Scotland only.
    const newYearsEve = new Date('2027-12-31T10:00:00Z');
    expect(addWorkingDays(newYearsEve, 1, holidays, TZ).toISOString()).toBe('2028-01-04T10:00:00.000Z');
    expect(addWorkingDays(newYearsEve, 1, scotland, TZ).toISOString()).toBe('2028-01-05T10:00:00.000Z');
    // Tuesday 11 July 2028: 12 July (Wednesday) is a holiday in Northern Ireland only.
    const eleventh = new Date('2028-07-11T09:00:00Z');
    expect(addWorkingDays(eleventh, 1, northernIreland, TZ).toISOString()).toBe('2028-07-13T09:00:00.000Z');
    expect(addWorkingDays(eleventh, 1, holidays, TZ).toISOString()).toBe('2028-07-12T09:00:00.000Z');
  });

  it('counts only the dates a deployment lists when it replaces the calendar', () => {
    const own = bankHolidaysFor({ dates: ['2028-07-12'] });
    expect(addWorkingDays(new Date('2028-07-11T09:00:00Z'), 1, own, TZ).toISOString()).toBe('2028-07-13T09:00:00.000Z');
    // Good Friday and Easter Monday 2028 are not on the list, so they count as working days.
    expect(addWorkingDays(new Date('2028-04-13T09:00:00Z'), 2, own, TZ).toISOString()).toBe('2028-04-17T09:00:00.000Z');
  });

  it('formats and recognises references', () => {
    expect(formatReference(2026, 42)).toBe('FTSU-2026-0042');
    expect(isReference('FTSU-2026-0042')).toBe(true);
    expect(isReference('FTSU-2026-42')).toBe(false);
    expect(isReference("FTSU-2026-0042' or 1 eq 1")).toBe(false);
  });

  it('moves status forward only, and never closes without an outcome', () => {
    expect(canMoveTo('new', 'acknowledged')).toBe(true);
    expect(canMoveTo('in-progress', 'acknowledged')).toBe(false);
    expect(canMoveTo('in-progress', 'closed')).toBe(false);
  });

  it('uses financial-year quarters as the NGO does', () => {
    expect(quarterOf(new Date('2026-11-23T10:00:00Z')).label).toBe('2026/27 Q3');
    expect(quarterOf(new Date('2027-02-01T10:00:00Z')).label).toBe('2026/27 Q4');
    // UK time: 1 April 2026 starts at 23:00 UTC on 31 March (British Summer Time).
    expect(parseQuarter('2026/27 q1')).toMatchObject({
      label: '2026/27 Q1',
      from: new Date('2026-03-31T23:00:00Z'),
      to: new Date('2026-06-30T23:00:00Z'),
    });
    expect(quarterOf(new Date('2026-06-30T23:30:00Z')).label).toBe('2026/27 Q2'); // 00:30 on 1 July, UK time
    expect(parseQuarter('2026/27 q4')).toMatchObject({
      from: new Date('2027-01-01T00:00:00Z'),
      to: new Date('2027-03-31T23:00:00Z'),
    });
    expect(parseQuarter('next week')).toBeUndefined();
  });

  it('seals text so it reads back only with the key and in its own case', () => {
    const sealer = new SpeakUpKeys(newSealingKey());
    const sealed = sealer.seal('the concern', 'FTSU-2026-0001');
    expect(sealed).not.toContain('concern');
    expect(sealer.open(sealed, 'FTSU-2026-0001')).toBe('the concern');
    expect(() => sealer.open(sealed, 'FTSU-2026-0002')).toThrow();
    expect(() => new SpeakUpKeys(newSealingKey()).open(sealed, 'FTSU-2026-0001')).toThrow();
    expect(sealer.tag('id', 'a')).toBe(sealer.tag('id', 'a'));
    expect(sealer.tag('id', 'a')).not.toBe(new SpeakUpKeys(newSealingKey()).tag('id', 'a'));
  });
});
