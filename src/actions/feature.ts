import type { Core } from '../core';
import type { ConversationDirectory, OutboxService } from '../delivery';
import type { ChannelRegistry, PeopleApi, RoleService } from '../people';
import { describeTime } from '../platform/calendar/local-time';
import { daysBefore, purgePart, type Feature, type Owned } from '../platform/feature';
import type { ResultsService } from '../results';
import { FINAL_MIX_GRACE_MS, nextSendSlot, type SurveysApi } from '../surveys';
import { BUNDLE_SCHEDULE, BUNDLE_SEND_TIME } from './action';
import { ActionAccess } from './action-access';
import { ActionsPurgeService, type ActionsPurgeCounts } from './actions-purge.service';
import { TableActionsPurge } from './actions-purge.store';
import { registerActionsRoutes, registerFeedbackRoute } from './actions.routes';
import { ActionsService } from './actions.service';
import { TableActionStore, TableWaveAudience } from './actions.store';
import { ActionBundle } from './bundle.service';
import { FeedbackService } from './feedback.service';

export const ACTIONS_OWN: Owned = { tables: ['actions', 'feedback'], queues: ['feedback', 'feedback-poison'] };

/** Every five minutes: "did it make a difference?" answers mixed into the feedback table (k at a time). */
const FEEDBACK_SCHEDULE = '*/5 * * * *';

/** What actions gives the features above it (the digest's due actions) and tests (the bundle, the mixer). */
export interface ActionsApi {
  readonly actions: ActionsService;
  readonly feedback: FeedbackService;
}

/**
 * Actions ("you said, we did"): leaders answer settled results; staff hear in one bundle a day and say, anonymously
 * and through surveys' answering machinery, whether it made a difference. A survey's next wave card opens with them.
 */
export function assembleActions(
  core: Core,
  deps: {
    roles: RoleService;
    /** Who leads which team: a team's actions are its leads' (and executives' and admins'). */
    leads: Pick<PeopleApi['leads'], 'mayReadTeam' | 'teamsLedBy'>;
    /** Team names, as Teams gave them, for the cards. */
    teams: Pick<ConversationDirectory, 'findTeam'>;
    registrations: ChannelRegistry;
    outbox: OutboxService;
    results: ResultsService;
    surveys: Pick<SurveysApi, 'markers' | 'anonymousChannel' | 'openCardsWith'>;
  },
): Feature<ActionsApi, keyof ActionsPurgeCounts> {
  const { settings, clock, log, storage, keys, audit } = core;
  const { timeZone, minGroupSize: k } = settings;
  const store = new TableActionStore(storage.table('actions'));
  const { markers } = deps.surveys;
  const channel = deps.surveys.anonymousChannel({
    kind: 'feedback',
    table: storage.table('feedback'),
    queue: storage.queue('feedback'),
    poison: storage.queue('feedback-poison'),
  });
  const feedback = new FeedbackService({
    ...{ store, submit: channel.submit, keys: keys.answers, markers, mixer: channel.mixer, answers: channel.answers },
    ...{ clock, log, k, graceMs: FINAL_MIX_GRACE_MS },
  });
  const bundle = new ActionBundle({
    store,
    audience: new TableWaveAudience(storage.table('deliveries')),
    leadershipChannels: () => deps.registrations.list('digest'),
    ...{ outbox: deps.outbox, keys: keys.answers, clock, log, timeZone },
  });
  const nextSlot = (after: Date) => nextSendSlot(after, BUNDLE_SEND_TIME, timeZone);
  const access = new ActionAccess({
    ...{ store, results: deps.results, roles: deps.roles, leads: deps.leads, teams: deps.teams, audit },
  });
  const actions = new ActionsService({
    ...{ store, access, results: deps.results, bundle, feedback },
    ...{ clock, log, timeZone, nextSlot },
  });
  deps.surveys.openCardsWith((surveyId, team) => actions.sinceLastTime(surveyId, team));
  const purge = new ActionsPurgeService({
    ...{ store, markers, feedback },
    purge: new TableActionsPurge({
      ...{ deliveries: storage.table('deliveries'), cards: storage.table('cards') },
      feedback: storage.table('feedback'),
    }),
  });
  return {
    api: { actions, feedback },
    routes: (app) => {
      registerActionsRoutes(app, { actions, log, describeTime: (at) => describeTime(at, timeZone) });
      registerFeedbackRoute(app, { feedback, log });
    },
    jobs: [
      // Weekdays at the working-hours send slot: the day's "You said, we did" bundle.
      { name: 'actions', schedule: BUNDLE_SCHEDULE, run: (tick) => actions.sendDailyBundle(tick) },
      { name: 'feedback', schedule: FEEDBACK_SCHEDULE, run: () => feedback.mix() },
    ],
    purges: [
      purgePart({
        zero: (): ActionsPurgeCounts => ({
          bundleDeliveries: 0,
          bundleCards: 0,
          feedbackAnswers: 0,
          feedbackMarkers: 0,
        }),
        purge: (c, now, periods) => purge.purgeBefore(daysBefore(now, periods.responsesDays), now, c),
        describe: (c) =>
          `actions (bundle deliveries ${c.bundleDeliveries}, bundle cards ${c.bundleCards}, feedback answers ${c.feedbackAnswers}, feedback markers ${c.feedbackMarkers})`,
      }),
    ],
  };
}
