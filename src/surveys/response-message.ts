import { z } from 'zod';

/** The anonymous response as it travels on the `responses` queue: no user id, name, conversation or hash of them. */
export const RESPONSE_VERSION = 1;

const responseV1 = z
  .object({
    v: z.literal(RESPONSE_VERSION),
    /** Random, made at submit and used only as the row key, so a retried write lands on the same row. */
    id: z.string().regex(/^[0-9a-f]{32}$/),
    wave: z.string().regex(/^[A-Za-z0-9._:=+-]{1,100}$/),
    /** The submission day only (UTC), never the time. */
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    answers: z.record(z.string().regex(/^[a-z0-9]{1,20}$/), z.string().max(1000)),
    /** Optional self-declared "about you" answers; "prefer not to say" is stored as absent. */
    about: z.object({ staffGroup: z.string().max(60).optional(), directorate: z.string().max(60).optional() }).strict().default({}),
  })
  .strict(); // an unexpected field (an identity someone added by mistake) is refused, not carried along

export type ResponseMessage = z.infer<typeof responseV1>;

export type ParsedResponse = { ok: true; response: ResponseMessage } | { ok: false; reason: string };

export function parseResponseMessage(text: string): ParsedResponse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'malformed: not JSON' };
  }
  const parsed = responseV1.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `malformed: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ').slice(0, 300)}` };
  return { ok: true, response: parsed.data };
}
