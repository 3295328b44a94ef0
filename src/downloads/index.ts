/** The downloads feature's face: single-use, short-lived download links that other features offer files through. */
export { assembleDownloads, DOWNLOADS_OWN } from './feature';
export type { DownloadOffering } from './download';
export { DownloadLinkService } from './download-links.service';
export { DownloadService } from './download.service';
