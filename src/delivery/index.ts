/** The delivery feature's face: the outbox other features send through, the roster, and who the bot can reach. */
export { assembleDelivery, DELIVERY_OWNS } from './feature';
export { OutboxService } from './outbox.service';
export type { OutboxDraft } from './outbox-message';
export { RosterService, type MemberNames } from './roster.service';
export { WELCOME_KEEP_DAYS } from './capture-later';
export type { ConversationDirectory, KnownTeam } from './conversation.store';
export type { RosterMember, TeamRosters } from './roster.service';
export type { DeliveryLookup } from './delivery.store';
