import type { TableCasePurge } from './case-purge.store';
import type { Case } from './case';
import type { TableCaseStore } from './case.store';
import { caseBatch, type RelayService } from './relay.service';

/** What purging closed cases deleted: counts only. */
export interface CasePurgeCounts {
  cases: number;
  caseMessages: number;
  caseDeliveries: number;
}

/**
 * Speak-up's share of the retention job: deletes a closed case and everything about it once its period has passed.
 * The case row goes last, so a run that stops part-way is finished by the next one.
 */
export class CasePurgeService {
  constructor(
    private readonly deps: {
      cases: TableCaseStore;
      purge: TableCasePurge;
      relay: RelayService;
      /** The outbox's records of a batch (the delivery feature's rows). */
      batches: { deleteDeliveries(batch: string): Promise<number> };
    },
  ) {}

  /** Purges every case closed before `cutoff` (and past its check-in), adding what it deleted to `counts` as it goes. */
  async purgeClosedBefore(cutoff: Date, counts: CasePurgeCounts): Promise<void> {
    const before = cutoff.toISOString();
    const due: string[] = [];
    for await (const c of this.deps.cases.all()) if (isPastRetention(c, before)) due.push(c.ref);
    for (const ref of due) {
      // Read again just before deleting: a reporter may have answered the check-in (reopening it) since the listing.
      const c = await this.deps.cases.get(ref);
      if (!c || !isPastRetention(c, before)) continue;
      // Children first, the case row last: until it is gone, the next run finds the case and finishes the job.
      counts.caseMessages += await this.deps.purge.deleteMessages(ref);
      await this.deps.relay.forgetReporter(ref);
      counts.caseDeliveries += await this.deps.batches.deleteDeliveries(caseBatch(ref));
      await this.deps.purge.deleteMarkers(ref);
      if (await this.deps.purge.deleteCase(ref, c.etag)) counts.cases++;
    }
  }
}

/** A closed case whose period has passed and whose detriment check-in has gone out (or was never due). */
function isPastRetention(c: Case, cutoff: string): boolean {
  return c.status === 'closed' && Boolean(c.closedAt) && c.closedAt! <= cutoff && (c.checkInSent || !c.checkInDueAt);
}
