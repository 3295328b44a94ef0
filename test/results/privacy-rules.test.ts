import fc from 'fast-check';
import { commentsToShow, redactComment } from '../../src/results/redaction';
import {
  cellsToHide,
  completeSuppression,
  effectiveK,
  isShowable,
  speakUpCount,
  type Cell,
} from '../../src/results/suppression';

const cells = (sizes: Record<string, number>): Cell[] =>
  Object.entries(sizes).map(([key, people]) => ({ key, people }));

describe('minimum group size', () => {
  it('hides a group of 9 and shows a group of 10 at k = 10', () => {
    expect(isShowable(9, 10)).toBe(false);
    expect(isShowable(10, 10)).toBe(true);
  });

  it('never goes below 5, whatever is configured', () => {
    expect(effectiveK(2)).toBe(5);
    expect(isShowable(4, 1)).toBe(false);
  });
});

describe('secondary suppression', () => {
  it('hides a directorate of 9 respondents', () => {
    expect(cellsToHide(cells({ Medicine: 40, Surgery: 25, Estates: 9 }), 10)).toContain('Estates');
  });

  it('when exactly one cell would be hidden, hides the next-smallest too', () => {
    const hidden = cellsToHide(cells({ Medicine: 40, Surgery: 25, Pharmacy: 12, Estates: 9 }), 10);
    expect([...hidden].sort()).toEqual(['Estates', 'Pharmacy']);
  });

  it('keeps hiding until the hidden cells hold at least k people', () => {
    const hidden = cellsToHide(cells({ A: 40, B: 30, C: 3, D: 2, E: 11 }), 10);
    expect([...hidden].sort()).toEqual(['C', 'D', 'E']);
  });

  it('hides nothing when every cell is big enough', () => {
    expect(cellsToHide(cells({ A: 10, B: 10 }), 10).size).toBe(0);
  });

  it('takes a cell that is never shown anyway (people asked through no team) first, however big', () => {
    const teams = cells({ A: 40, B: 12, C: 3 });
    expect([...completeSuppression(teams, new Set(), 10)].sort()).toEqual(['B', 'C']);
    const withNoTeam = [...teams, { key: 'no team', people: 30, free: true }];
    expect([...completeSuppression(withNoTeam, new Set(), 10)].sort()).toEqual(['C', 'no team']);
  });

  it('no hidden cell can be recovered from the total minus the shown cells (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 5, max: 20 }),
        fc.boolean(),
        (sizes, k, firstIsFree) => {
          // With or without a cell that is never shown (it still counts as hidden only when hidden).
          const breakdown = sizes.map((people, i) => ({ key: `g${i}`, people, free: firstIsFree && i === 0 }));
          const total = sizes.reduce((a, b) => a + b, 0);
          const hidden = completeSuppression(breakdown, new Set(), k);
          const shown = breakdown.filter((c) => !hidden.has(c.key));
          for (const c of shown) expect(c.people).toBeGreaterThanOrEqual(k); // nothing small is shown
          if (hidden.size === 0) return;
          const remainder = total - shown.reduce((a, c) => a + c.people, 0);
          if (remainder < k) {
            expect(shown).toHaveLength(0); // the whole breakdown is too small: nothing shown at all
            return;
          }
          expect(hidden.size).toBeGreaterThanOrEqual(2); // one hidden cell would equal the remainder
          expect(remainder).toBeGreaterThanOrEqual(k); // and the hidden ones together are a group of at least k
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('comments', () => {
  it('hides comments below the threshold and shuffles them above it', () => {
    const some = Array.from({ length: 9 }, (_, i) => `comment ${i}`);
    expect(commentsToShow(some, 10)).toEqual([]);
    const many = Array.from({ length: 30 }, (_, i) => `comment ${i}`);
    const shown = commentsToShow(many, 10);
    expect([...shown].sort()).toEqual([...many].sort());
    expect(shown).not.toEqual(many);
  });

  it.each([
    ['email me at jo.bloggs@nhs.net please', 'email me at [email] please'],
    ['call 07700 900123 or 020 7946 0018', 'call [phone] or [phone]'],
    ['call +44 7700 900123', 'call [phone]'],
    ['patient 943 476 5919 was left', 'patient [NHS number] was left'],
    ['patient 9434765919 was left', 'patient [NHS number] was left'],
    ['thanks to @Priya Shah for covering', 'thanks to [name] for covering'],
    ['Dr Patel shouted at me', 'Dr [name] shouted at me'],
    ['Sister Mary Jones is great', 'Sister [name] is great'],
    [
      'Nurse Ahmed, Mr. Brown, Mrs Green, Ms White and Miss Black',
      'Nurse [name], Mr [name], Mrs [name], Ms [name] and Miss [name]',
    ],
    ['the nurse on nights was kind', 'the nurse on nights was kind'],
  ])('redacts %j', (input, expected) => {
    expect(redactComment(input)).toBe(expected);
  });
});

describe('speak-up counts', () => {
  it('shows 1 and 2 as "fewer than 3"', () => {
    expect([0, 1, 2, 3, 14].map(speakUpCount)).toEqual(['0', 'fewer than 3', 'fewer than 3', '3', '14']);
  });
});
