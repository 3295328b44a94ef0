/**
 * Surveys' wave lifecycle: opening (on cadence or "launch now") and the fan-out, the reminder, closing, the mixer's
 * schedule and a wave's final write (wave-mix.ts), and the purge of a wave's rows. It stands on authoring and
 * answering, and nothing in surveys imports it.
 */
export { assembleWaves, type Waves } from './waves.feature';
export type { WavePurgeCounts } from './wave-purge.service';
export { FINAL_MIX_GRACE_MS } from './wave-mix';
