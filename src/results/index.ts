/** The results feature's face: settled results of closed waves, their exports, and the digest's surveys section. */
export { assembleResults, RESULTS_OWN, type ResultsApi } from './feature';
export { ResultsService } from './results.service';
export { digestSurveysSection, resultsFootnote } from './results.cards';
export { speakUpCount } from './suppression';
export type { SurveyResults, WaveResult } from './result';
export type { GroupFigures } from './figures';
export { measuresOf, type Measure } from './measures';
export type { ExportService } from './export.service';
export type { ResultsView } from './survey-section.cards';
export type { TeamRow, TeamView } from './team-view';
