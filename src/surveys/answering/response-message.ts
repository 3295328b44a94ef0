import { z } from 'zod';
import type { Sealer } from '../../platform/crypto';
import { malformed, parseVersioned, type Parsed } from '../../platform/versioned-message';

/**
 * The anonymous response as it travels on the `responses` queue: sealed (AES-256-GCM with the answers key, bound to
 * this queue), so a peek at the queue shows nothing readable. Inside: the response id, the wave, the answers, the
 * optional "about you" answers and, in a wave to chosen teams, the team the person was asked through. No user id,
 * name, conversation, hash of them, or time.
 */
export const RESPONSE_VERSION = 2;

/**
 * The associated data a response sealed for the `responses` queue is bound to. Until this release the `feedback`
 * queue's answers were sealed under it too (see `before` below).
 */
export const RESPONSE_CONTEXT = 'surveys/responses-queue/v2';

/** The two queues anonymous answers travel on: survey answers (`responses`), and actions' feedback (`feedback`). */
export type ResponseQueueKind = 'responses' | 'feedback';

/** A Teams team id (`19:…@thread.tacv2`), in the alphabet table keys and the outbox allow. */
export const TEAM_ID = /^[A-Za-z0-9._:@=+-]{1,200}$/;

/** Feedback partitions (`fb.<survey>.<action>`, actions' `feedbackIdOf`): never a wave id (`<survey>-w<n>`). */
const FEEDBACK_PARTITION = /^fb\./;

/**
 * What a queue takes: its own sealing context (associated data naming the queue, so a message copied from the other
 * queue does not open), and which partitions it carries (so the context shared before this release opens only what
 * was really sent to this queue).
 */
interface QueueRule {
  readonly context: string;
  readonly partition: (wave: string) => boolean;
  /** The context shared by both queues before this release: taken on the feedback queue for `fb.*` partitions only. */
  readonly before?: string;
}

const QUEUES: Readonly<Record<ResponseQueueKind, QueueRule>> = {
  responses: { context: RESPONSE_CONTEXT, partition: (wave) => !FEEDBACK_PARTITION.test(wave) },
  feedback: {
    context: 'actions/feedback-queue/v2',
    partition: (wave) => FEEDBACK_PARTITION.test(wave),
    before: RESPONSE_CONTEXT,
  },
};

/** The associated data a response sealed for `queue` is bound to. */
export const contextOf = (queue: ResponseQueueKind): string => QUEUES[queue].context;

const response = z
  .object({
    v: z.literal(RESPONSE_VERSION),
    /** Random, derived at submit from the exactly-once ticket and used only as the row key, so a retry lands once. */
    id: z.string().regex(/^[0-9a-f]{32}$/),
    wave: z.string().regex(/^[A-Za-z0-9._:=+-]{1,100}$/),
    answers: z.record(z.string().regex(/^[a-z0-9]{1,20}$/), z.string().max(1000)),
    /** Optional self-declared "about you" answers; "prefer not to say" is stored as absent. */
    about: z
      .object({ staffGroup: z.string().max(60).optional(), directorate: z.string().max(60).optional() })
      .strict()
      .default({}),
    /**
     * The team whose card this answer came through (a wave to chosen teams), proved by the card before it was queued:
     * a team id only, sealed with the answers, never beside who gave them. Absent for other waves and old cards.
     */
    team: z.string().regex(TEAM_ID).optional(),
  })
  .strict(); // an unexpected field (an identity someone added by mistake) is refused, not carried along
const envelope = z
  .object({
    v: z.literal(RESPONSE_VERSION),
    sealed: z
      .string()
      .min(1)
      .max(64 * 1024),
  })
  .strict();

export type ResponseMessage = z.infer<typeof response>;

/** The queue message text for a response: only the envelope's version and the sealed body are readable. */
export function sealResponse(r: ResponseMessage, sealer: Sealer, queue: ResponseQueueKind = 'responses'): string {
  const parsed = response.parse(r);
  if (!QUEUES[queue].partition(parsed.wave)) throw new Error(`Surveys: a response for another queue than ${queue}`);
  return JSON.stringify({ v: RESPONSE_VERSION, sealed: sealer.seal(JSON.stringify(parsed), contextOf(queue)) });
}

export type ParsedResponse = { ok: true; response: ResponseMessage } | { ok: false; reason: string };

/**
 * Opens and checks a message of `queue`. Only what the app sealed for this queue is taken: a plain version-1 message
 * (which anyone able to write to the queue could make) is refused on both queues, and so is a message sealed for the
 * other queue. Reasons never quote the content: they may end up in logs and the poison queue.
 */
export function openResponse(text: string, sealer: Sealer, queue: ResponseQueueKind = 'responses'): ParsedResponse {
  const readers = {
    1: () => ({ ok: false as const, reason: V1_REFUSED }),
    [RESPONSE_VERSION]: (json: unknown) => readSealed(json, sealer, QUEUES[queue]),
  };
  const read = parseVersioned<ResponseMessage>(text, readers, () => NOT_SEALED);
  return read.ok ? { ok: true, response: read.value } : read;
}

const NOT_SEALED = 'malformed: not a sealed response';
const V1_REFUSED = 'refused: a plain version-1 message (only responses sealed by the app are taken)';
const NOT_OPENED = 'sealed response could not be opened (wrong key, wrong queue or tampered)';

function readSealed(json: unknown, sealer: Sealer, rule: QueueRule): Parsed<ResponseMessage> {
  const sealed = envelope.safeParse(json);
  if (!sealed.success) return { ok: false, reason: NOT_SEALED };
  const opened =
    openUnder(sealed.data.sealed, sealer, rule.context) ?? openUnder(sealed.data.sealed, sealer, rule.before);
  if (!opened) return { ok: false, reason: NOT_OPENED };
  const read = checked(opened.value);
  if (!read.ok) return read;
  // The context both queues shared before this release proves only that the app sealed it, not for which queue: a
  // message under it is taken only for this queue's partitions (on the feedback queue, `fb.*`; a wave's answer
  // replayed there is refused). Under this queue's own context, the partition must fit all the same.
  if (!rule.partition(read.value.wave)) return { ok: false, reason: 'refused: a response for another queue' };
  return read;
}

function openUnder(sealed: string, sealer: Sealer, context: string | undefined): { value: unknown } | undefined {
  if (context === undefined) return undefined;
  try {
    return { value: JSON.parse(sealer.open(sealed, context)) };
  } catch {
    return undefined;
  }
}

function checked(value: unknown): Parsed<ResponseMessage> {
  const { day: _day, ...rest } = (value ?? {}) as Record<string, unknown>;
  const parsed = response.safeParse(rest);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, reason: malformed(parsed.error, 'code', 300) };
}
