import type { Action } from './action';
import type { TableActionsPurge } from './actions-purge.store';
import type { TableActionStore } from './actions.store';
import { closesAtOf, feedbackIdOf, type FeedbackTally } from './feedback';

/** What purging actions' data deleted: counts only. */
export interface ActionsPurgeCounts {
  bundleDeliveries: number;
  bundleCards: number;
  feedbackAnswers: number;
  feedbackMarkers: number;
}

/**
 * Actions' share of the retention job, on the clock of a wave's responses (RETENTION_RESPONSES_DAYS): a day's
 * "You said, we did" bundle (who it was sent to, and its cards) once that day is past the period, and a question's
 * answers and markers once it closed (and had its final write) that long ago, its totals kept on the action first.
 * The actions themselves (what leaders wrote) stay. Safe to repeat and to run in two processes at once.
 */
export class ActionsPurgeService {
  constructor(
    private readonly deps: {
      store: TableActionStore;
      purge: TableActionsPurge;
      /** Surveys' `answered` table, where the questions' markers are (partition `fb.<survey>.<action>`). */
      markers: { deleteAll(partition: string): Promise<number> };
      /** The totals leaders see now, made from the written answers. */
      feedback: { tallies(actions: readonly Action[]): Promise<ReadonlyMap<string, FeedbackTally | undefined>> };
    },
  ) {}

  /** Purges what is past `cutoff`, adding what it deleted to `counts` as it goes. */
  async purgeBefore(cutoff: Date, now: Date, counts: ActionsPurgeCounts): Promise<void> {
    const day = cutoff.toISOString().slice(0, 10);
    counts.bundleDeliveries += await this.deps.purge.deleteBundleDeliveriesBefore(day);
    counts.bundleCards += await this.deps.purge.deleteBundleCardsBefore(day);
    for (const listed of await this.deps.store.feedbackClosedUnpurged()) {
      const closesAt = closesAtOf(listed);
      if (!closesAt || closesAt > cutoff.toISOString()) continue;
      const action = await this.keepTally(listed);
      if (!action) continue;
      const partition = feedbackIdOf(action);
      counts.feedbackAnswers += await this.deps.purge.deleteAnswers(partition);
      counts.feedbackMarkers += await this.deps.markers.deleteAll(partition);
      // Last, so a run that stops part-way is finished by the next; a concurrent edit leaves it to the next run too.
      await this.deps.store.update(action, { feedbackPurgedAt: now.toISOString() });
    }
  }

  /**
   * Keeps the question's totals on the action before the answers they are counted from go. Conditional on the row
   * being unchanged, so a second process that counted a half-deleted partition cannot overwrite the true totals.
   */
  private async keepTally(action: Action): Promise<Action | undefined> {
    if (action.feedbackKept) return action;
    const tally = (await this.deps.feedback.tallies([action])).get(action.id);
    const kept = await this.deps.store.update(action, { feedbackKept: tally ? { tally } : {} });
    if (kept) return kept;
    const fresh = await this.deps.store.get(action.surveyId, action.id);
    return fresh?.feedbackKept ? fresh : undefined;
  }
}
