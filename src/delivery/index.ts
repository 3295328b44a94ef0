/** The delivery feature's face: the outbox other features send through, the roster, and who the bot can reach. */
export { OutboxService } from './outbox.service';
export type { OutboxDraft } from './outbox-message';
export { RosterService, type MemberNames } from './roster.service';
export type { RosterMember, TeamRosters } from './roster.service';
export { CaptureService } from './capture.service';
export { registerCaptureRoutes } from './capture.routes';
export type { LaterCapture } from './capture-later';
export { welcomeRetention, WELCOME_KEEP_DAYS } from './capture-later';
export { Dispatcher } from './dispatcher';
export { ConversationLimiter, TokenBucket } from './rate-limit';
export type { ConversationDirectory, KnownTeam } from './conversation.store';
export type { DeliveryLookup } from './delivery.store';
