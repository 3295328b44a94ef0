/** The surveys feature's face: waves, anonymous answering, the questions, and what results and actions read. */
export { AnonymousSubmit } from './anonymous-submit';
export { AnswerService } from './answer.service';
export { ResponseMixer, type PhaseOf } from './mixer';
export { describesPerson, SCALE_LABELS, type Question } from './questions';
export { SurveyRekeyService } from './rekey.service';
export { ResponseSealMigration } from './response-seal.service';
export { SurveyAdminService } from './survey-admin.service';
export { nextSendSlot, surveyIdOfWave, type Survey, type Wave } from './survey';
export { SURVEY_VERBS } from './survey.cards';
export { registerSurveyRoutes } from './surveys.routes';
export { FINAL_MIX_GRACE_MS, WaveService } from './wave.service';
export { WavePurgeService } from './wave-purge.service';
export type { MarkerSweep } from './answered.store';
export { askedProof, isAskedProof } from './person-tags';
export type { AnonymousResponses } from './response.store';
export type { SurveyCatalogue, WaveHistory } from './survey.store';
