/** Where a conversation lives in Teams. */
export type ConversationKind = 'personal' | 'channel' | 'groupChat';

/**
 * Everything needed to message a conversation later, in our own shape (no SDK types), so that stores and
 * services can keep and pass it without knowing about botbuilder.
 */
export interface ConversationRef {
  readonly kind: ConversationKind;
  readonly serviceUrl: string;
  readonly conversationId: string;
  readonly tenantId?: string;
  /** The bot's channel account id (28:<app id>) as Teams addressed it. */
  readonly botId: string;
  /** For personal chats: the Teams user id (29:...) of the person. */
  readonly userId?: string;
}
