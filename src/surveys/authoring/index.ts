/**
 * Surveys' authoring, the part the other two stand on: what a survey, a question and a wave are (and their tables),
 * the templates, the staff's survey card, and what admins do (the form, the admin cards, routes and service).
 * It imports neither waves nor answering: the admin service names what it needs of them (`WaveControl`,
 * `CardPreview`, `WaveFigures`) and the composition root hands it theirs.
 */
export { assembleAuthoring, type Authoring } from './authoring.feature';
export { ABOUT_PREFIX, ANSWER_PREFIX, checkAbout, checkAnswers } from './answers';
export { describesPerson, SCALE_LABELS, type Question } from './questions';
export {
  isNewStarterDue,
  nextOpening,
  nextSendSlot,
  surveyIdOfWave,
  waveIdOf,
  waveTimes,
  type OpenOutcome,
  type Survey,
  type Wave,
  type WaveProgress,
} from './survey';
export {
  SURVEY_VERBS,
  surveyCard,
  surveyCardTemplate,
  surveyCardView,
  surveyNoteCard,
  thankYouCard,
  type SurveyCardView,
} from './survey.cards';
export { openForMeCard, type OpenForMe } from './open-for-me.cards';
export { SurveyAdminService } from './survey-admin.service';
export { adminListCard, registerSurveyAdminRoutes } from './survey-admin.routes';
// Types only: the narrow reads results makes (SurveyCatalogue, WaveHistory), and the stores waves and answering are
// handed by the composition root (the classes go there through src/surveys/stores.ts).
export type { SurveyCatalogue, TableSurveyStore, TableWaveStore, WaveHistory } from './survey.store';
