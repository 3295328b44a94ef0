import type { TableAuditLog } from '../platform/audit';
import type { Clock } from '../platform/clock';
import type { DownloadOffering, DownloadOutcome } from './download';
import type { TableDownloadLinkStore } from './download-link.store';

/**
 * Serves `GET /downloads/:token`: finds the feature offering the link's kind, and serves the link once. Downloads is
 * built before the features that offer files through it (results' CSVs, speak-up's NGO return): each offers its
 * kinds as it is assembled, before the process takes its first request.
 */
export class DownloadService {
  private readonly offerings: DownloadOffering[] = [];

  constructor(private readonly deps: { store: TableDownloadLinkStore; audit: TableAuditLog; clock: Clock }) {}

  /** Serves the links of `offering`'s kinds from now on. */
  offer(offering: DownloadOffering): void {
    const taken = offering.kinds.find((kind) => this.offerings.some((o) => o.kinds.includes(kind)));
    if (taken) throw new Error(`Downloads: two features offer "${taken}" links`);
    this.offerings.push(offering);
  }

  /**
   * Serves a single-use link. It is spent before anything else, so a token that reached any log (App Service's HTTP
   * log records paths) was spent by that very request, and of two requests at once only one gets the file. Then the
   * person who asked must still hold the role, and the download is audited before the file leaves. The request
   * carries no Teams identity: the audit names the link's owner, and the time.
   */
  async download(token: string): Promise<DownloadOutcome> {
    const kinds = this.offerings.flatMap((o) => o.kinds);
    const taken = await this.deps.store.take(token, kinds, this.deps.clock.now());
    if (taken.kind === 'unknown') return { kind: 'not-found' };
    const offering = this.offerings.find((o) => o.kinds.includes(taken.link.kind))!;
    const entry = {
      scope: 'admin',
      actor: taken.createdBy || 'unknown',
      action: offering.action,
      target: offering.target(taken.link),
    };
    if (taken.kind !== 'taken') {
      await this.deps.audit.record({
        ...entry,
        outcome: 'refused',
        detail: taken.kind === 'used' ? 'link already used' : 'link expired',
      });
      return { kind: taken.kind };
    }
    if (!(await offering.mayDownload(taken.createdBy))) {
      await this.deps.audit.record({
        ...entry,
        outcome: 'refused',
        detail: 'the person who asked no longer holds the role',
      });
      return { kind: 'not-allowed' };
    }
    const file = await offering.file(taken.link);
    if (!file) {
      await this.deps.audit.record({ ...entry, outcome: 'failed', detail: 'what the link named is gone' });
      return { kind: 'not-found' };
    }
    await this.deps.audit.record({ ...entry, outcome: 'done', detail: `${taken.link.kind} CSV` });
    return { kind: 'file', ...file };
  }
}
