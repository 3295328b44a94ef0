import { z } from 'zod';
import type { CardJson } from '../platform/cards';
import type { ConversationRef } from '../platform/conversation-ref';
import type { Sealer } from '../platform/crypto';
import { malformed, parseVersioned, type Parsed } from '../platform/versioned-message';

/** The outbox message format version this code reads and writes. */
export const OUTBOX_VERSION = 1;

// Batch ids and keys become table keys: a conservative alphabet keeps them valid and readable.
const keyPart = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:@=+-]+$/, 'letters, digits and . _ : @ = + - only');

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

const target = z.union([z.object({ user: z.string().uuid() }), z.object({ conversation: conversationRef })]);
const operation = z.union([
  z.object({
    type: z.literal('send'),
    card: cardSpec,
    replyToId: z.string().max(400).optional(),
    summary: z.string().max(200).optional(),
  }),
  z.object({ type: z.literal('update'), activityId: z.string().min(1).max(400), card: cardSpec }),
]);
/** Where and what: in the clear, or sealed (speak-up messages, whose text and recipient must not sit in the queue). */
const content = z.object({ to: target, op: operation });

const envelope = z.object({
  v: z.literal(OUTBOX_VERSION),
  /** Progress is counted per batch (a survey wave, a digest run, a case). */
  batch: keyPart,
  /** Unique within the batch: the idempotency key. A key is sent at most once, however often it is enqueued. */
  key: keyPart,
  kind: z.string().min(1).max(60),
  /** Failed attempts so far (throttling not counted). */
  attempts: z.number().int().min(0).default(0),
  /** Times the connector throttled this message. */
  throttles: z.number().int().min(0).default(0),
});

const clearV1 = envelope.merge(content).strict();
const sealedV1 = envelope.extend({ sealed: z.string().min(1).max(60_000) }).strict();
// One schema per form, chosen by the presence of `sealed`, so a refusal names the field that is wrong.
const schemaFor = (json: unknown) => (json && typeof json === 'object' && 'sealed' in json ? sealedV1 : clearV1);

/** A validated outbox message, as it travels (its content possibly sealed). */
export type OutboxMessage = z.infer<typeof clearV1> | z.infer<typeof sealedV1>;
/** Where a message goes and what it does, once opened. */
export type OutboxContent = z.infer<typeof content>;

/** The content of a message: as is, or opened with the sealer. Throws if it cannot be opened or is malformed. */
export function contentOf(message: OutboxMessage, sealer: Sealer | undefined): OutboxContent {
  if (!('sealed' in message)) return { to: message.to, op: message.op };
  if (!sealer) throw new Error('sealed message, but no key to open it');
  return content.parse(JSON.parse(sealer.open(message.sealed, `${message.batch}/${message.key}`)));
}

/** What features hand to the outbox: a message before the pipeline's own bookkeeping. */
export interface OutboxDraft {
  key: string;
  kind: string;
  to: { user: string } | { conversation: ConversationRef };
  op:
    | {
        type: 'send';
        card: { inline: CardJson } | { template: string; data?: Record<string, unknown> };
        replyToId?: string;
        summary?: string;
      }
    | {
        type: 'update';
        activityId: string;
        card: { inline: CardJson } | { template: string; data?: Record<string, unknown> };
      };
  /**
   * Seal the recipient and the card in the queue (speak-up; a survey card that carries its team): only the
   * dispatcher, with the key, opens them.
   */
  private?: boolean;
  /**
   * Kept on the message's delivery row when the row is created: what the recipient was reached through (the team a
   * person is asked through in a survey wave to chosen teams), for what the feature later sends the same people.
   */
  via?: string;
}

export type ParseResult = { ok: true; message: OutboxMessage } | { ok: false; reason: string };

/** Parses a queue message. Anything malformed or of another version is refused with a reason for the poison queue. */
export function parseOutboxMessage(text: string): ParseResult {
  const read = parseVersioned<OutboxMessage>(
    text,
    { [OUTBOX_VERSION]: readV1 },
    (version) => `unknown version: ${JSON.stringify(version ?? null).slice(0, 20)}`,
  );
  return read.ok ? { ok: true, message: read.value } : read;
}

function readV1(json: unknown): Parsed<OutboxMessage> {
  const parsed = schemaFor(json).safeParse(json);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, reason: malformed(parsed.error, 'message', 500) };
}

/** Builds a version-1 message for a draft in a batch; validates it the same way the dispatcher will. */
export function toOutboxMessage(batch: string, draft: OutboxDraft, sealer?: Sealer): OutboxMessage {
  const problem = (issues: z.ZodIssue[]) =>
    new Error(
      `Outbox: invalid message for batch "${batch}": ${issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  const opened = content.safeParse({ to: draft.to, op: draft.op });
  if (!opened.success) throw problem(opened.error.issues);
  const head = { v: OUTBOX_VERSION, batch, key: draft.key, kind: draft.kind, attempts: 0, throttles: 0 };
  if (draft.private && !sealer) throw new Error('Outbox: a private message needs the sealing key');
  const wire = draft.private
    ? { ...head, sealed: sealer!.seal(JSON.stringify(opened.data), `${batch}/${draft.key}`) }
    : { ...head, ...opened.data };
  const parsed = schemaFor(wire).safeParse(wire);
  if (!parsed.success) throw problem(parsed.error.issues);
  return parsed.data;
}
