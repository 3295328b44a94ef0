import { shuffle } from '../platform/random';

// Order matters: emails before @mentions, NHS numbers (ten digits, often 3-3-4) before phone numbers.
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const NHS_NUMBER = /\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g;
const PHONE = /(?:\+44\s?(?:\(0\)\s?)?|\b0)\d(?:[\s-]?\d){8,9}\b/g;
const MENTION = /@[A-Za-z][\w.'-]*(?:\s+[A-Z][\w'-]*)?/g;
const TITLED_NAME = /\b(Dr|Sister|Nurse|Mr|Mrs|Ms|Miss)\.?\s+[A-Z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+)?/g;

type Rule = readonly [RegExp, (match: RegExpExecArray) => string];
const RULES: readonly Rule[] = [
  [EMAIL, () => '[email]'],
  [NHS_NUMBER, () => '[NHS number]'],
  [PHONE, () => '[phone]'],
  [MENTION, () => '[name]'],
  [TITLED_NAME, (m) => `${m[1]} [name]`],
];

// Format characters (zero-width space and joiners, soft hyphen, bidi marks, word joiner, tags) are invisible, so
// "jo\u200B.bloggs@nhs.net" reads as an email to a person and as none to a pattern.
const FORMAT = /\p{Cf}/gu;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The text as the patterns read it (NFKC, format characters gone), and where each of its characters came from. */
interface View {
  readonly text: string;
  /** For each character of `text`, the start and end (in the original) of the grapheme it came from. */
  readonly from: readonly (readonly [number, number])[];
}

/**
 * What the patterns look at: each grapheme without its format characters, in NFKC (fullwidth "０７７００" → "07700",
 * ligatures and compatibility forms folded). Grapheme by grapheme, so a match maps back to whole original graphemes.
 */
function viewOf(text: string): View {
  let out = '';
  const from: (readonly [number, number])[] = [];
  for (const { segment, index } of graphemes.segment(text)) {
    const piece = segment.replace(FORMAT, '').normalize('NFKC');
    const span = [index, index + segment.length] as const;
    for (let i = 0; i < piece.length; i++) from.push(span);
    out += piece;
  }
  return { text: out, from };
}

/**
 * One rule over the text: matches are found in the normalised view, and the original graphemes they cover (with any
 * format characters hidden inside) are replaced. Everything outside a match is the original text, unchanged.
 */
function applyRule(text: string, [pattern, replacement]: Rule): string {
  const view = viewOf(text);
  let out = '';
  let kept = 0;
  for (const m of view.text.matchAll(new RegExp(pattern.source, pattern.flags))) {
    const start = view.from[m.index]![0];
    const end = view.from[m.index + m[0].length - 1]![1];
    if (start < kept) continue; // the grapheme was taken by the match before
    out += text.slice(kept, start) + replacement(m as RegExpExecArray);
    kept = end;
  }
  return out + text.slice(kept);
}

/**
 * Removes what would identify someone from a free-text comment before anyone reads it: email addresses, NHS
 * numbers, phone numbers, @mentions, and names after a title ("Dr Patel" → "Dr [name]"). The patterns read the text
 * normalised (NFKC, format characters removed), so a zero-width space, soft hyphen or fullwidth digit hides nothing.
 */
export function redactComment(text: string): string {
  return RULES.reduce(applyRule, text);
}

/**
 * The comments a group's readers may see: none unless at least `kComments` people commented; otherwise every
 * comment, redacted, in a random order (so the order says nothing about who wrote which).
 */
export function commentsToShow(comments: readonly string[], kComments: number): string[] {
  if (comments.length < Math.max(kComments, 1)) return [];
  return shuffle(comments).map(redactComment);
}
