/** Answer scales the product supports. Five-point scales store 1..5 from least to most of the thing named. */
export type Scale =
  | { readonly kind: 'frequency' } // NQPS motivation items
  | { readonly kind: 'agreement' } // NQPS involvement and advocacy items, our own Likert items
  | { readonly kind: 'cbi-frequency' } // Copenhagen Burnout Inventory, items 4-7
  | { readonly kind: 'cbi-degree' } // Copenhagen Burnout Inventory, items 1-3
  | { readonly kind: 'zero-to-ten' }
  | { readonly kind: 'choice'; readonly options: readonly string[] }
  | { readonly kind: 'text'; readonly maxLength: number };

/** One question of a survey. `id` is stable across waves so that results can be compared. */
export interface Question {
  readonly id: string;
  readonly text: string;
  readonly scale: Scale;
  /** Sub-theme for scoring (e.g. NQPS motivation / involvement / advocacy). */
  readonly theme?: string;
  /** True when agreeing is the unfavourable answer (e.g. "I often think about leaving"), or CBI item 7. */
  readonly reverse?: boolean;
  readonly required: boolean;
  /**
   * A custom single-choice question about the person (ward, team, band), marked by the admin who added it. Treated
   * like "about you": always optional with "Prefer not to say", used only as a breakdown under the same privacy
   * rules, never reported as "% choosing an option".
   */
  readonly describesPerson?: boolean;
}

/** True for a single-choice question that describes the person (see `Question.describesPerson`). */
export function describesPerson(
  q: Question,
): q is Question & { readonly scale: { readonly kind: 'choice'; readonly options: readonly string[] } } {
  return q.describesPerson === true && q.scale.kind === 'choice';
}

/** The labels shown for each five-point scale, least to most. */
export const SCALE_LABELS: Readonly<
  Record<'frequency' | 'agreement' | 'cbi-frequency' | 'cbi-degree', readonly string[]>
> = {
  frequency: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'],
  agreement: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'],
  'cbi-frequency': ['Never / almost never', 'Seldom', 'Sometimes', 'Often', 'Always'],
  'cbi-degree': ['To a very low degree', 'To a low degree', 'Somewhat', 'To a high degree', 'To a very high degree'],
};

/** Free-text answers are capped so a comment stays a comment (and a table property stays small). */
export const MAX_FREE_TEXT = 1000;

/** The values a question accepts, as the server checks them (never trusting the card). */
export function allowedValues(scale: Scale): readonly string[] | 'text' {
  switch (scale.kind) {
    case 'frequency':
    case 'agreement':
    case 'cbi-frequency':
    case 'cbi-degree':
      return ['1', '2', '3', '4', '5'];
    case 'zero-to-ten':
      return Array.from({ length: 11 }, (_, i) => String(i));
    case 'choice':
      return scale.options.map((_, i) => String(i));
    case 'text':
      return 'text';
  }
}
