import { card, type CardJson, commandAction, expandCard } from '../cards';

const ERROR_TEMPLATE = card(
  [
    { type: 'TextBlock', text: 'Sorry, something went wrong', weight: 'Bolder', size: 'Medium', wrap: true },
    {
      type: 'TextBlock',
      text: 'Nothing you sent has been lost. Please try again in a minute. If it keeps happening, tell your Staff Voice administrator and quote this reference:',
      wrap: true,
    },
    { type: 'TextBlock', text: '${correlationId}', fontType: 'Monospace', wrap: true },
  ],
  [commandAction('Help', 'help')],
);

/** Shown when a turn fails: an apology and a reference support can find in the logs. */
export function errorCard(correlationId: string): CardJson {
  return expandCard(ERROR_TEMPLATE, { correlationId });
}

const PROBLEM_TEMPLATE = card([
  { type: 'TextBlock', text: '${title}', weight: 'Bolder', wrap: true, color: 'Attention' },
  { type: 'TextBlock', text: '${detail}', wrap: true },
]);

/** A polite refusal: what went wrong and what to do, for tampered, stale or forbidden actions. */
export function problemCard(title: string, detail: string): CardJson {
  return expandCard(PROBLEM_TEMPLATE, { title, detail });
}
