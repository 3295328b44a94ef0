import { timingSafeEqual } from 'node:crypto';
import type { Tagger } from '../../platform/crypto';

/**
 * Keyed tags that stand for a person in a wave without naming them: where their marker is, and the proof their card
 * carries that it was sent to them. Pure functions of the keys, apart from any store, so what sends cards (waves) and
 * what checks proofs (actions' feedback) needs nothing of the `answered` table to make or check one.
 */

/** The tag of `parts` under every configured key, current first. */
const tagsUnderEveryKey = (keys: Tagger, parts: readonly string[]): string[] =>
  keys.tags ? keys.tags(...parts) : [keys.tag(...parts)];

/** The tag a person's marker for a wave is written under (their Entra id in lower case, as Teams sends it). */
export function markerTag(keys: Tagger, waveId: string, aadObjectId: string): string {
  return keys.tag('answered', waveId, aadObjectId.toLowerCase());
}

/**
 * A keyed proof that a wave was sent to a person, carried on their own survey card (`asked` in its action data). An
 * answer that brings it back needs no read of their `deliveries` row, so a storage request log shows nothing keyed by
 * who they are at the moment they answer. Its own domain ('asked'), so it is no marker's tag and names no marker.
 */
export function askedProof(keys: Tagger, waveId: string, aadObjectId: string): string {
  return keys.tag('asked', waveId, aadObjectId.toLowerCase());
}

/** Whether `proof` is the person's proof for the wave under any configured key (a rotation keeps old cards working). */
export function isAskedProof(keys: Tagger, waveId: string, aadObjectId: string, proof: string): boolean {
  return isTagOf(keys, ['asked', waveId, aadObjectId.toLowerCase()], proof);
}

/**
 * A keyed proof that the person was asked through `team` in the wave, carried on their card beside the team
 * (`teamProof`). Someone who edits the card's data to put their answer in another team brings a proof that does not
 * verify, and cannot make one: it needs the key. Its own domain ('asked-team'), so it is neither `asked` nor a marker.
 */
export function teamProof(keys: Tagger, waveId: string, aadObjectId: string, team: string): string {
  return keys.tag('asked-team', waveId, aadObjectId.toLowerCase(), team);
}

/** Whether `proof` binds `team` to the person in the wave under any configured key. */
export function isTeamProof(keys: Tagger, waveId: string, aadObjectId: string, team: string, proof: string): boolean {
  return isTagOf(keys, ['asked-team', waveId, aadObjectId.toLowerCase(), team], proof);
}

/** Whether `proof` is the tag of `parts` under a configured key, compared in constant time. */
function isTagOf(keys: Tagger, parts: readonly string[], proof: string): boolean {
  const given = Buffer.from(proof);
  return tagsUnderEveryKey(keys, parts).some((expected) => {
    const wanted = Buffer.from(expected);
    return wanted.length === given.length && timingSafeEqual(wanted, given);
  });
}

/** The person's tag under every configured key, current first: where the marker store looks during a rotation. */
export function markerTags(keys: Tagger, waveId: string, aadObjectId: string): string[] {
  return tagsUnderEveryKey(keys, ['answered', waveId, aadObjectId.toLowerCase()]);
}
