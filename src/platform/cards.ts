import * as ACData from 'adaptivecards-templating';

/** An Adaptive Card as plain JSON. */
export type CardJson = Record<string, unknown>;

/** Adaptive Card schema version Teams renders in full (Action.Execute needs 1.5). */
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const CARD_VERSION = '1.5';

/**
 * Expands a card template with data. Whatever a person typed goes only into `data`, never into the template, so
 * text like `${secret}` or markdown in a concern is shown as-is and cannot change the card.
 */
export function expandCard(template: CardJson, data: Record<string, unknown>): CardJson {
  return new ACData.Template(template).expand({ $root: data }) as CardJson;
}

/** A card shell: schema 1.5, full width in Teams. */
export function card(body: unknown[], actions: unknown[] = [], extra: Record<string, unknown> = {}): CardJson {
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    msteams: { width: 'Full' },
    body,
    ...(actions.length > 0 ? { actions } : {}),
    ...extra,
  };
}

/** An Action.Execute button whose data carries the verb, so the Action.Submit fallback routes the same way. */
export function executeAction(
  title: string,
  verb: string,
  data: Record<string, unknown> = {},
  style?: 'positive' | 'destructive',
): Record<string, unknown> {
  return {
    type: 'Action.Execute',
    title,
    verb,
    data: { ...data, verb },
    ...(style ? { style } : {}),
  };
}

/** A button that sends a chat command as if the person typed it. */
export function commandAction(title: string, command: string): Record<string, unknown> {
  return { type: 'Action.Submit', title, data: { msteams: { type: 'imBack', value: command } } };
}

/**
 * Turns a finished card into a template that expands to itself: every `${` in it is escaped, so text an admin or a
 * person typed can never become a template expression. Callers then add their own slots (e.g. `${to}`) by path.
 */
export function escapeTemplate<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\$\{/g, '\\${') as T;
  if (Array.isArray(value)) return value.map(escapeTemplate) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeTemplate(v)])) as T;
  return value;
}

/**
 * Text someone typed (a survey comment, a concern), shown so that nothing in it acts: a RichTextBlock's TextRun is
 * never read as Markdown (unlike a TextBlock, a FactSet or a Fact), and `unlinked` breaks anything a client could
 * turn into a link.
 */
export function inertText(text: string, run: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: unlinked(text), ...run }] };
}

/**
 * Breaks web addresses with an invisible zero-width space so that no client links them: after the `:/` of a
 * scheme (`https://`), after `www`, and after the dot of a bare domain (`example.org`), which clients also link.
 */
export function unlinked(text: string): string {
  return text
    .replace(/:\/\//g, ':/\u200B/')
    .replace(/\b(www)\./gi, '$1\u200B.')
    .replace(/([A-Za-z0-9-])\.(?=[A-Za-z]{2,})/g, '$1.\u200B');
}
