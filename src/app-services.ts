import { ActionBundle, ActionsService, BUNDLE_SEND_TIME } from './actions';
import { OutboxService, RosterService } from './delivery';
import { DigestService } from './digest';
import { DownloadLinkService, DownloadService } from './downloads';
import { ChannelService, RoleService, TeamLeadService } from './people';
import { TableRunLease } from './platform/lease';
import type { Bot } from './platform/teams/bot';
import type { Messenger } from './platform/teams/messenger';
import { ExportService, ResultsService } from './results';
import {
  CaseTimers,
  CaseViewService,
  GuardianActionService,
  NgoReturnService,
  RaiseService,
  RelayService,
  ReporterService,
} from './speak-up';
import { AnswerService, nextSendSlot, ResponseMixer, SurveyAdminService, WaveService } from './surveys';

// Part of the composition root (app.ts): the services, feature by feature, and the jobs that keep the data tidy.

import { composeDelivery, composeFeedback, composeUpkeep, type Parts } from './app-parts';

export type { Parts } from './app-parts';

/** Every service of a process, by name. */
export type Services = ReturnType<typeof composeServices>;

/**
 * Services, feature by feature; each receives only the stores and settings it needs. Surveys ask actions for a
 * wave's "last time" line at run time: that goes through `later`, filled in once actions are built. The digest,
 * above results, actions and speak-up, is built last from their parts.
 */
export function composeServices(parts: Parts, bot: Bot, messenger: Messenger) {
  const { config, clock, stores: s } = parts;
  const roles = new RoleService({ roles: s.roles, audit: s.audit, clock, firstAdmins: config.people.firstAdmins });
  const delivery = composeDelivery(parts, bot, messenger);
  const leads = new TeamLeadService({
    roles,
    store: s.roles,
    audit: s.audit,
    clock,
    teams: s.conversations,
    rosters: delivery.roster,
  });
  const channels = new ChannelService({
    registrations: s.registrations,
    roles,
    audit: s.audit,
    outbox: delivery.outbox,
    clock,
  });
  const later: { actions?: ActionsService } = {};
  const shared = { roles, outbox: delivery.outbox, roster: delivery.roster };
  const surveys = composeSurveys(parts, shared, (surveyId) => later.actions!.sinceLastTime(surveyId));
  const results = composeResults(parts, shared);
  const speakUp = composeSpeakUp(parts, shared, results.links);
  const actions = composeActions(parts, { roles, outbox: delivery.outbox, results: results.results });
  Object.assign(later, { actions: actions.actions });
  const digest = composeDigest(parts, {
    outbox: delivery.outbox,
    results: results.results,
    ngo: speakUp.ngo,
    actions: actions.actions,
  });
  const downloads = new DownloadService({
    store: s.downloadLinks,
    audit: s.audit,
    clock,
    offerings: [results.exports.offering, speakUp.ngo.offering],
  });
  const upkeep = composeUpkeep(parts, {
    results: results.results,
    relay: speakUp.relay,
    links: results.links,
    feedback: actions.feedback,
  });
  return {
    ...delivery,
    roles,
    leads,
    channels,
    ...surveys,
    ...results,
    downloads,
    ...speakUp,
    ...actions,
    digest,
    ...upkeep,
  };
}

/** What several features are given: roles, the outbox and the roster. */
interface Shared {
  readonly roles: RoleService;
  readonly outbox: OutboxService;
  readonly roster: RosterService;
}

/** Surveys: waves (with the mixer), answering, and the admin's survey cards. */
function composeSurveys(
  parts: Parts,
  { roles, outbox, roster }: Shared,
  lastTimeLine: (surveyId: string) => Promise<string | undefined>,
) {
  const { clock, log, stores: s, keys, settings } = parts;
  const { timeZone, minGroupSize } = settings;
  const { conversations, audit } = s;
  const mixer = new ResponseMixer({
    queue: s.responseQueue,
    responses: s.responses,
    sealer: keys.answers,
    lease: new TableRunLease(parts.tables.leases),
    log,
    k: minGroupSize,
  });
  const surveyStores = {
    surveys: s.surveys,
    waves: s.waves,
    recipients: s.recipients,
    markers: s.markers,
    keys: keys.answers,
  };
  const waves = new WaveService({
    ...surveyStores,
    outbox,
    conversations,
    roster,
    mixer,
    clock,
    log,
    timeZone,
    minGroupSize,
    lastTimeLine,
  });
  const answers = new AnswerService({
    ...surveyStores,
    responses: s.responseQueue,
    clock,
    log,
    timeZone,
    minGroupSize,
  });
  const surveyAdmin = new SurveyAdminService({
    surveys: s.surveys,
    waves: s.waves,
    recipients: s.recipients,
    waveService: waves,
    answers,
    conversations,
    roles,
    audit,
    clock,
    timeZone,
    minGroupSize,
  });
  return { waves, answers, surveyAdmin };
}

