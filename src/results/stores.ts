/** Results' stores, for the composition root only (src/app-stores.ts). */
export { TableDigestState } from './digest.store';
export { TableResultStore } from './result.store';
