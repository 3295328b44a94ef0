import type { Core } from '../core';
import type { DownloadLinkService, DownloadService } from '../downloads';
import type { RoleService } from '../people';
import type { Feature, Owned } from '../platform/feature';
import type { SurveysApi } from '../surveys';
import { ExportService } from './export.service';
import { TableResultStore } from './result.store';
import { registerResultsRoutes } from './results.routes';
import { ResultsService } from './results.service';

export const RESULTS_OWN: Owned = { tables: ['results'], queues: [] };

/** What results gives the features above it. */
export interface ResultsApi {
  readonly results: ResultsService;
  /** Single-use download links for a wave's CSV (`export`, and the dashboard's download button). */
  readonly exports: ExportService;
}

/**
 * Results: settled waves' figures, worked out once a wave closes and stored, and exports through download links.
 * `verbs.respond` is the action button's verb (actions, above results, records what leaders will do).
 */
export function assembleResults(
  core: Core,
  deps: {
    roles: RoleService;
    surveys: Pick<SurveysApi, 'catalogue' | 'history' | 'responses' | 'keepBeforePurge'>;
    downloads: { links: DownloadLinkService; downloads: DownloadService };
    verbs: { respond: string };
  },
): Feature<ResultsApi> {
  const { config, settings, clock, log, storage } = core;
  const { catalogue: surveys, history: waves, responses } = deps.surveys;
  const resultStore = new TableResultStore(storage.table('results'));
  const results = new ResultsService({
    ...{ surveys, waves, responses, results: resultStore, roles: deps.roles, clock, log },
    ...{ k: settings.minGroupSize, kComments: config.results.minComments },
  });
  const exports = new ExportService({ results, resultStore, surveys, links: deps.downloads.links });
  deps.downloads.downloads.offer(exports.offering);
  // Deleting a wave's responses must never lose the only copy of its figures: the result is made and stored first.
  deps.surveys.keepBeforePurge((survey, wave) => results.resultOf(survey, wave));
  const view = settings.resultsCardView;
  return {
    api: { results, exports },
    routes: (app) => registerResultsRoutes(app, { results, exports, view, verbs: deps.verbs }),
  };
}
