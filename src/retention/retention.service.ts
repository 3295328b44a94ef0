import type { RetentionConfig } from '../config';
import type { TableAuditLog } from '../platform/audit';
import { DAY_MS } from '../platform/calendar/durations';
import type { Clock } from '../platform/clock';
import type { Log } from '../platform/log';
import { storageStatus } from '../platform/storage';

/** What one run deleted: counts only, never what the rows held or whom they named. */
export interface PurgeCounts {
  waves: number;
  responses: number;
  recipientRows: number;
  answeredMarkers: number;
  cardTemplates: number;
  bundleDeliveries: number;
  bundleCards: number;
  feedbackAnswers: number;
  feedbackMarkers: number;
  /** Rows of each day's welcome batch (delivery rows and card templates) past `WELCOME_KEEP_DAYS`. */
  welcomeSends: number;
  cases: number;
  caseMessages: number;
  caseDeliveries: number;
  auditRows: number;
  downloadLinks: number;
}

/**
 * The features' shares of the purge, wired in app.ts. Each feature deletes its own tables by its own keys; the ones
 * that delete many kinds of row add to the run's counts as they go, so a run that stops part-way still reports them.
 */
export interface RetentionParts {
  /** Surveys: closed waves' responses, answered markers, recipient rows and card templates (result stored first). */
  readonly waves: { purgeClosedBefore(cutoff: Date, now: Date, counts: PurgeCounts): Promise<void> };
  /**
   * Actions, on the waves' clock: each day's "You said, we did" deliveries rows (who it was sent to) and card
   * templates, and closed questions' answers and `fb.*` markers (their totals kept on the action first).
   */
  readonly actions: { purgeBefore(cutoff: Date, now: Date, counts: PurgeCounts): Promise<void> };
  /** Speak-up: closed cases past their check-in, with their messages, reporter, deliveries and markers. */
  readonly cases: { purgeClosedBefore(cutoff: Date, counts: PurgeCounts): Promise<void> };
  /** Delivery: each day's welcome cards (a list of who wrote before their install event), kept a few weeks. */
  readonly welcomes: { purgeSentBefore(now: Date): Promise<number> };
  /** The audit trail: rows written before the cutoff. */
  readonly auditRows: { deleteWrittenBefore(cutoff: Date): Promise<number> };
  /** Downloads: links dead long enough that nobody will ask why they failed. */
  readonly downloadLinks: { purgeDeadLinks(now: Date): Promise<number> };
}

/** When the job runs: daily at 02:30 in the schedule time zone (Europe/London), a quiet hour for reading whole tables. */
export const RETENTION_SCHEDULE = '30 2 * * *';

/**
 * The daily retention job: asks each feature to delete what is past its period (RETENTION_*_DAYS): closed waves'
 * responses and recipient rows, actions' bundle deliveries and closed questions' answers, closed cases and everything about them, old audit rows and dead download links.
 * Every step is safe to repeat and to run in two processes at once: rows already gone are skipped, and each feature
 * deletes its parent row last, so a run that stops part-way is finished by the next one.
 */
export class RetentionService {
  constructor(
    private readonly deps: {
      parts: RetentionParts;
      audit: TableAuditLog;
      clock: Clock;
      log: Log;
      settings: RetentionConfig;
    },
  ) {}

  /** One run: purges what is past retention, then audits and logs the counts. */
  async purge(): Promise<PurgeCounts> {
    const now = this.deps.clock.now();
    const { parts, settings } = this.deps;
    const counts: PurgeCounts = {
      waves: 0,
      responses: 0,
      recipientRows: 0,
      answeredMarkers: 0,
      cardTemplates: 0,
      bundleDeliveries: 0,
      bundleCards: 0,
      feedbackAnswers: 0,
      feedbackMarkers: 0,
      welcomeSends: 0,
      cases: 0,
      caseMessages: 0,
      caseDeliveries: 0,
      auditRows: 0,
      downloadLinks: 0,
    };
    try {
      await parts.waves.purgeClosedBefore(daysBefore(now, settings.responsesDays), now, counts);
      await parts.actions.purgeBefore(daysBefore(now, settings.responsesDays), now, counts);
      counts.welcomeSends += await parts.welcomes.purgeSentBefore(now);
      await parts.cases.purgeClosedBefore(daysBefore(now, settings.casesDays), counts);
      // Before this run's own audit row is written, so that row is never among those deleted.
      counts.auditRows += await parts.auditRows.deleteWrittenBefore(daysBefore(now, settings.auditDays));
      counts.downloadLinks += await parts.downloadLinks.purgeDeadLinks(now);
    } catch (error) {
      // A storage error carries the request URL, and row keys here are Entra ids: pass on its status, not the error.
      const status = storageStatus(error);
      if (status === undefined) throw error;
      await this.record(counts, 'failed').catch(() => undefined); // storage is failing: the log still has the counts
      this.deps.log.warn({ ...counts, status }, 'retention purge stopped part-way');
      throw new Error(
        `Retention: storage answered ${status}, so the purge stopped part-way; the next run carries on from there`,
      );
    }
    await this.record(counts, 'done');
    this.deps.log.info({ ...counts }, 'retention purge done');
    return counts;
  }

  private record(counts: PurgeCounts, outcome: 'done' | 'failed'): Promise<void> {
    const c = counts;
    const detail = `waves ${c.waves} (responses ${c.responses}, recipient rows ${c.recipientRows}, answered markers ${c.answeredMarkers}, card templates ${c.cardTemplates}); actions (bundle deliveries ${c.bundleDeliveries}, bundle cards ${c.bundleCards}, feedback answers ${c.feedbackAnswers}, feedback markers ${c.feedbackMarkers}); welcome sends ${c.welcomeSends}; cases ${c.cases} (messages ${c.caseMessages}, deliveries ${c.caseDeliveries}); audit rows ${c.auditRows}; download links ${c.downloadLinks}`;
    return this.deps.audit.record({ scope: 'admin', actor: 'system', action: 'retention.purge', outcome, detail });
  }
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);
