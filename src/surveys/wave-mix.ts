import { MINUTE_MS } from '../platform/calendar/durations';
import type { Clock } from '../platform/clock';
import type { Log } from '../platform/log';
import type { TableAnsweredMarkers } from './answered.store';
import type { MixPhase, ResponseMixer } from './mixer';
import type { TableRecipientStore } from './recipient.store';
import type { TableWaveStore } from './survey.store';

/**
 * How long after a wave closes its last answers are written. An answer checked just before the close can take a few
 * seconds to reach the queue (its queue write retries for up to about 13 s): waiting lets it join the final batch
 * instead of landing alone after it. Results wait for the final write (`Wave.mixedAt`).
 */
export const FINAL_MIX_GRACE_MS = 2 * MINUTE_MS;

/**
 * Writes waiting answers (mixer.ts decides how many), and makes the final write of every wave closed for longer
 * than the grace period. Only when the whole queue was read is a final write complete: then the wave's markers
 * are rewritten (their timestamps become this moment, any leftover ticket goes) and `mixedAt` lets results in.
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
  const final = (await deps.waves.awaitingFinalMix()).filter(
    (w) => new Date(w.closedAt ?? w.closesAt).getTime() + FINAL_MIX_GRACE_MS <= now.getTime(),
  );
  const finalIds = new Set(final.map((w) => w.id));
  const phases = new Map<string, MixPhase>();
  const phaseOf = async (waveId: string): Promise<MixPhase> => {
    if (finalIds.has(waveId)) return 'final';
    if (!phases.has(waveId)) {
      const wave = await deps.waves.get(waveId);
      phases.set(waveId, !wave || wave.mixedAt || wave.purgedAt ? 'done' : 'open');
    }
    return phases.get(waveId)!;
  };
  const { drained } = await deps.mixer.mix(phaseOf);
  if (!drained) return;
  for (const wave of final) {
    await deps.markers.sweepAtClose(wave.id);
    await deps.recipients.sweepLegacyAnswers(wave.id);
    await deps.waves.update(wave, { mixedAt: now.toISOString() });
    deps.log.info({ wave: wave.id }, 'wave answers final');
  }
}