/** Results: settled waves' figures, and exports through download links. */
function composeResults(parts: Parts, { roles }: Shared) {
  const { config, settings, clock, log, stores: s } = parts;
  const results = new ResultsService({
    surveys: s.surveys,
    waves: s.waves,
    responses: s.responses,
    results: s.results,
    roles,
    clock,
    log,
    k: settings.minGroupSize,
    kComments: config.results.minComments,
  });
  // Downloads: single-use links that results and speak-up offer their files through.
  const links = new DownloadLinkService({ store: s.downloadLinks, clock, publicUrl: config.results.publicUrl });
  const exports = new ExportService({ results, resultStore: s.results, surveys: s.surveys, links });
  return { results, links, exports };
}

/** Speak up: raising, guardians' actions, reporters' replies, timers, the NGO return. Only the relay is given the reporters' store. */
function composeSpeakUp(parts: Parts, { roles, outbox }: Shared, links: DownloadLinkService) {
  const { settings, clock, log, stores: s } = parts;
  const { audit, cases, caseMessages } = s;
  const relay = new RelayService({
    reporters: s.caseReporters,
    outbox,
    deliveries: s.deliveries,
    registrations: s.registrations,
    roles,
  });
  const views = new CaseViewService({
    cases,
    messages: caseMessages,
    relay,
    roles,
    conversations: s.conversations,
    audit,
    clock,
    timeZone: settings.timeZone,
  });
  const caseParts = { cases, messages: caseMessages, relay, views, audit, clock };
  const raise = new RaiseService({ ...caseParts, log, settings: settings.speakUp });
  const guardians = new GuardianActionService({ ...caseParts, roles, settings: settings.speakUp });
  const reporters = new ReporterService(caseParts);
  const timers = new CaseTimers({ cases, relay, views, audit, clock, settings: settings.speakUp });
  const ngo = new NgoReturnService({ cases, roles, audit, links, clock });
  return { relay, raise, guardians, reporters, views, ngo, timers };
}

/** Actions ("you said, we did"): leaders answer settled results; staff hear in one bundle a day and say if it helped. */
function composeActions(parts: Parts, deps: { roles: RoleService; outbox: OutboxService; results: ResultsService }) {
  const { settings, clock, log, stores: s } = parts;
  const { timeZone } = settings;
  const leadershipChannels = () => s.registrations.list('digest');
  const bundle = new ActionBundle({
    store: s.actions,
    audience: s.waveAudience,
    leadershipChannels,
    outbox: deps.outbox,
    keys: parts.keys.answers,
    clock,
    log,
    timeZone,
  });
  const nextSlot = (after: Date) => nextSendSlot(after, BUNDLE_SEND_TIME, timeZone);
  const feedback = composeFeedback(parts);
  const actions = new ActionsService({
    store: s.actions,
    results: deps.results,
    roles: deps.roles,
    bundle,
    feedback,
    audit: s.audit,
    clock,
    log,
    timeZone,
    nextSlot,
  });
  return { actions, feedback };
}

/** The weekly digest, above results, actions and speak-up: each gives its part through its face. */
function composeDigest(
  parts: Parts,
  deps: { outbox: OutboxService; results: ResultsService; ngo: NgoReturnService; actions: ActionsService },
) {
  const { settings, clock, log, stores: s } = parts;
  return new DigestService({
    results: deps.results,
    registrations: s.registrations,
    outbox: deps.outbox,
    state: s.digestState,
    clock,
    log,
    view: settings.digestView,
    speakUp: deps.ngo,
    actions: deps.actions,
  });
}
