import type { Sealer } from '../../platform/crypto';
import type { HeldLease, RunLease } from '../../platform/lease';
import type { Log } from '../../platform/log';
import { shuffle } from '../../platform/random';
import { openResponse, type ResponseMessage } from './response-message';
import type { HeldResponse, StorageResponseQueue, TableResponseStore } from './response.store';

/**
 * Where a wave stands for the mixer: `open` (answers may still come: write only in batches that leave a reserve),
 * `final` (closed, its grace period over: write everything waiting if it is at least k, else keep none), `done`
 * (its final write is made: a straggler is never written alone).
 */
export type MixPhase = 'open' | 'final' | 'done';

/** Where each wave stands for one run of the mixer. */
export type PhaseOf = (wave: string) => Promise<MixPhase>;

/**
 * What to write of one wave's waiting answers, so that every write adds at least k new rows, the last included:
 * - copies of a response already written (`written`), or queued more than once (a retried submit), are duplicates:
 *   they count for nothing and are taken off the queue;
 * - while the wave is open, nothing until 2k distinct new answers are waiting; then all but a random reserve of k, so
 *   the final write always has the reserve at least;
 * - at the final mix, everything waiting if it is at least k; fewer than k means the wave never had k answers, and
 *   they are dropped unread (a response that only a handful of people could have given would point at them);
 * - after it, nothing: a late straggler is dropped rather than written on its own.
 */
export function batchToWrite<T>(
  waiting: readonly T[],
  phase: MixPhase,
  k: number,
  seen: { idOf?: (t: T) => string; written?: ReadonlySet<string> } = {},
): { write: T[]; keep: T[]; drop: T[]; duplicate: T[] } {
  const idOf = seen.idOf ?? String;
  const ids = new Set(seen.written);
  const fresh: T[] = [];
  const duplicate: T[] = [];
  for (const t of waiting) {
    const id = idOf(t);
    if (ids.has(id)) duplicate.push(t);
    else {
      ids.add(id);
      fresh.push(t);
    }
  }
  if (phase === 'done') return { write: [], keep: [], drop: fresh, duplicate };
  if (phase === 'final')
    return fresh.length >= k
      ? { write: shuffle(fresh), keep: [], drop: [], duplicate }
      : { write: [], keep: [], drop: fresh, duplicate };
  if (fresh.length < 2 * k) return { write: [], keep: fresh, drop: [], duplicate };
  const mixed = shuffle(fresh);
  return { write: mixed.slice(k), keep: mixed.slice(0, k), drop: [], duplicate };
}

/** Whether a wave's waiting answers could make a write at all, counted before its written ids are read. */
const mayWrite = (phase: MixPhase, distinct: number, k: number): boolean =>
  phase === 'final' ? distinct >= k : phase === 'open' && distinct >= 2 * k;

/** One run's work: the phases are read once the run holds the lease; `finish` runs under it when the queue drained. */
export interface MixJob {
  phases(): Promise<PhaseOf>;
  finish?(lease: HeldLease): Promise<void>;
}

/** What a run did: `busy` when another run held the lease; `lapsed` when it lost the lease and stopped early. */
export type MixOutcome =
  | { kind: 'mixed'; written: number; waiting: number; dropped: number; duplicates: number; drained: boolean }
  | { kind: 'busy' }
  | { kind: 'lapsed' };

// How long the mixer holds messages while it decides: longer than a write of one wave's batch takes.
const HOLD_SECONDS = 60;
const MAX_HELD = 5000;

type Held = { message: HeldResponse; response: ResponseMessage };

/**
 * Moves answers from one queue (`responses`, or actions' `feedback`) to its table so that nobody with storage access
 * can match a response to a person by time or order: opened from their seal (only what the app sealed for this
 * queue), written in shuffled batches that each add at least k new rows (`batchToWrite`, told which ids the table
 * already has), in one transaction per hundred (so they share a write time), under random keys, with no time of their
 * own. Runs never overlap: each holds the queue's lease (`mixer:<queue>`) from its first read to its final rewrite.
 */
export class ResponseMixer {
  constructor(
    private readonly deps: {
      queue: StorageResponseQueue;
      responses: TableResponseStore;
      sealer: Sealer;
      lease: RunLease;
      log: Log;
      k: number;
    },
  ) {}

  /**
   * Takes everything waiting and handles each wave as its phase says. Only when the whole queue was read (`drained`)
   * is a `final` wave's final mix complete (otherwise it is treated as open until a run reads everything) and
   * `finish` called.
   */
  async mix(job: MixJob): Promise<MixOutcome> {
    const run = await this.deps.lease.hold(`mixer:${this.deps.queue.kind}`, (lease) => this.run(job, lease));
    return run.kind === 'ran' ? run.value : run;
  }

  private async run(job: MixJob, lease: HeldLease): Promise<MixOutcome> {
    const phaseOf = await job.phases();
    const { held, drained } = await this.take();
    const byWave = new Map<string, Held[]>();
    for (const h of held) byWave.set(h.response.wave, [...(byWave.get(h.response.wave) ?? []), h]);
    const totals = { written: 0, waiting: 0, dropped: 0, duplicates: 0 };
    for (const [wave, group] of byWave) {
      let phase = await phaseOf(wave);
      // Part of the queue is still unread: its final mix waits for the next run, so nothing of it is left out.
      if (phase === 'final' && !drained) phase = 'open';
      const ids = group.map((h) => h.response.id);
      const written = mayWrite(phase, new Set(ids).size, this.deps.k)
        ? await this.deps.responses.existing(wave, ids)
        : new Set<string>();
      const batch = batchToWrite(group, phase, this.deps.k, { idOf: (h) => h.response.id, written });
      if (!lease.held()) return { kind: 'lapsed' };
      if (batch.write.length > 0)
        await this.deps.responses.write(
          wave,
          batch.write.map((h) => h.response),
        );
      for (const h of [...batch.write, ...batch.drop, ...batch.duplicate]) await this.deps.queue.remove(h.message);
      await Promise.all(batch.keep.map((h) => this.deps.queue.putBack(h.message)));
      totals.written += batch.write.length;
      totals.waiting += batch.keep.length;
      totals.dropped += batch.drop.length;
      totals.duplicates += batch.duplicate.length;
      if (batch.drop.length > 0)
        this.deps.log.warn(
          { wave, dropped: batch.drop.length, phase },
          'answers dropped unread: fewer than k for the wave, or after its final write',
        );
    }
    if (totals.written > 0 || totals.duplicates > 0)
      this.deps.log.info(
        { written: totals.written, waiting: totals.waiting, duplicates: totals.duplicates },
        'responses mixed',
      );
    if (drained && job.finish) {
      if (!lease.held()) return { kind: 'lapsed' };
      await job.finish(lease);
    }
    return { kind: 'mixed', ...totals, drained };
  }

  /** Everything waiting (up to MAX_HELD), opened; what was not sealed by the app for this queue goes to poison. */
  private async take(): Promise<{ held: Held[]; drained: boolean }> {
    const held: Held[] = [];
    while (held.length < MAX_HELD) {
      const batch = await this.deps.queue.take(32, HOLD_SECONDS);
      if (batch.length === 0) return { held, drained: true };
      for (const message of batch) {
        const parsed = openResponse(message.text, this.deps.sealer, this.deps.queue.kind);
        if (!parsed.ok) {
          this.deps.log.warn({ reason: parsed.reason, queue: this.deps.queue.kind }, 'response message poisoned');
          await this.deps.queue.poison(message, parsed.reason);
        } else held.push({ message, response: parsed.response });
      }
    }
    return { held, drained: false };
  }
}
