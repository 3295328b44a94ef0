import type { Core } from '../../core';
import { TableSurveyStore, TableWaveStore } from './survey.store';

/** Authoring's tables: surveys and their waves, which the other two parts and the features above read. */
export interface Authoring {
  readonly surveys: TableSurveyStore;
  readonly waves: TableWaveStore;
}

export function assembleAuthoring(core: Core): Authoring {
  return {
    surveys: new TableSurveyStore(core.storage.table('surveys')),
    waves: new TableWaveStore(core.storage.table('waves')),
  };
}
