import { checkAnswers } from './answers-check';

/** The answers bench's verdict: it fails, with the counts, when any reply was not the thank-you card. */
describe("the answers bench's check of its replies", () => {
  const clean = { people: 1000, failures: [], answered: 1000, submitting: 0, queued: 1000 };

  it('passes when every reply was the thank-you card and every answer was stored once', () => {
    expect(checkAnswers(clean)).toBe(
      'answers recorded: 1000 thank-you cards, 0 other replies; stored: 1000 markers answered, 0 still submitting, 1000 responses queued',
    );
  });

  it('fails with the count and the commonest replies when some replies were not the thank-you card', () => {
    const failures = ['Something went wrong', 'HTTP 500', 'Something went wrong'];
    expect(() => checkAnswers({ ...clean, failures, answered: 997, queued: 997 })).toThrow(
      'answers bench FAILED: of 1000 answers, 997 thank-you cards, 3 other replies; stored: 997 markers answered',
    );
    expect(() => checkAnswers({ ...clean, failures, answered: 997, queued: 997 })).toThrow(
      'Replies that were not the thank-you card: 2 × "Something went wrong", 1 × "HTTP 500".',
    );
  });

  it('fails when every reply was a thank-you card but an answer was not stored exactly once', () => {
    expect(() => checkAnswers({ ...clean, queued: 1001 })).toThrow('1001 responses queued');
    expect(() => checkAnswers({ ...clean, answered: 999, submitting: 1 })).toThrow('1 still submitting');
  });
});
