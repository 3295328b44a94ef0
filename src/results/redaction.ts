import { shuffle } from '../platform/random';

// Order matters: emails before @mentions, NHS numbers (ten digits, often 3-3-4) before phone numbers.
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const NHS_NUMBER = /\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g;
const PHONE = /(?:\+44\s?(?:\(0\)\s?)?|\b0)\d(?:[\s-]?\d){8,9}\b/g;
const MENTION = /@[A-Za-z][\w.'-]*(?:\s+[A-Z][\w'-]*)?/g;
const TITLED_NAME = /\b(Dr|Sister|Nurse|Mr|Mrs|Ms|Miss)\.?\s+[A-Z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+)?/g;

/**
 * Removes what would identify someone from a free-text comment before anyone reads it: email addresses, NHS
 * numbers, phone numbers, @mentions, and names after a title ("Dr Patel" → "Dr [name]").
 */
export function redactComment(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(NHS_NUMBER, '[NHS number]')
    .replace(PHONE, '[phone]')
    .replace(MENTION, '[name]')
    .replace(TITLED_NAME, (_m, title: string) => `${title} [name]`);
}

/**
 * The comments a group's readers may see: none unless at least `kComments` people commented; otherwise every
 * comment, redacted, in a random order (so the order says nothing about who wrote which).
 */
export function commentsToShow(comments: readonly string[], kComments: number): string[] {
  if (comments.length < Math.max(kComments, 1)) return [];
  return shuffle(comments).map(redactComment);
}
