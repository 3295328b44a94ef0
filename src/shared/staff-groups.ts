/** NHS staff groups, as the NHS Staff Survey groups them: asked by surveys ("about you") and speak-up (the NGO return). */
export const STAFF_GROUPS = [
  'Nursing and midwifery',
  'Medical and dental',
  'Allied health professionals',
  'Healthcare scientists',
  'Additional clinical services',
  'Administrative and clerical',
  'Estates and ancillary',
  'Wider healthcare team',
  'Student / trainee',
  'Bank or agency',
] as const;

/** The "Prefer not to say" choice: stored as nothing at all. */
export const NOT_SAID = 'not-said';

/** The "Prefer not to say" option of a choice set, worded the same wherever a person is asked about themselves. */
export const NOT_SAID_CHOICE: Readonly<{ title: string; value: string }> = {
  title: 'Prefer not to say',
  value: NOT_SAID,
};
