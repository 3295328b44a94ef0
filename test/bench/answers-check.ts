/** What the answers bench found when it counted: replies and what was stored, one per person expected. */
export interface AnswersTally {
  people: number;
  /** One entry per reply that was not the thank-you card: the reply's first line, or `HTTP <status>`. */
  failures: readonly string[];
  answered: number;
  submitting: number;
  queued: number;
}

/**
 * The answers bench's verdict: a figure measured over replies that were not the thank-you card (an error card is
 * cheaper than an answer) is not a figure, so any such reply, or any answer not stored exactly once, fails the
 * bench with the counts and the commonest replies. Returns the line to print when all is well.
 */
export function checkAnswers(t: AnswersTally): string {
  const recorded = `${t.people - t.failures.length} thank-you cards, ${t.failures.length} other replies; stored: ${t.answered} markers answered, ${t.submitting} still submitting, ${t.queued} responses queued`;
  if (t.failures.length === 0 && t.answered === t.people && t.submitting === 0 && t.queued === t.people)
    return `answers recorded: ${recorded}`;
  const kinds = new Map<string, number>();
  for (const f of t.failures) kinds.set(f, (kinds.get(f) ?? 0) + 1);
  const commonest = [...kinds]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([reply, n]) => `${n} × "${reply}"`);
  const replies = commonest.length > 0 ? ` Replies that were not the thank-you card: ${commonest.join(', ')}.` : '';
  throw new Error(
    `answers bench FAILED: of ${t.people} answers, ${recorded}; every answer must get the thank-you card and be stored exactly once.${replies}`,
  );
}
