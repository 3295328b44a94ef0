import path from 'node:path';
import type { Core } from '../core';
import { DEMO_PEOPLE } from '../local/demo';
import type { Feature } from '../platform/feature';
import type { ResultsApi } from '../results';
import type { SurveyCatalogue } from '../surveys';
import type { ActionsReader } from './action-items';
import { CallerCheck } from './callers';
import { dashboardApiRoutes } from './dashboard.routes';
import { DashboardService } from './dashboard.service';
import { EntraKeys } from './entra-keys';
import { LocalSignIn } from './local-sign-in';
import { dashboardPageRoutes } from './pages';
import type { ViewerDeps } from './viewers';

/** Where the page's build (src/dashboard/web) leaves it, beside this file from source and in the compiled app. */
const PAGE_DIR = path.join(__dirname, 'web', 'dist');

/**
 * The Results tab: its single-page app and the API behind it, as HTTP routes beside the bot's endpoint. It owns no
 * table: every figure is read from results' stored results, roles from people, team names from delivery, actions
 * from actions' own overview. `pageDir` is for tests that serve a page of their own.
 */
export function assembleDashboard(
  core: Core,
  deps: {
    results: Pick<ResultsApi, 'results' | 'exports'>;
    surveys: SurveyCatalogue;
    leads: ViewerDeps['leads'];
    teams: ViewerDeps['teams'];
    actions: ActionsReader;
    pageDir?: string;
  },
): Feature<void> {
  const { config, settings, clock, log, audit } = core;
  const tenants = config.tenants?.allowed ?? [];
  const signIn = config.dashboard
    ? {
        config: config.dashboard,
        keys: new EntraKeys({ authority: config.dashboard.authority, now: () => clock.now().getTime() }),
      }
    : undefined;
  // Local mode's sign-in exists only in local mode: in azure mode there is nothing that would accept its tokens.
  const local = config.mode === 'local' ? new LocalSignIn({ people: DEMO_PEOPLE, clock }) : undefined;
  const callers = new CallerCheck({ signIn, tenants, local, clock });
  const viewers: ViewerDeps = { results: deps.results.results, leads: deps.leads, teams: deps.teams };
  const service = new DashboardService({
    ...viewers,
    results: deps.results.results,
    ...{ exports: deps.results.exports, surveys: deps.surveys, actions: deps.actions, audit },
    ...{ k: settings.minGroupSize, kComments: config.results.minComments },
  });
  const pages = dashboardPageRoutes({
    ...{ mode: config.mode, signIn: config.dashboard, tenants, local },
    pageDir: deps.pageDir ?? PAGE_DIR,
  });
  return { api: undefined, http: [...pages, ...dashboardApiRoutes({ callers, viewers, service, log })] };
}
