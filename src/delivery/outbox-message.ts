import { z } from 'zod';
import type { CardJson, ConversationRef } from '../platform/conversation-ref';

/** The outbox message format version this code reads and writes. */
export const OUTBOX_VERSION = 1;

// Batch ids and keys become table keys: a conservative alphabet keeps them valid and readable.
const keyPart = z.string().min(1).max(200).regex(/^[A-Za-z0-9._:@=+-]+$/, 'letters, digits and . _ : @ = + - only');

const conversationRef = z.object({
  kind: z.enum(['personal', 'channel', 'groupChat']),
  serviceUrl: z.string().url(),
  conversationId: z.string().min(1).max(400),
  tenantId: z.string().optional(),
  botId: z.string(),
  userId: z.string().optional(),
});

const cardSpec = z.union([
  z.object({ inline: z.record(z.unknown()) }),
  z.object({ template: keyPart, data: z.record(z.unknown()).default({}) }),
]);

const messageV1 = z.object({
  v: z.literal(OUTBOX_VERSION),
  /** Progress is counted per batch (a survey wave, a digest run, a case). */
  batch: keyPart,
  /** Unique within the batch: the idempotency key. A key is sent at most once, however often it is enqueued. */
  key: keyPart,
  kind: z.string().min(1).max(60),
  to: z.union([
    z.object({ user: z.string().uuid() }),
    z.object({ conversation: conversationRef }),
  ]),
  op: z.union([
    z.object({ type: z.literal('send'), card: cardSpec, replyToId: z.string().max(400).optional(), summary: z.string().max(200).optional() }),
    z.object({ type: z.literal('update'), activityId: z.string().min(1).max(400), card: cardSpec }),
  ]),
  /** Failed attempts so far (throttling not counted). */
  attempts: z.number().int().min(0).default(0),
  /** Times the connector throttled this message. */
  throttles: z.number().int().min(0).default(0),
});

/** A validated outbox message. */
export type OutboxMessage = z.infer<typeof messageV1>;
export type CardSpec = z.infer<typeof cardSpec>;
export type Target = OutboxMessage['to'];

/** What features hand to the outbox: a message before the pipeline's own bookkeeping. */
export interface OutboxDraft {
  key: string;
  kind: string;
  to: { user: string } | { conversation: ConversationRef };
  op: { type: 'send'; card: { inline: CardJson } | { template: string; data?: Record<string, unknown> }; replyToId?: string; summary?: string } | { type: 'update'; activityId: string; card: { inline: CardJson } | { template: string; data?: Record<string, unknown> } };
}

export type ParseResult = { ok: true; message: OutboxMessage } | { ok: false; reason: string };

/** Parses a queue message. Anything malformed or of another version is refused with a reason for the poison queue. */
export function parseOutboxMessage(text: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'malformed: not JSON' };
  }
  const version = (json as { v?: unknown })?.v;
  if (version !== OUTBOX_VERSION) return { ok: false, reason: `unknown version: ${JSON.stringify(version ?? null).slice(0, 20)}` };
  const parsed = messageV1.safeParse(json);
  if (!parsed.success) {
    return { ok: false, reason: `malformed: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ').slice(0, 500)}` };
  }
  return { ok: true, message: parsed.data };
}

/** Builds a version-1 message for a draft in a batch; validates it the same way the dispatcher will. */
export function toOutboxMessage(batch: string, draft: OutboxDraft): OutboxMessage {
  const parsed = messageV1.safeParse({ v: OUTBOX_VERSION, batch, ...draft, attempts: 0, throttles: 0 });
  if (!parsed.success) throw new Error(`Outbox: invalid message for batch "${batch}": ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}
