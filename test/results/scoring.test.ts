import { aggregateWave, type StoredResponse } from '../../src/results/aggregate';
import {
  burnoutScore,
  cbiScore,
  engagementScore,
  isFavourable,
  tenPointScore,
  themeScores,
} from '../../src/results/scoring';
import { CBI_WORK_BURNOUT, INTENTION_TO_STAY, NQPS_ENGAGEMENT } from '../../src/surveys/authoring/templates';

const nqps = (values: (number | undefined)[]) =>
  Object.fromEntries(values.flatMap((v, i) => (v === undefined ? [] : [[`nqps${i + 1}`, String(v)]])));
const cbi = (values: (number | undefined)[]) =>
  Object.fromEntries(values.flatMap((v, i) => (v === undefined ? [] : [[`cbi${i + 1}`, String(v)]])));

describe('NHS scoring', () => {
  it('scores five-point answers 0, 2.5, 5, 7.5, 10', () => {
    expect(['1', '2', '3', '4', '5'].map((v) => tenPointScore(v))).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(tenPointScore('9')).toBeUndefined();
  });

  it('computes engagement as the mean of the three sub-theme means (hand-computed)', () => {
    // motivation (5,4,3) → (10+7.5+5)/3 = 7.5; involvement (2,2,2) → 2.5; advocacy (5,5,4) → (10+10+7.5)/3 = 9.1667
    const themes = themeScores(NQPS_ENGAGEMENT.questions, nqps([5, 4, 3, 2, 2, 2, 5, 5, 4]));
    expect(themes.get('motivation')).toBeCloseTo(7.5);
    expect(themes.get('involvement')).toBeCloseTo(2.5);
    expect(themes.get('advocacy')).toBeCloseTo(9.1667, 3);
    expect(engagementScore(themes)).toBeCloseTo((7.5 + 2.5 + 9.1667) / 3, 3);
  });

  it('handles a partly answered engagement survey: themes from what was answered', () => {
    // only motivation item 1 (4 → 7.5) and advocacy item 9 (2 → 2.5): engagement (7.5 + 2.5) / 2 = 5
    const themes = themeScores(
      NQPS_ENGAGEMENT.questions,
      nqps([4, undefined, undefined, undefined, undefined, undefined, undefined, undefined, 2]),
    );
    expect([...themes.keys()].sort()).toEqual(['advocacy', 'motivation']);
    expect(engagementScore(themes)).toBe(5);
  });

  it('scores CBI 0–100 with item 7 reversed (hand-computed)', () => {
    expect(cbiScore('5')).toBe(100);
    expect(cbiScore('5', true)).toBe(0);
    // items 1–6 all "often / to a high degree" (4 → 75); item 7 "always has energy" (5 → reversed 0): (6×75 + 0) / 7
    expect(burnoutScore(CBI_WORK_BURNOUT.questions, cbi([4, 4, 4, 4, 4, 4, 5]))).toBeCloseTo(450 / 7);
  });

  it('counts a CBI score only when at least half the items are answered', () => {
    expect(
      burnoutScore(CBI_WORK_BURNOUT.questions, cbi([5, 5, 5, undefined, undefined, undefined, undefined])),
    ).toBeUndefined();
    expect(burnoutScore(CBI_WORK_BURNOUT.questions, cbi([5, 5, 5, 1, undefined, undefined, undefined]))).toBe(75);
  });

  it('counts favourable answers the right way round for reverse items', () => {
    expect(isFavourable('4')).toBe(true);
    expect(isFavourable('3')).toBe(false);
    expect(isFavourable('2', true)).toBe(true); // disagreeing with "I often think about leaving"
  });
});

describe('aggregating a closed wave', () => {
  const person = (values: number[], about: Record<string, string> = {}): StoredResponse => ({
    answers: nqps(values),
    about,
  });

  it('shows nothing at all for fewer than k responses', async () => {
    const result = await aggregateWave(
      NQPS_ENGAGEMENT.questions,
      Array.from({ length: 9 }, () => person([5, 5, 5, 5, 5, 5, 5, 5, 5])),
      { recipients: 20, k: 10, kComments: 10 },
    );
    expect(result).toEqual({ responses: 9, showable: false, breakdowns: [], comments: {} });
  });

  it('computes overall figures and a breakdown with its small directorate hidden', async () => {
    const responses = [
      ...Array.from({ length: 12 }, () => person([5, 5, 5, 5, 5, 5, 5, 5, 5], { directorate: 'Medicine' })),
      ...Array.from({ length: 10 }, () => person([1, 1, 1, 1, 1, 1, 1, 1, 1], { directorate: 'Surgery' })),
      ...Array.from({ length: 9 }, () => person([3, 3, 3, 3, 3, 3, 3, 3, 3], { directorate: 'Estates' })),
    ];
    const result = await aggregateWave(NQPS_ENGAGEMENT.questions, responses, { recipients: 40, k: 10, kComments: 10 });
    expect(result.responseRate).toBe(77.5);
    expect(result.overall!.engagement).toBeCloseTo((12 * 10 + 0 + 9 * 5) / 31, 1);
    expect(result.overall!.favourable.nqps1).toBeCloseTo((100 * 12) / 31, 1);
    const byDirectorate = result.breakdowns.find((b) => b.dimension === 'directorate')!;
    // Estates (9) is hidden, so the next smallest (Surgery, 10) is hidden with it.
    expect(byDirectorate.hidden).toEqual(['Estates', 'Surgery']);
    expect(byDirectorate.shown.map((s) => s.group)).toEqual(['Medicine']);
    expect(JSON.stringify(result)).not.toContain('"people":9');
  });

  it('keeps comments only at the threshold, redacted', async () => {
    const text = (i: number): StoredResponse => ({
      answers: { its1: '2', its2: '4', its3: `More staff on nights, ask Dr Jones ${i}` },
      about: {},
    });
    const few = await aggregateWave(
      INTENTION_TO_STAY.questions,
      Array.from({ length: 12 }, (_, i) => (i < 9 ? text(i) : { answers: { its1: '2', its2: '4' }, about: {} })),
      { recipients: 12, k: 10, kComments: 10 },
    );
    expect(few.comments).toEqual({});
    const many = await aggregateWave(
      INTENTION_TO_STAY.questions,
      Array.from({ length: 12 }, (_, i) => text(i)),
      { recipients: 12, k: 10, kComments: 10 },
    );
    expect(many.comments.its3).toHaveLength(12);
    expect(many.comments.its3!.every((c) => c.includes('Dr [name]'))).toBe(true);
    expect(many.overall!.favourable.its1).toBe(100); // disagreeing with "I often think about leaving" is favourable
  });
});
