/**
 * The digest feature's face: the weekly leadership digest, above results, actions and speak-up, each of which offers
 * it its part through its own face (the surveys section, the due actions, the last completed quarter's counts).
 */
export { assembleDigest } from './feature';
