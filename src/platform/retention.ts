import type { TableAuditLog } from './audit';
import type { Clock } from './clock';
import type { PurgePart, RetentionPeriods } from './feature';
import type { Log } from './log';
import { storageStatus } from './storage';

/** When the job runs: daily at 02:30 in the schedule time zone (Europe/London), a quiet hour for reading whole tables. */
export const RETENTION_SCHEDULE = '30 2 * * *';

/** What one run deleted, by what each feature names it: counts only, never what the rows held or whom they named. */
export type PurgeCounts<Counted extends string = string> = Readonly<Record<Counted, number>>;

/**
 * The daily retention job: asks each feature to delete what is past its period (RETENTION_*_DAYS): closed waves'
 * responses and recipient rows, actions' bundle deliveries and closed questions' answers, closed cases and everything
 * about them, old audit rows and dead download links. Every step is safe to repeat and to run in two processes at
 * once: rows already gone are skipped, and each feature deletes its parent row last, so a run that stops part-way is
 * finished by the next one.
 */
export class RetentionService<Counted extends string = string> {
  constructor(
    private readonly deps: {
      /** In the order the audit row reports them. */
      /** What they count is `Counted`. */
      parts: readonly PurgePart[];
      audit: TableAuditLog;
      clock: Clock;
      log: Log;
      periods: RetentionPeriods;
    },
  ) {}

  /** One run: purges what is past retention, then audits and logs the counts. */
  async purge(): Promise<PurgeCounts<Counted>> {
    const now = this.deps.clock.now();
    const runs = this.deps.parts.map((part) => part.start());
    const counts = (): PurgeCounts<Counted> => Object.assign({}, ...runs.map((run) => run.counts));
    const detail = () => runs.map((run) => run.describe()).join('; ');
    try {
      for (const run of runs) await run.purge(now, this.deps.periods);
    } catch (error) {
      // A storage error carries the request URL, and row keys here are Entra ids: pass on its status, not the error.
      const status = storageStatus(error);
      if (status === undefined) throw error;
      await this.record(detail(), 'failed').catch(() => undefined); // storage is failing: the log still has the counts
      this.deps.log.warn({ ...(counts() as PurgeCounts), status }, 'retention purge stopped part-way');
      throw new Error(
        `Retention: storage answered ${status}, so the purge stopped part-way; the next run carries on from there`,
      );
    }
    await this.record(detail(), 'done');
    this.deps.log.info({ ...(counts() as PurgeCounts) }, 'retention purge done');
    return counts();
  }

  private record(detail: string, outcome: 'done' | 'failed'): Promise<void> {
    return this.deps.audit.record({ scope: 'admin', actor: 'system', action: 'retention.purge', outcome, detail });
  }
}
