import { randomUUID } from 'node:crypto';
import { CardFactory } from 'botbuilder';
import type { Application, ConversationUpdateEvents } from '@microsoft/teams-ai';
import type { CardJson } from '../cards';
import type { ConversationKind, ConversationRef } from '../conversation-ref';
import type { Log } from '../log';
import { errorCard, problemCard } from './system.cards';
import { teamsFactsOf, type CardAttachment, type Turn } from './turn-facts';

export type { Turn } from './turn-facts';

/** Who is acting, from the activity Teams signed. Roles are looked up from `aadObjectId`, never from card data. */
export interface Caller {
  readonly aadObjectId?: string;
  readonly teamsUserId: string;
  readonly name?: string;
  readonly tenantId?: string;
}

export function callerOf(context: Turn): Caller {
  const { from, conversation } = context.activity;
  return {
    aadObjectId: from?.aadObjectId?.toLowerCase(),
    teamsUserId: from?.id ?? '',
    name: from?.name,
    tenantId: teamsFactsOf(context).tenantId ?? conversation?.tenantId,
  };
}

/** The conversation this turn happened in, in our own shape. */
export function conversationRefOf(context: Turn): ConversationRef {
  const a = context.activity;
  const facts = teamsFactsOf(context);
  const type = a.conversation?.conversationType;
  const kind: ConversationKind = type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
  // A channel post arrives as "<channel id>;messageid=<post id>": the channel itself is what we keep.
  const conversationId =
    kind === 'channel' ? (facts.channel?.id ?? a.conversation.id.split(';')[0] ?? '') : a.conversation.id;
  return {
    kind,
    serviceUrl: a.serviceUrl,
    conversationId,
    tenantId: facts.tenantId ?? a.conversation?.tenantId,
    botId: a.recipient?.id ?? '',
    ...(kind === 'personal' ? { userId: a.from?.id } : {}),
  };
}

/** What Teams says a conversation is. Anything else (or nothing) is `unknown`: never taken for a 1:1 chat. */
export type ConversationType = ConversationKind | 'unknown';

/** Where a turn came from, strictly: the conversation type as Teams named it, and the conversation (a channel's own id). */
export interface Origin {
  readonly type: ConversationType;
  readonly conversationId: string;
}

export function originOf(context: Turn): Origin {
  const a = context.activity;
  const given = a.conversation?.conversationType;
  const type: ConversationType =
    given === 'personal' || given === 'channel' || given === 'groupChat' ? given : 'unknown';
  const id = a.conversation?.id ?? '';
  return {
    type,
    conversationId: type === 'channel' ? (teamsFactsOf(context).channel?.id ?? id.split(';')[0] ?? '') : id,
  };
}

/** True only in a conversation Teams calls personal: a 1:1 chat between the bot and the one person writing in it. */
export const isPersonal = (context: Turn) => originOf(context).type === 'personal';

/**
 * Whether the card a card action returns is seen by the caller alone: the answer to an Action.Execute invoke is shown
 * to whoever clicked, and a 1:1 chat has no one else in it. An Action.Submit in a channel or group chat is answered
 * by replacing the shared card, which everyone sees.
 */
export const answerIsPrivate = (context: Turn) => context.activity.type === 'invoke' || isPersonal(context);

/** Whether a card action is Teams refreshing a card by itself (Universal Actions `refresh`), not a click. */
export const isAutomaticRefresh = (context: Turn) =>
  (context.activity.value as { trigger?: unknown } | undefined)?.trigger === 'automatic';

/** A card as an activity attachment. */
export function cardAttachment(card: CardJson): CardAttachment {
  return CardFactory.adaptiveCard(card);
}

/** Replies in the current conversation with a card. */
export async function replyWithCard(context: Turn, card: CardJson): Promise<void> {
  await context.sendActivity({ attachments: [cardAttachment(card)] });
}

