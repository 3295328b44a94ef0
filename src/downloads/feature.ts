import type { Core } from '../core';
import { purgePart, type Feature, type Owned } from '../platform/feature';
import { TableDownloadLinkStore } from './download-link.store';
import { DownloadLinkService } from './download-links.service';
import { DownloadService } from './download.service';

export const DOWNLOADS_OWN: Owned = { tables: ['exports'], queues: [] };

/** What downloads gives the features above it: links to create, and the service `GET /downloads/:token` calls. */
export interface DownloadsApi {
  readonly links: DownloadLinkService;
  readonly downloads: DownloadService;
}

/** Single-use, short-lived download links; the features offering files through them offer their kinds. */
export function assembleDownloads(core: Core): Feature<DownloadsApi, 'downloadLinks'> {
  const { clock, audit, config } = core;
  const store = new TableDownloadLinkStore(core.storage.table('exports'));
  const links = new DownloadLinkService({ store, clock, publicUrl: config.results.publicUrl });
  const purge = purgePart({
    zero: () => ({ downloadLinks: 0 }),
    purge: async (c, now) => void (c.downloadLinks += await links.purgeDeadLinks(now)),
    describe: (c) => `download links ${c.downloadLinks}`,
  });
  return { api: { links, downloads: new DownloadService({ store, audit, clock }) }, purges: [purge] };
}
