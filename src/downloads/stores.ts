/** The downloads feature's store, for the composition root only (src/app-stores.ts). */
export { TableDownloadLinkStore } from './download-link.store';
