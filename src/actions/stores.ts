/** The actions feature's stores, for the composition root only (src/app-stores.ts). */
export { TableActionStore, TableWaveAudience } from './actions.store';
export { TableActionsPurge } from './actions-purge.store';
