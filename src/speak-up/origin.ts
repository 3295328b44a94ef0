/** Where a speak-up card action came from, as the routes read it from Teams. */
export interface Origin {
  /** What Teams called the conversation; `unknown` for anything else, which is never taken for a 1:1 chat. */
  readonly type: 'personal' | 'channel' | 'groupChat' | 'unknown';
  /** The conversation; for a channel, the channel's own id (not the post's thread). */
  readonly conversationId: string;
}

const ELSEWHERE = {
  channel: 'from a channel',
  groupChat: 'from a group chat',
  unknown: 'from an unknown kind of conversation',
} as const;

/**
 * Reporters act only from their own 1:1 chat: a concern, a reply or an answer sent anywhere else could be read by
 * others there. Returns why a place is refused (the audit's words), or undefined when it is allowed.
 */
export function reporterPlaceRefusal(origin: Origin): string | undefined {
  return origin.type === 'personal' ? undefined : ELSEWHERE[origin.type];
}

/**
 * Guardians act only from a registered guardians' channel or their own 1:1 chat: a case card turning up anywhere
 * else (a group chat, another channel) must not become a way in. The role is checked separately.
 */
export function guardianPlaceRefusal(origin: Origin, isGuardiansChannel: boolean): string | undefined {
  if (origin.type === 'personal') return undefined;
  if (origin.type === 'channel')
    return isGuardiansChannel ? undefined : "from a channel that is not a guardians' channel";
  return ELSEWHERE[origin.type];
}
