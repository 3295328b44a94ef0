import { Sealer, newSealingKey } from '../../src/platform/crypto';
import { addWorkingDays, canMoveTo, ENGLAND_AND_WALES_BANK_HOLIDAYS, formatReference, isReference, parseQuarter, quarterOf } from '../../src/speak-up/case';

const holidays = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS);
const TZ = 'Europe/London';

describe('speak-up rules', () => {
  it('counts working days past weekends and bank holidays', () => {
    expect(addWorkingDays(new Date('2026-11-20T15:00:00Z'), 2, holidays, TZ).toISOString()).toBe('2026-11-24T15:00:00.000Z'); // Fri → Tue
    // Thursday 24 December: Christmas (Fri) and the Boxing Day substitute (Mon 28th) do not count.
    expect(addWorkingDays(new Date('2026-12-24T10:00:00Z'), 2, holidays, TZ).toISOString()).toBe('2026-12-30T10:00:00.000Z');
    // Easter 2027: Good Friday 26 March and Easter Monday 29 March.
    expect(addWorkingDays(new Date('2027-03-25T09:00:00Z'), 1, holidays, TZ).toISOString()).toBe('2027-03-30T08:00:00.000Z');
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
    expect(parseQuarter('2026/27 q1')).toMatchObject({ label: '2026/27 Q1', from: new Date('2026-03-31T23:00:00Z'), to: new Date('2026-06-30T23:00:00Z') });
    expect(quarterOf(new Date('2026-06-30T23:30:00Z')).label).toBe('2026/27 Q2'); // 00:30 on 1 July, UK time
    expect(parseQuarter('2026/27 q4')).toMatchObject({ from: new Date('2027-01-01T00:00:00Z'), to: new Date('2027-03-31T23:00:00Z') });
    expect(parseQuarter('next week')).toBeUndefined();
  });

  it('seals text so it reads back only with the key and in its own case', () => {
    const sealer = new Sealer(newSealingKey());
    const sealed = sealer.seal('the concern', 'FTSU-2026-0001');
    expect(sealed).not.toContain('concern');
    expect(sealer.open(sealed, 'FTSU-2026-0001')).toBe('the concern');
    expect(() => sealer.open(sealed, 'FTSU-2026-0002')).toThrow();
    expect(() => new Sealer(newSealingKey()).open(sealed, 'FTSU-2026-0001')).toThrow();
    expect(sealer.tag('id', 'a')).toBe(sealer.tag('id', 'a'));
    expect(sealer.tag('id', 'a')).not.toBe(new Sealer(newSealingKey()).tag('id', 'a'));
  });
});
