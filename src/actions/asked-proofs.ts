import type { Tagger } from '../platform/crypto';
import { askedProof, isAskedProof } from '../surveys';

// `<wave id>=<proof>` pairs, comma-separated: one per wave whose actions a person's card holds.
const PAIR = /^([a-f0-9]{10}-w\d{3,})=([a-f0-9]{40})$/;
const MAX_WAVES = 20;
/** The longest proofs a card may carry: MAX_WAVES pairs. Anything longer is refused unread. */
export const MAX_CARRIED = MAX_WAVES * 60;

/**
 * The proofs a person's "You said, we did" card carries that each of its actions' waves was sent to them (surveys'
 * `askedProof`): an answer to "Has this made a difference?" that brings them back needs no read of the person's
 * `deliveries` rows, so a storage request log shows nothing keyed by who they are when they answer.
 */
export function askedProofsFor(keys: Tagger, waveIds: Iterable<string>, aadObjectId: string): string {
  return [...new Set(waveIds)]
    .sort()
    .map((w) => `${w}=${askedProof(keys, w, aadObjectId)}`)
    .join(',');
}

/** The waves `carried` proves were sent to the caller; empty for anything malformed (the rows are read instead). */
export function provenWaves(keys: Tagger, carried: unknown, caller: string): ReadonlySet<string> {
  const proven = new Set<string>();
  if (typeof carried !== 'string' || carried.length > MAX_CARRIED) return proven;
  for (const pair of carried.split(',')) {
    const m = PAIR.exec(pair);
    if (m && isAskedProof(keys, m[1]!, caller, m[2]!)) proven.add(m[1]!);
  }
  return proven;
}
