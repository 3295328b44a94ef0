import type { TableAuditLog } from '../platform/audit';
import type { Clock } from '../platform/clock';
import type { DownloadOffering, DownloadOutcome } from './download';
import type { TableDownloadLinkStore } from './download-link.store';

/** Serves `GET /downloads/:token`: finds the feature offering the link's kind, and serves the link once. */
export class DownloadService {
  private readonly kinds: readonly string[];

  constructor(
    private readonly deps: {
      store: TableDownloadLinkStore;
      audit: TableAuditLog;
      clock: Clock;
      offerings: readonly DownloadOffering[];
    },
  ) {
    this.kinds = deps.offerings.flatMap((o) => o.kinds);
  }

  /**
   * Serves a single-use link. It is spent before anything else, so a token that reached any log (App Service's HTTP
   * log records paths) was spent by that very request, and of two requests at once only one gets the file. Then the
   * person who asked must still hold the role, and the download is audited before the file leaves. The request
   * carries no Teams identity: the audit names the link's owner, and the time.
   */
  async download(token: string): Promise<DownloadOutcome> {
    const taken = await this.deps.store.take(token, this.kinds, this.deps.clock.now());
    if (taken.kind === 'unknown') return { kind: 'not-found' };
    const offering = this.deps.offerings.find((o) => o.kinds.includes(taken.link.kind))!;
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
