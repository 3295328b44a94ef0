import type { CardJson } from '../cards';
import type { ConversationRef } from '../conversation-ref';
import type { Log } from '../log';
import type { BotTokenSource } from './bot-auth';

/** What happened to one proactive send. Values, not exceptions: the dispatcher decides what to do with each. */
export type SendResult =
  | { kind: 'sent'; activityId: string }
  | { kind: 'throttled'; retryAfterMs: number }
  | { kind: 'recipient-gone'; reason: 'blocked' | 'not-found' }
  | { kind: 'failed'; retryable: boolean; status?: number; reason: string };

/** Sends and updates proactive messages. */
export interface Messenger {
  sendCard(
    to: ConversationRef,
    card: CardJson,
    options?: { replyToId?: string; summary?: string },
  ): Promise<SendResult>;
  updateCard(to: ConversationRef, activityId: string, card: CardJson): Promise<SendResult>;
}

const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
const DEFAULT_RETRY_AFTER_MS = 1000;
// Teams answers a send well within this; a hung socket must not hold a dispatcher worker forever.
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * A Bot Connector REST client that makes exactly one HTTP call per send. botbuilder's own client retries 429s and
 * 5xx inside the call, which would hide throttling from the dispatcher and break its shared pause and budget.
 */
export class ConnectorMessenger implements Messenger {
  constructor(private readonly deps: { tokens: BotTokenSource; log: Log }) {}

  async sendCard(
    to: ConversationRef,
    card: CardJson,
    options: { replyToId?: string; summary?: string } = {},
  ): Promise<SendResult> {
    const path = `v3/conversations/${encodeURIComponent(to.conversationId)}/activities${options.replyToId ? `/${encodeURIComponent(options.replyToId)}` : ''}`;
    return this.call('POST', to, path, cardActivity(to, card, options.summary, options.replyToId));
  }

  async updateCard(to: ConversationRef, activityId: string, card: CardJson): Promise<SendResult> {
    const path = `v3/conversations/${encodeURIComponent(to.conversationId)}/activities/${encodeURIComponent(activityId)}`;
    const result = await this.call('PUT', to, path, { ...cardActivity(to, card), id: activityId });
    return result.kind === 'sent' ? { kind: 'sent', activityId } : result;
  }

  private async call(method: string, to: ConversationRef, path: string, body: unknown): Promise<SendResult> {
    let response: Response;
    try {
      const token = await this.deps.tokens.token();
      response = await fetch(new URL(path, withSlash(to.serviceUrl)), {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      return {
        kind: 'failed',
        retryable: true,
        reason: `network: ${(error as Error).name}: ${(error as Error).message}`,
      };
    }
    return classify(response);
  }
}

async function classify(response: Response): Promise<SendResult> {
  const text = await response.text().catch(() => '');
  if (response.ok) {
    const id = safeJson(text)?.id;
    return { kind: 'sent', activityId: typeof id === 'string' ? id : '' };
  }
  const code = String(safeJson(text)?.error?.code ?? '');
  switch (response.status) {
    case 429:
      return { kind: 'throttled', retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
    case 403:
      // Teams: the person blocked the bot or removed the app. Retrying cannot succeed.
      if (/blocked|MessageWritesBlocked/i.test(code)) return { kind: 'recipient-gone', reason: 'blocked' };
      return { kind: 'failed', retryable: false, status: 403, reason: code || 'forbidden' };
    case 404:
      return { kind: 'recipient-gone', reason: 'not-found' };
    case 412:
    case 500:
    case 502:
    case 503:
    case 504:
      return { kind: 'failed', retryable: true, status: response.status, reason: code || `HTTP ${response.status}` };
    default:
      return { kind: 'failed', retryable: false, status: response.status, reason: code || `HTTP ${response.status}` };
  }
}

/** Retry-After is seconds or an HTTP date; anything else falls back to one second. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (!header) return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, date - now);
}

function cardActivity(to: ConversationRef, card: CardJson, summary?: string, replyToId?: string) {
  return {
    type: 'message',
    from: { id: to.botId },
    conversation: { id: to.conversationId },
    ...(replyToId ? { replyToId } : {}),
    ...(summary ? { summary } : {}),
    attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }],
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
