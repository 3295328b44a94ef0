/** Surveys' stores, for the composition root only (src/app-stores.ts): other features read through its face. */
export { TableAnsweredMarkers } from './answering/answered.store';
export { TableRecipientStore } from './answering/recipient.store';
export { StorageResponseQueue, TableResponseStore } from './answering/response.store';
export { TableResponseSealing, TableSealState } from './answering/response-seal.store';
export { TableSurveyStore, TableWaveStore } from './authoring/survey.store';
export { TableWavePurge } from './waves/wave-purge.store';
