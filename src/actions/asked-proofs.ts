import type { Tagger } from '../platform/crypto';
import { askedProof, isAskedProof, isTeamProof, teamProof } from '../surveys';

/** A wave an action on a person's card is from, and for a team's action the team they were asked through. */
export interface AskedIn {
  readonly waveId: string;
  readonly team?: string;
}

// `<wave id>=<proof>` for a wave, `<wave id>.t=<proof>` for the team a person was asked through in it (one at most: a
// wave asks each person through one team), comma-separated.
const PAIR = /^([a-f0-9]{10}-w\d{3,})(\.t)?=([a-f0-9]{40})$/;
const MAX_PAIRS = 40;
/** The longest proofs a card may carry: MAX_PAIRS pairs. Anything longer is refused unread. */
export const MAX_CARRIED = MAX_PAIRS * 60;

/**
 * The proofs a person's "You said, we did" card carries that each of its actions' waves was sent to them (surveys'
 * `askedProof`) and, for a team's action, that they were asked through that team (`teamProof`): an answer to "Has this
 * made a difference?" that brings them back needs no read of the person's `deliveries` rows, so a storage request log
 * shows nothing keyed by who they are when they answer. The team is not carried: the action names it.
 */
export function askedProofsFor(keys: Tagger, asked: Iterable<AskedIn>, aadObjectId: string): string {
  const pairs = new Set<string>();
  for (const { waveId, team } of asked)
    pairs.add(
      team
        ? `${waveId}.t=${teamProof(keys, waveId, aadObjectId, team)}`
        : `${waveId}=${askedProof(keys, waveId, aadObjectId)}`,
    );
  return [...pairs].sort().join(',');
}

/**
 * What `carried` proves of the caller: whether a wave was sent to them, or they were asked through a team in it. False
 * for anything malformed, missing or made without the key.
 */
export function provenAsked(keys: Tagger, carried: unknown, caller: string): (asked: AskedIn) => boolean {
  const waves = new Map<string, string>();
  const teams = new Map<string, string>();
  if (typeof carried === 'string' && carried.length <= MAX_CARRIED)
    for (const pair of carried.split(',')) {
      const m = PAIR.exec(pair);
      if (m) (m[2] ? teams : waves).set(m[1]!, m[3]!);
    }
  return ({ waveId, team }) => {
    const proof = (team ? teams : waves).get(waveId);
    if (!proof) return false;
    return team ? isTeamProof(keys, waveId, caller, team, proof) : isAskedProof(keys, waveId, caller, proof);
  };
}
