import type { Log } from '../platform/log';
import { shuffle } from '../platform/random';
import { openResponse, type ResponseMessage, type ResponseSealer } from './response-message';
import type { HeldResponse, StorageResponseQueue, TableResponseStore } from './response.store';

/**
 * Where a wave stands for the mixer: `open` (answers may still come: write only in batches that leave a reserve),
 * `final` (closed, its grace period over: write everything waiting if it is at least k, else keep none), `done`
 * (its final write is made: a straggler is never written alone).
 */
export type MixPhase = 'open' | 'final' | 'done';

/**
 * What to write of one wave's waiting answers, so that no write ever holds fewer than k of them, the last included:
 * - while the wave is open, nothing until 2k are waiting; then all but a random reserve of k, so the final write
 *   always has the reserve at least;
 * - at the final mix, everything waiting if it is at least k; fewer than k means the wave never had k answers, and
 *   they are dropped unread (a response that only a handful of people could have given would point at them);
 * - after it, nothing: a late straggler is dropped rather than written on its own.
 */
export function batchToWrite<T>(
  waiting: readonly T[],
  phase: MixPhase,
  k: number,
): { write: T[]; keep: T[]; drop: T[] } {
  if (phase === 'done') return { write: [], keep: [], drop: [...waiting] };
  if (phase === 'final')
    return waiting.length >= k
      ? { write: shuffle(waiting), keep: [], drop: [] }
      : { write: [], keep: [], drop: [...waiting] };
  if (waiting.length < 2 * k) return { write: [], keep: [...waiting], drop: [] };
  const mixed = shuffle(waiting);
  return { write: mixed.slice(k), keep: mixed.slice(0, k), drop: [] };
}

// How long the mixer holds messages while it decides: longer than a write of one wave's batch takes.
const HOLD_SECONDS = 60;
const MAX_HELD = 5000;

/**
 * Moves answers from the `responses` queue to the `responses` table so that nobody with storage access can match a
 * response to a person by time or order: opened from their seal, deduplicated by response id, written in shuffled
 * batches of at least k (`batchToWrite`), in one transaction per hundred (so they share a write time), under random
 * keys, with no time of their own. Safe to run again after a crash: rows are keyed by response id.
 */
export class ResponseMixer {
  constructor(
    private readonly deps: {
      queue: StorageResponseQueue;
      responses: TableResponseStore;
      sealer: ResponseSealer;
      log: Log;
      k: number;
    },
  ) {}

  /**
   * Takes everything waiting and handles each wave as its phase says. `drained` says the whole queue was read: only
   * then is a `final` wave's final mix complete (otherwise it is treated as open until a run reads everything).
   */
  async mix(
    phaseOf: (wave: string) => Promise<MixPhase>,
  ): Promise<{ written: number; waiting: number; dropped: number; drained: boolean }> {
    const held: { message: HeldResponse; response: ResponseMessage }[] = [];
    let drained = false;
    while (held.length < MAX_HELD) {
      const batch = await this.deps.queue.take(32, HOLD_SECONDS);
      if (batch.length === 0) {
        drained = true;
        break;
      }
      for (const message of batch) {
        const parsed = openResponse(message.text, this.deps.sealer);
        if (!parsed.ok) {
          this.deps.log.warn({ reason: parsed.reason }, 'response message poisoned');
          await this.deps.queue.poison(message, parsed.reason);
        } else held.push({ message, response: parsed.response });
      }
    }
    const byWave = new Map<string, typeof held>();
    for (const h of held) byWave.set(h.response.wave, [...(byWave.get(h.response.wave) ?? []), h]);

    const totals = { written: 0, waiting: 0, dropped: 0 };
    for (const [wave, group] of byWave) {
      let phase = await phaseOf(wave);
      // Part of the queue is still unread: its final mix waits for the next run, so nothing of it is left out.
      if (phase === 'final' && !drained) phase = 'open';
      // A retried or concurrent submit sends its response again under the same id: count people, not messages.
      const byId = new Map<string, typeof group>();
      for (const h of group) byId.set(h.response.id, [...(byId.get(h.response.id) ?? []), h]);
      const { write, keep, drop } = batchToWrite([...byId.values()], phase, this.deps.k);
      if (write.length > 0)
        await this.deps.responses.write(
          wave,
          write.map((copies) => copies[0]!.response),
        );
      for (const copies of [...write, ...drop]) for (const h of copies) await this.deps.queue.remove(h.message);
      await Promise.all(keep.flat().map((h) => this.deps.queue.putBack(h.message)));
      totals.written += write.length;
      totals.waiting += keep.length;
      totals.dropped += drop.length;
      if (drop.length > 0)
        this.deps.log.warn(
          { wave, dropped: drop.length, phase },
          'answers dropped unread: fewer than k for the wave, or after its final write',
        );
    }
    if (totals.written > 0) this.deps.log.info({ written: totals.written, waiting: totals.waiting }, 'responses mixed');
    return { ...totals, drained };
  }
}
