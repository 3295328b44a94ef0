import { MINUTE_MS } from '../../platform/calendar/durations';
import type { Clock } from '../../platform/clock';
import type { Log } from '../../platform/log';
import type { MixPhase, PhaseOf, ResponseMixer, TableAnsweredMarkers, TableRecipientStore } from '../answering';
import type { HeldLease } from '../../platform/lease';
import type { TableWaveStore, Wave } from '../authoring';

/**
 * How long after a wave closes its last answers are written. An answer checked just before the close can take a few
 * seconds to reach the queue (its queue write retries for up to about 13 s): waiting lets it join the final batch
 * instead of landing alone after it. Results wait for the final write (`Wave.mixedAt`).
 */
export const FINAL_MIX_GRACE_MS = 2 * MINUTE_MS;

/**
 * Writes waiting answers (mixer.ts decides how many), and makes the final write of every wave closed for longer
 * than the grace period. All of it under the mixer's lease, so no other run overlaps it: the phases are read once the
 * lease is held, and only when the whole queue was read is a final write complete. Then each such wave, read again,
 * gets its final rewrite exactly once: unless `mixedAt` is set already, its markers are rewritten (their timestamps
 * become this moment, any leftover ticket goes) and `mixedAt` is written on the ETag just read, letting results in.
 */
export async function mixWaveAnswers(deps: {
  waves: TableWaveStore;
  markers: TableAnsweredMarkers;
  recipients: TableRecipientStore;
  mixer: ResponseMixer;
  clock: Clock;
  log: Log;
}): Promise<void> {
  const now = deps.clock.now();
  let final: Wave[] = [];
  const phases = async (): Promise<PhaseOf> => {
    final = (await deps.waves.awaitingFinalMix()).filter(
      (w) => new Date(w.closedAt ?? w.closesAt).getTime() + FINAL_MIX_GRACE_MS <= now.getTime(),
    );
    const finalIds = new Set(final.map((w) => w.id));
    const known = new Map<string, MixPhase>();
    return async (waveId) => {
      if (finalIds.has(waveId)) return 'final';
      if (!known.has(waveId)) {
        const wave = await deps.waves.get(waveId);
        known.set(waveId, !wave || wave.mixedAt || wave.purgedAt ? 'done' : 'open');
      }
      return known.get(waveId)!;
    };
  };
  const finish = async (lease: HeldLease) => {
    for (const { id } of final) {
      const wave = await deps.waves.get(id);
      if (!wave || wave.mixedAt || wave.purgedAt || !lease.held()) continue;
      await deps.markers.sweepAtClose(wave.id);
      await deps.recipients.sweepLegacyAnswers(wave.id);
      // On the ETag just read: a change meanwhile makes this miss, and the next run repeats the (idempotent) sweeps.
      if (await deps.waves.update(wave, { mixedAt: now.toISOString() }))
        deps.log.info({ wave: wave.id }, 'wave answers final');
    }
  };
  const outcome = await deps.mixer.mix({ phases, finish });
  if (outcome.kind !== 'mixed') deps.log.info({ outcome: outcome.kind }, 'wave answers not mixed this run');
}
