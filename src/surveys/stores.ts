/** Surveys' stores, for the composition root only (src/app-stores.ts): other features read through its face. */
export { TableAnsweredMarkers } from './answered.store';
export { TableRecipientStore } from './recipient.store';
export { StorageResponseQueue, TableResponseStore } from './response.store';
export { TableSurveyStore, TableWaveStore } from './survey.store';
export { TableWavePurge } from './wave-purge.store';
export { TableResponseSealing, TableSealState } from './response-seal.store';
