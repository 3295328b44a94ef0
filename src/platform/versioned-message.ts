import type { ZodError } from 'zod';

// Queue messages carry a version (`v`) so that a process can refuse, or still read, what another release wrote.
// Refusals go to logs and poison queues, so a reason names what is wrong (a field, a rule), never the content.

/** A message read, or the reason it was refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Reads the JSON of one message version into a value; the version has been checked already. */
export type VersionReader<T> = (json: unknown) => Parsed<T>;

/**
 * Parses a versioned JSON message: text that is not JSON is refused, the reader for its `v` reads it, and a version
 * no reader takes is refused with `unknownVersion`'s reason.
 */
export function parseVersioned<T>(
  text: string,
  readers: Readonly<Record<number, VersionReader<T>>>,
  unknownVersion: (version: unknown) => string,
): Parsed<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'malformed: not JSON' };
  }
  const version = (json as { v?: unknown } | null)?.v;
  const read = typeof version === 'number' && Object.hasOwn(readers, version) ? readers[version] : undefined;
  return read ? read(json) : { ok: false, reason: unknownVersion(version) };
}

/**
 * A schema's refusal as a reason: each issue's path with its message (`message`, ours or zod's) or only its code
 * (`code`, for content that must not be quoted even in zod's words), cut to `max` characters.
 */
export function malformed(error: ZodError, detail: 'message' | 'code', max: number): string {
  return `malformed: ${error.issues
    .map((i) => `${i.path.join('.') || '(root)'} ${i[detail]}`)
    .join('; ')
    .slice(0, max)}`;
}
