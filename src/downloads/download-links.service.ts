import { DAY_MS } from '../platform/calendar/durations';
import type { Clock } from '../platform/clock';
import type { DownloadLink } from './download';
import type { TableDownloadLinkStore } from './download-link.store';

// A link is dead LINK_MINUTES after it was made; its row is kept a day longer, for anyone asking why it failed.
const DEAD_LINK_GRACE_MS = DAY_MS;

/** Makes download links for the features that offer files, and clears away dead ones. */
export class DownloadLinkService {
  constructor(private readonly deps: { store: TableDownloadLinkStore; clock: Clock; publicUrl: string }) {}

  /**
   * A single-use, short-lived link to what `link` names, for `owner`. The caller has checked the owner's role; the
   * download checks it again.
   */
  async createLink(link: Omit<DownloadLink, 'expiresAt'>, owner: string): Promise<{ url: string; expiresAt: string }> {
    const { token, expiresAt } = await this.deps.store.create(link, owner, this.deps.clock.now());
    return { url: `${this.deps.publicUrl.replace(/\/$/, '')}/downloads/${token}`, expiresAt };
  }

  /** The retention job's share for links: deletes those dead for over a day. Returns how many. */
  purgeDeadLinks(now: Date): Promise<number> {
    return this.deps.store.deleteExpiredBefore(new Date(now.getTime() - DEAD_LINK_GRACE_MS));
  }
}
