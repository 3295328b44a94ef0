/** The results feature's face: settled results of closed waves, their exports, and the digest's surveys section. */
export { assembleResults, RESULTS_OWN } from './feature';
export { ResultsService } from './results.service';
export { digestSurveysSection, resultsFootnote } from './results.cards';
export { speakUpCount } from './suppression';
export type { SurveyResults } from './result';
export type { ResultsView } from './survey-section.cards';
