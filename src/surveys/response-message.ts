import { z } from 'zod';
import { malformed, parseVersioned, type Parsed } from '../platform/versioned-message';

/**
 * The anonymous response as it travels on the `responses` queue: sealed (AES-256-GCM with the answers key, bound to
 * this queue), so a peek at the queue shows nothing readable. Inside: the response id, the wave, the answers and the
 * optional "about you" answers. No user id, name, conversation, hash of them, or time.
 */
export const RESPONSE_VERSION = 2;

/** The associated data every sealed response is bound to: a value sealed for anything else does not open here. */
export const RESPONSE_CONTEXT = 'surveys/responses-queue/v2';

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
  })
  .strict(); // an unexpected field (an identity someone added by mistake) is refused, not carried along

// Version 1 travelled in plain text with its submission day; messages left on a queue by it are still taken (the
// day is dropped), so an upgrade during an open wave loses no answer.
const legacyV1 = z
  .object({
    v: z.literal(1),
    id: z.string(),
    wave: z.string(),
    day: z.string().optional(),
    answers: z.unknown(),
    about: z.unknown().optional(),
  })
  .strict();
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

/** Seals and opens queued responses (platform/crypto's PurposeKeys fits). */
export interface ResponseSealer {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
  tag(...parts: readonly string[]): string;
}

/** The queue message text for a response: only the envelope's version and the sealed body are readable. */
export function sealResponse(r: ResponseMessage, sealer: ResponseSealer): string {
  return JSON.stringify({
    v: RESPONSE_VERSION,
    sealed: sealer.seal(JSON.stringify(response.parse(r)), RESPONSE_CONTEXT),
  });
}

export type ParsedResponse = { ok: true; response: ResponseMessage } | { ok: false; reason: string };

/** Opens and checks a queue message. Reasons never quote the content: they may end up in logs and the poison queue. */
export function openResponse(text: string, sealer: ResponseSealer): ParsedResponse {
  const readers = {
    1: (json: unknown) => readLegacy(json, sealer),
    [RESPONSE_VERSION]: (json: unknown) => readSealed(json, sealer),
  };
  const read = parseVersioned<ResponseMessage>(text, readers, () => NOT_SEALED);
  return read.ok ? { ok: true, response: read.value } : read;
}

const NOT_SEALED = 'malformed: not a sealed response';

function readLegacy(json: unknown, sealer: ResponseSealer): Parsed<ResponseMessage> {
  const legacy = legacyV1.safeParse(json);
  if (!legacy.success) return { ok: false, reason: NOT_SEALED };
  // A version-1 id was the ticket itself, which that release also kept on the person's deliveries row: the row is
  // keyed under a keyed tag of it instead, so a leftover ticket names no response.
  return checked({
    ...legacy.data,
    v: RESPONSE_VERSION,
    day: undefined,
    id: sealer.tag('response-id-v1', legacy.data.id).slice(0, 32),
  });
}

function readSealed(json: unknown, sealer: ResponseSealer): Parsed<ResponseMessage> {
  const sealed = envelope.safeParse(json);
  if (!sealed.success) return { ok: false, reason: NOT_SEALED };
  let opened: unknown;
  try {
    opened = JSON.parse(sealer.open(sealed.data.sealed, RESPONSE_CONTEXT));
  } catch {
    return { ok: false, reason: 'sealed response could not be opened (wrong key, wrong place or tampered)' };
  }
  return checked(opened);
}

function checked(value: unknown): Parsed<ResponseMessage> {
  const { day: _day, ...rest } = (value ?? {}) as Record<string, unknown>;
  const parsed = response.safeParse(rest);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, reason: malformed(parsed.error, 'code', 300) };
}
