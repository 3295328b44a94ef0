/** Delivery's stores, for the composition root only (src/app-stores.ts): other features read through its face. */
export { TableBatchPurge } from './batch-purge.store';
export { TableCardStore } from './card.store';
export { TableConversationStore } from './conversation.store';
export { TableDeliveryStore } from './delivery.store';
export { StorageOutboxQueue } from './outbox.store';
export { TableSendPause } from './pause.store';
