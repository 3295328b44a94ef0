import { daysBefore, purgePart, type PurgePart } from '../../platform/feature';
import type { Log } from '../../platform/log';
import type { TableRecipientStore } from '../answering';
import type { Survey, TableSurveyStore, TableWaveStore, Wave } from '../authoring';
import type { TableWavePurge } from './wave-purge.store';
import { reminderBatchOf } from './wave.service';

/** What purging closed waves deleted: counts only. */
export interface WavePurgeCounts {
  waves: number;
  responses: number;
  recipientRows: number;
  answeredMarkers: number;
  cardTemplates: number;
}

/**
 * Surveys' share of the retention job: deletes what a closed wave leaves behind once its period has passed, keeping
 * the admin's figures on the wave row. Safe to repeat and to run in two processes at once.
 */
export class WavePurgeService {
  constructor(
    private readonly deps: {
      surveys: TableSurveyStore;
      waves: TableWaveStore;
      recipients: TableRecipientStore;
      purge: TableWavePurge;
      /** The outbox's records of a batch (the delivery feature's rows). */
      batches: { deleteDeliveries(batch: string): Promise<number>; deleteCards(batch: string): Promise<number> };
      log: Log;
      /** Makes and stores the wave's result if it is not stored yet; undefined if it could not be. */
      storeResult: (survey: Survey, wave: Wave) => Promise<unknown>;
    },
  ) {}

  /** Purges every wave closed before `cutoff`, adding what it deleted to `counts` as it goes. */
  async purgeClosedBefore(cutoff: Date, now: Date, counts: WavePurgeCounts): Promise<void> {
    for (const listed of await this.deps.waves.closedUnpurged()) {
      if ((listed.closedAt ?? listed.closesAt) > cutoff.toISOString()) continue;
      // Deleting the responses must never lose the only copy of the figures: the result is made and stored first.
      const survey = await this.deps.surveys.get(listed.surveyId);
      const result = survey ? await this.deps.storeResult(survey, listed) : undefined;
      if (!result) {
        this.deps.log.warn(
          { survey: listed.surveyId, wave: listed.id },
          'retention: wave kept, its result could not be stored',
        );
        continue;
      }
      const wave = await this.keepProgress(listed);
      if (!wave) continue;
      counts.responses += await this.deps.purge.deleteResponses(wave.id);
      counts.answeredMarkers += await this.deps.purge.deleteMarkers(wave.id);
      for (const batch of [wave.id, reminderBatchOf(wave.id)]) {
        counts.recipientRows += await this.deps.batches.deleteDeliveries(batch);
        counts.cardTemplates += await this.deps.batches.deleteCards(batch);
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
}

/** Surveys' share of the purge, reported as "waves W (responses R, recipient rows …)". */
export function wavePurgePart(waves: WavePurgeService): PurgePart<keyof WavePurgeCounts> {
  return purgePart({
    zero: (): WavePurgeCounts => ({ waves: 0, responses: 0, recipientRows: 0, answeredMarkers: 0, cardTemplates: 0 }),
    purge: (c, now, periods) => waves.purgeClosedBefore(daysBefore(now, periods.responsesDays), now, c),
    describe: (c) =>
      `waves ${c.waves} (responses ${c.responses}, recipient rows ${c.recipientRows}, answered markers ${c.answeredMarkers}, card templates ${c.cardTemplates})`,
  });
}
