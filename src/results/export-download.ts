import type { TableAuditLog } from '../platform/audit';
import type { Clock } from '../platform/clock';
import type { DownloadLink, TableExportStore } from './export.store';

/** What a download request gets: the file, or why not (and then nothing is served). */
export type DownloadOutcome = { kind: 'file'; name: string; csv: string } | { kind: 'not-found' | 'expired' | 'used' | 'not-allowed' };

/** How one feature serves its own kinds of link. */
export interface DownloadSpec {
  readonly kinds: readonly DownloadLink['kind'][];
  /** The audit action, e.g. `export.download`. */
  readonly action: string;
  /** Whether the person who asked for the link still holds the role it needs: checked again at download. */
  mayDownload(owner: string): Promise<boolean>;
  /** The file, or undefined if what the link named is gone. */
  file(link: DownloadLink): Promise<{ name: string; csv: string } | undefined>;
  /** What the audit names as downloaded (a wave id, a quarter). */
  target(link: DownloadLink): string;
}

/**
 * Serves a single-use link. It is spent before anything else, so a token that reached any log (App Service's HTTP
 * log records paths) was spent by that very request, and of two requests at once only one gets the file. Then the
 * person who asked must still hold the role, and the download is audited before the file leaves. The request
 * carries no Teams identity: the audit names the link's owner, and the time.
 */
export async function serveDownload(deps: { exports: TableExportStore; audit: TableAuditLog; clock: Clock }, token: string, spec: DownloadSpec): Promise<DownloadOutcome> {
  const taken = await deps.exports.take(token, spec.kinds, deps.clock.now());
  if (taken.kind === 'unknown') return { kind: 'not-found' };
  const entry = { scope: 'admin', actor: taken.createdBy || 'unknown', action: spec.action, target: spec.target(taken.link) };
  if (taken.kind !== 'taken') {
    await deps.audit.record({ ...entry, outcome: 'refused', detail: taken.kind === 'used' ? 'link already used' : 'link expired' });
    return { kind: taken.kind };
  }
  if (!(await spec.mayDownload(taken.createdBy))) {
    await deps.audit.record({ ...entry, outcome: 'refused', detail: 'the person who asked no longer holds the role' });
    return { kind: 'not-allowed' };
  }
  const file = await spec.file(taken.link);
  if (!file) {
    await deps.audit.record({ ...entry, outcome: 'failed', detail: 'what the link named is gone' });
    return { kind: 'not-found' };
  }
  await deps.audit.record({ ...entry, outcome: 'done', detail: `${taken.link.kind} CSV` });
  return { kind: 'file', ...file };
}