/** The message text as a command: mention already removed by teams-ai, lower case, single spaces. */
export function commandText(context: Turn): string {
  return (context.activity.text ?? '')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Routes a typed command (matched on the normalized text). */
export function onCommand(
  app: Application,
  pattern: RegExp,
  handler: (context: Turn, match: RegExpMatchArray) => Promise<void>,
): void {
  app.message(
    async (context) => context.activity.type === 'message' && pattern.test(commandText(context)),
    async (context) => handler(context, commandText(context).match(pattern) as RegExpMatchArray),
  );
}

/** The conversation updates routes listen for: the bot added or removed, channels and teams changing. */
export type ConversationEvent = Extract<
  ConversationUpdateEvents,
  | 'membersAdded'
  | 'membersRemoved'
  | 'channelCreated'
  | 'channelRenamed'
  | 'channelRestored'
  | 'channelDeleted'
  | 'teamDeleted'
  | 'teamHardDeleted'
  | 'teamArchived'
>;

/** Routes one kind of conversation update. */
export function onConversationUpdate(
  app: Application,
  event: ConversationEvent,
  handler: (turn: Turn) => Promise<void>,
) {
  app.conversationUpdate(event, async (context) => handler(context));
}

/** Routes every activity of one type (such as `installationUpdate`). */
export function onActivity(app: Application, type: string, handler: (turn: Turn) => Promise<void>): void {
  app.activity(type, async (context) => handler(context));
}

/** Runs before the routes of every turn; the turn always goes on to them. */
export function beforeEveryTurn(app: Application, handler: (turn: Turn) => void): void {
  app.turn('beforeTurn', async (context) => {
    handler(context);
    return true;
  });
}

/** A card action's data as fields to read: anything that is not an object (a bare value, an array) reads as none. */
export const asData = (data: unknown): Record<string, unknown> =>
  data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};

/** What a card action handler returns: the card that replaces the one the person clicked. */
export type CardActionHandler = (context: Turn, data: unknown) => Promise<CardJson>;

/**
 * Routes one card verb, from Action.Execute (Teams, schema 1.5) and from its Action.Submit fallback (older
 * clients), to the same handler. A failure answers with an error card carrying a correlation id.
 */
export function onCardAction(app: Application, verb: string, log: Log, handler: CardActionHandler): void {
  const safely = async (context: Turn, data: unknown): Promise<CardJson> => {
    try {
      return await handler(context, data);
    } catch (error) {
      const correlationId = randomUUID();
      log.error({ correlationId, verb, err: error }, 'card action failed');
      return errorCard(correlationId);
    }
  };
  // The invoke response is sent here, not by teams-ai: given a card with `refresh`, teams-ai would also write it over
  // the shared message for everyone (its REPLACE_FOR_ALL), and a user-specific view must stay the caller's alone.
  app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
    const result = await safely(context, data);
    await context.sendActivity({
      type: 'invokeResponse',
      value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result } },
    });
    return result as never;
  });
  app.adaptiveCards.actionSubmit(verb, async (context, _state, data) => {
    const result = await safely(context, data);
    const replyToId = context.activity.replyToId;
    if (replyToId) {
      try {
        await context.updateActivity({ id: replyToId, type: 'message', attachments: [cardAttachment(result)] });
        return;
      } catch {
        // the original card may be gone; fall through and send the result as a new message
      }
    }
    await replyWithCard(context, result);
  });
}

/** Answers card actions no route claimed (old cards, tampered verbs) politely instead of with an HTTP error. */
export function onUnknownCardAction(app: Application): void {
  app.addRoute(
    async (context) => context.activity.type === 'invoke' && context.activity.name === 'adaptiveCard/action',
    async (context) => {
      const card = problemCard(
        'That button is no longer in use',
        'This card is out of date. Type "help" to see what you can do now.',
      );
      await context.sendActivity({
        type: 'invokeResponse',
        value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } },
      });
    },
    true,
  );
}

/** Answers messages no route claimed, so nobody is left talking to silence. Register after every other route. */
export function onUnknownMessage(app: Application): void {
  app.activity('message', async (context) => {
    const text = commandText(context);
    const card = text
      ? problemCard("Sorry, I didn't understand that", 'Type "help" to see what you can do here.')
      : problemCard(
          'That button is no longer in use',
          'This card is out of date. Type "help" to see what you can do now.',
        );
    await replyWithCard(context, card);
  });
}
