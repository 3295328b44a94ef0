/** Results' stores, for the composition root only (src/app-stores.ts). */
export { TableResultStore } from './result.store';
