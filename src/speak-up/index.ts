/** The speak-up feature's face: raising concerns, guardians' actions, reporters' replies, timers, the NGO return. */
export { assembleSpeakUp, SPEAK_UP_OWNS } from './feature';
export { NgoReturnService } from './ngo.service';
export type { SpeakUpCounts } from './ngo-return';
export { SPEAK_UP_VERBS } from './speak-up.cards';
