import type { Core } from '../core';
import type { DownloadLinkService, DownloadService } from '../downloads';
import type { OutboxService } from '../delivery';
import type { RoleService } from '../people';
import type { Feature, Owned } from '../platform/feature';
import type { SurveysApi } from '../surveys';
import { ExportService } from './export.service';
import { TableResultStore } from './result.store';
import { registerResultsRoutes } from './results.routes';
import { ResultsService } from './results.service';
import { TeamResultsService } from './team-access.service';
import { TeamAnnouncer } from './team-announce.service';
import type { TeamDirectory, TeamLeads } from './team-lookup';
import { registerTeamRoutes } from './team.routes';

export const RESULTS_OWN: Owned = { tables: ['results'], queues: [] };

/** Every two minutes: cards to the leads of teams whose results have just settled (results.md). */
const TEAM_RESULTS_SCHEDULE = '*/2 * * * *';

/** What results gives the features above it. */
export interface ResultsApi {
  readonly results: ResultsService;
  /** Team results for leads: `results team`, posting to a team's channel, the executives' table of teams. */
  readonly teams: TeamResultsService;
  /** The job that sends each team's leads their card once the team's results are ready (tests run it themselves). */
  readonly announcer: TeamAnnouncer;
  /** Single-use download links for a wave's CSV (`export`, and the dashboard's download button). */
  readonly exports: ExportService;
}

/**
 * Results: settled waves' figures, worked out once a wave closes and stored, exports through download links, and each
 * team's results for its leads. `verbs.respond` is the action button's verb (actions, above results, records what
 * leaders will do); `leads` and `teams` are people's and delivery's, `outbox` sends the leads' cards.
 */
export function assembleResults(
  core: Core,
  deps: {
    roles: RoleService;
    leads: TeamLeads;
    teams: TeamDirectory;
    outbox: OutboxService;
    surveys: Pick<SurveysApi, 'catalogue' | 'history' | 'responses' | 'teamsAsked' | 'keepBeforePurge'>;
    downloads: { links: DownloadLinkService; downloads: DownloadService };
    verbs: { respond: string };
  },
): Feature<ResultsApi> {
  const { config, settings, clock, log, storage, audit } = core;
  const { catalogue: surveys, history: waves, responses } = deps.surveys;
  const resultStore = new TableResultStore(storage.table('results'));
  const results = new ResultsService({
    ...{ surveys, waves, responses, results: resultStore, roles: deps.roles, clock, log },
    ...{ k: settings.minGroupSize, kComments: config.results.minComments },
    // How many each team asked, for its response rate: the wave's own deliveries rows, counted by surveys.
    invitedByTeam: (wave) => deps.surveys.teamsAsked(wave.id),
  });
  // Deleting a wave's responses must never lose the only copy of its figures: the result is made and stored first.
  deps.surveys.keepBeforePurge((survey, wave) => results.resultOf(survey, wave));
  const view = settings.resultsCardView;
  const { leads, teams: directory, outbox } = deps;
  const teams = new TeamResultsService({
    ...{ results, surveys, store: resultStore, leads, teams: directory, outbox, audit, view },
  });
  const exports = new ExportService({ results, resultStore, surveys, links: deps.downloads.links, teams });
  deps.downloads.downloads.offer(exports.offering);
  const announcer = new TeamAnnouncer({
    ...{ surveys, waves, results, store: resultStore, leads, teams: directory, outbox, clock, log, view },
    respondVerb: deps.verbs.respond,
  });
  return {
    api: { results, exports, teams, announcer },
    routes: (app) => {
      registerTeamRoutes(app, { teams, respondVerb: deps.verbs.respond, log });
      registerResultsRoutes(app, { results, teams, exports, view, verbs: deps.verbs });
    },
    jobs: [{ name: 'team-results', schedule: TEAM_RESULTS_SCHEDULE, run: () => announcer.announceReady() }],
  };
}
