/** The speak-up feature's face: raising concerns, guardians' actions, reporters' replies, timers, the NGO return. */
export { assembleSpeakUp, SPEAK_UP_OWNS, type SpeakUpApi } from './feature';
export { CaseViewService } from './case-view.service';
export { GuardianActionService } from './guardian-actions.service';
export { NgoReturnService } from './ngo.service';
export type { SpeakUpCounts } from './ngo-return';
export { CasePurgeService } from './case-purge.service';
export { RaiseService } from './raise.service';
export { RelayService } from './relay.service';
export { ReporterService } from './reporter.service';
export { CaseTimers } from './timers.service';
export { SPEAK_UP_VERBS } from './speak-up.cards';
export { registerSpeakUpRoutes } from './speak-up.routes';
