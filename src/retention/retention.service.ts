import type { RetentionConfig } from '../config';
import type { TableAuditLog } from '../platform/audit';
import { DAY_MS } from '../platform/calendar/durations';
import type { Clock } from '../platform/clock';
import type { Log } from '../platform/log';
import { storageStatus } from '../platform/storage';
import type { ResultsService } from '../results/results.service';
import type { Case, TableCaseStore } from '../speak-up/case.store';
import { caseBatch, type RelayService } from '../speak-up/relay.service';
import type { TableRecipientStore } from '../surveys/recipient.store';
import type { Wave } from '../surveys/survey';
import type { TableSurveyStore, TableWaveStore } from '../surveys/survey.store';
import { reminderBatchOf } from '../surveys/wave.service';
import type { TableCasePurge } from './case-purge.store';
import type { TableAuditPurge, TableDownloadLinkPurge } from './record-purge.store';
import type { TableWavePurge } from './wave-purge.store';

/** What one run deleted: counts only, never what the rows held or whom they named. */
export interface PurgeCounts {
  waves: number;
  responses: number;
  recipientRows: number;
  answeredMarkers: number;
  cardTemplates: number;
  cases: number;
  caseMessages: number;
  caseDeliveries: number;
  auditRows: number;
  downloadLinks: number;
}

// A download link is dead 15 minutes after it was made; its row is kept a day longer, for anyone asking why it failed.
const LINK_GRACE_MS = DAY_MS;

/**
 * The daily retention job: deletes closed waves' responses and recipient rows, closed cases and everything about
 * them, old audit rows and dead download links, each once its period (RETENTION_*_DAYS) has passed. Every step is
 * safe to repeat and to run in two processes at once: rows already gone are skipped, and a case row is deleted last
 * so a run that stops part-way is finished by the next one.
 */
export class RetentionService {
  constructor(
    private readonly deps: {
      surveys: TableSurveyStore;
      waves: TableWaveStore;
      recipients: TableRecipientStore;
      results: ResultsService;
      wavePurge: TableWavePurge;
      cases: TableCaseStore;
      casePurge: TableCasePurge;
      relay: RelayService;
      auditPurge: TableAuditPurge;
      linkPurge: TableDownloadLinkPurge;
      audit: TableAuditLog;
      clock: Clock;
      log: Log;
      settings: RetentionConfig;
    },
  ) {}

  /** One run: purges what is past retention, then audits and logs the counts. */
  async purge(): Promise<PurgeCounts> {
    const now = this.deps.clock.now();
    const counts: PurgeCounts = { waves: 0, responses: 0, recipientRows: 0, answeredMarkers: 0, cardTemplates: 0, cases: 0, caseMessages: 0, caseDeliveries: 0, auditRows: 0, downloadLinks: 0 };
    try {
      await this.purgeWaves(now, counts);
      await this.purgeCases(now, counts);
      // Before this run's own audit row is written, so that row is never among those deleted.
      counts.auditRows += await this.deps.auditPurge.deleteWrittenBefore(daysBefore(now, this.deps.settings.auditDays));
      counts.downloadLinks += await this.deps.linkPurge.deleteExpiredBefore(new Date(now.getTime() - LINK_GRACE_MS));
    } catch (error) {
      // A storage error carries the request URL, and row keys here are Entra ids: pass on its status, not the error.
      const status = storageStatus(error);
      if (status === undefined) throw error;
      await this.record(counts, 'failed').catch(() => undefined); // storage is failing: the log still has the counts
      this.deps.log.warn({ ...counts, status }, 'retention purge stopped part-way');
      throw new Error(`Retention: storage answered ${status}, so the purge stopped part-way; the next run carries on from there`);
    }
    await this.record(counts, 'done');
    this.deps.log.info({ ...counts }, 'retention purge done');
    return counts;
  }

  private async purgeWaves(now: Date, counts: PurgeCounts): Promise<void> {
    const cutoff = daysBefore(now, this.deps.settings.responsesDays).toISOString();
    for (const listed of await this.deps.waves.closedUnpurged()) {
      if ((listed.closedAt ?? listed.closesAt) > cutoff) continue;
      // Deleting the responses must never lose the only copy of the figures: the result is made and stored first.
      const survey = await this.deps.surveys.get(listed.surveyId);
      const result = survey ? await this.deps.results.resultOf(survey, listed) : undefined;
      if (!result) {
        this.deps.log.warn({ survey: listed.surveyId, wave: listed.id }, 'retention: wave kept, its result could not be stored');
        continue;
      }
      const wave = await this.keepProgress(listed);
      if (!wave) continue;
      counts.responses += await this.deps.wavePurge.deleteResponses(wave.id);
      counts.answeredMarkers += await this.deps.wavePurge.deleteMarkers(wave.id);
      for (const batch of [wave.id, reminderBatchOf(wave.id)]) {
        counts.recipientRows += await this.deps.wavePurge.deleteRecipients(batch);
        counts.cardTemplates += await this.deps.wavePurge.deleteCards(batch);
      }
      if (await this.deps.waves.update(wave, { purgedAt: now.toISOString() })) counts.waves++;
    }
  }

  /**
   * Copies the admin's figures onto the wave row before the rows they are counted from go. Conditional on the row
   * being unchanged, so a second process that counted a half-deleted partition cannot overwrite the true figures.
   */
  private async keepProgress(wave: Wave): Promise<Wave | undefined> {
    if (wave.keptProgress) return wave;
    const kept = await this.deps.waves.update(wave, { keptProgress: await this.deps.recipients.progress(wave.id) });
    if (kept) return kept;
    const fresh = await this.deps.waves.get(wave.id);
    return fresh?.keptProgress ? fresh : undefined;
  }

  private async purgeCases(now: Date, counts: PurgeCounts): Promise<void> {
    const cutoff = daysBefore(now, this.deps.settings.casesDays).toISOString();
    const due: string[] = [];
    for await (const c of this.deps.cases.all()) if (isPastRetention(c, cutoff)) due.push(c.ref);
    for (const ref of due) {
      // Read again just before deleting: a reporter may have answered the check-in (reopening it) since the listing.
      const c = await this.deps.cases.get(ref);
      if (!c || !isPastRetention(c, cutoff)) continue;
      // Children first, the case row last: until it is gone, the next run finds the case and finishes the job.
      counts.caseMessages += await this.deps.casePurge.deleteMessages(ref);
      await this.deps.relay.forgetReporter(ref);
      counts.caseDeliveries += await this.deps.casePurge.deleteDeliveries(caseBatch(ref));
      await this.deps.casePurge.deleteMarkers(ref);
      if (await this.deps.casePurge.deleteCase(ref, c.etag)) counts.cases++;
    }
  }

  private record(counts: PurgeCounts, outcome: 'done' | 'failed'): Promise<void> {
    const c = counts;
    const detail = `waves ${c.waves} (responses ${c.responses}, recipient rows ${c.recipientRows}, answered markers ${c.answeredMarkers}, card templates ${c.cardTemplates}); cases ${c.cases} (messages ${c.caseMessages}, deliveries ${c.caseDeliveries}); audit rows ${c.auditRows}; download links ${c.downloadLinks}`;
    return this.deps.audit.record({ scope: 'admin', actor: 'system', action: 'retention.purge', outcome, detail });
  }
}

/** A closed case whose period has passed and whose detriment check-in has gone out (or was never due). */
function isPastRetention(c: Case, cutoff: string): boolean {
  return c.status === 'closed' && Boolean(c.closedAt) && c.closedAt! <= cutoff && (c.checkInSent || !c.checkInDueAt);
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);
