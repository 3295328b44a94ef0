/**
 * Surveys' anonymous answering: the keyed tags that stand for a person (markers, proofs of sending), the markers,
 * sealed responses on their queue and table, the mixer, the exactly-once anonymous submit, the staff's answer
 * service and routes, and the re-seal steps for all of it. Waves and actions' feedback use it through this face; it
 * reads authoring's surveys and waves, and never imports waves.
 */
export { Answering, type AnonymousChannel } from './answering.feature';
export { AnonymousSubmit } from './anonymous-submit';
export { AnswerService } from './answer.service';
export { registerAnsweringRoutes } from './answering.routes';
export { ResponseMixer, type MixPhase, type PhaseOf } from './mixer';
export { askedProof, isAskedProof, isTeamProof, markerTags, teamProof } from './person-tags';
// Types only: waves are handed these stores by the composition root (src/surveys/stores.ts), and other features
// read answers and sweep markers through the two narrow interfaces.
export type { MarkerSweep, TableAnsweredMarkers } from './answered.store';
export type { Asked, TableRecipientStore } from './recipient.store';
export type { AnonymousResponses } from './response.store';
