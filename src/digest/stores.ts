/** The digest's store, for the composition root only (src/app-stores.ts). */
export { TableDigestState } from './digest.store';
