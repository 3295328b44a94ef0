/**
 * The surveys feature's face: waves, anonymous answering, the questions, and what results and actions read. Surveys
 * is three parts, each behind its own face: authoring/, answering/ (which actions' feedback uses too) and waves/.
 */
export {
  AnonymousSubmit,
  askedProof,
  isAskedProof,
  isTeamProof,
  ResponseMixer,
  teamProof,
  type AnonymousResponses,
  type MarkerSweep,
  type PhaseOf,
} from './answering';
export {
  describesPerson,
  nextSendSlot,
  SCALE_LABELS,
  SURVEY_VERBS,
  surveyIdOfWave,
  type Question,
  type Survey,
  type SurveyCatalogue,
  type Wave,
  type WaveHistory,
} from './authoring';
export { FINAL_MIX_GRACE_MS } from './waves';
export { assembleSurveys, SURVEYS_OWN, type SurveysApi } from './feature';
