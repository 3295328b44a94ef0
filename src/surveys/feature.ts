import type { Core } from '../core';
import type { ConversationDirectory, OutboxService, RosterService } from '../delivery';
import type { RoleService } from '../people';
import type { Feature, Owned } from '../platform/feature';
import { Answering, type AnonymousChannel } from './answering';
import { assembleAuthoring, SurveyAdminService, type Authoring, type Survey, type Wave } from './authoring';
import { registerSurveyRoutes } from './surveys.routes';
import { assembleWaves, type WavePurgeCounts, type Waves } from './waves';

export const SURVEYS_OWN: Owned = {
  tables: ['surveys', 'waves', 'answered', 'responses'],
  queues: ['responses', 'responses-poison'],
};

/** Every minute: open due waves, remind, close, and mix waiting answers. */
const SURVEYS_SCHEDULE = '* * * * *';
/** On the re-seal job's clock: the upgrade's migration of plain stored responses, a cheap check once complete. */
const SEAL_RESPONSES_SCHEDULE = '*/15 * * * *';
/** How long stopping waits for a survey fan-out in progress before delivery's dispatcher stops. */
const FAN_OUT_GRACE_MS = 10_000;

/** What surveys gives the features above it. */
export interface SurveysApi {
  readonly waves: Waves['waves'];
  readonly answers: Answering['answers'];
  readonly admin: SurveyAdminService;
  /** Surveys and their waves, as results and actions read them. */
  readonly catalogue: Authoring['surveys'];
  readonly history: Authoring['waves'];
  /** A wave's sealed responses, opened only in the app. */
  readonly responses: Answering['responses'];
  /** How many people a wave asked through each team (team id → count; none for a wave to everyone). */
  teamsAsked(waveId: string): Promise<ReadonlyMap<string, number>>;
  /** The keyed "answered" markers (actions' feedback keeps its own under `fb.*` partitions). */
  readonly markers: Answering['markers'];
  /** The upgrade's migration sealing responses stored in plain text (tests run it themselves). */
  readonly sealMigration: Answering['sealMigration'];
  /**
   * A sealed queue and table of another feature's, answered exactly once and mixed k at a time like a wave's
   * answers; its stored rows are sealed, migrated and re-sealed with the responses'.
   */
  anonymousChannel(channel: Parameters<Answering['channel']>[0]): AnonymousChannel;
  /**
   * The line a survey's next wave card opens with ("Last time you told us … . Since then: …"), from actions; `team`:
   * the team the card is sent through, if any (its own actions open its people's cards).
   */
  openCardsWith(line: (surveyId: string, team?: string) => Promise<string | undefined>): void;
  /** Something a feature keeps of a wave before its responses are purged (results: its stored result). */
  keepBeforePurge(keep: (survey: Survey, wave: Wave) => Promise<unknown>): void;
}

/** Surveys: authoring, anonymous answering and the waves, each assembled by its own part. */
export function assembleSurveys(
  core: Core,
  deps: {
    roles: RoleService;
    outbox: OutboxService;
    roster: RosterService;
    conversations: ConversationDirectory;
    /** The outbox's records of a batch (delivery's rows), deleted with the wave. */
    batches: { deleteDeliveries(batch: string): Promise<number>; deleteCards(batch: string): Promise<number> };
  },
): Feature<SurveysApi, keyof WavePurgeCounts> {
  const { clock, log, settings, audit } = core;
  const { timeZone, minGroupSize } = settings;
  const authoring = assembleAuthoring(core);
  const answering = new Answering(core, authoring);
  const openers: ((surveyId: string, team?: string) => Promise<string | undefined>)[] = [];
  const keepers: ((survey: Survey, wave: Wave) => Promise<unknown>)[] = [];
  const { waves, purge } = assembleWaves(core, {
    ...{ authoring, answering, outbox: deps.outbox, roster: deps.roster, conversations: deps.conversations },
    batches: deps.batches,
    lastTimeLine: async (surveyId, team) => (await Promise.all(openers.map((o) => o(surveyId, team)))).find(Boolean),
    // Every feature keeping something of the wave has kept it (none: nothing to keep).
    keep: async (survey, wave) => (await Promise.all(keepers.map((keep) => keep(survey, wave)))).every(Boolean),
  });
  const { answers, sealMigration, recipients } = answering;
  const admin = new SurveyAdminService({
    ...{ ...authoring, recipients, waveService: waves, answers, conversations: deps.conversations },
    ...{ roles: deps.roles, audit, clock, timeZone, minGroupSize },
  });
  return {
    api: {
      ...{ waves, answers, admin, catalogue: authoring.surveys, history: authoring.waves },
      ...{ responses: answering.responses, markers: answering.markers, sealMigration },
      teamsAsked: (waveId) => recipients.askedThrough(waveId),
      anonymousChannel: (channel) => answering.channel(channel),
      openCardsWith: (line) => void openers.push(line),
      keepBeforePurge: (keep) => void keepers.push(keep),
    },
    routes: (app) => registerSurveyRoutes(app, { answers, admin, log, timeZone, minGroupSize }),
    jobs: [
      { name: 'surveys', schedule: SURVEYS_SCHEDULE, run: () => waves.tick() },
      { name: 'seal-responses', schedule: SEAL_RESPONSES_SCHEDULE, run: () => sealMigration.run() },
    ],
    purges: [purge],
    reseal: answering.reseal,
    // Stopping waits a little for a fan-out in progress (a later tick resumes one cut short) before delivery stops.
    workers: [{ scheduled: false, start: () => undefined, stop: () => waves.idle(FAN_OUT_GRACE_MS) }],
  };
}
