import { createHash } from 'node:crypto';
import type { ActionsService } from '../actions';
import type { OutboxService } from '../delivery';
import type { ChannelRegistry } from '../people';
import { WEEK_MS } from '../platform/calendar/durations';
import type { Clock } from '../platform/clock';
import type { Log } from '../platform/log';
import type { ResultsService, ResultsView } from '../results';
import type { NgoReturnService } from '../speak-up';
import { digestCard } from './digest.cards';
import type { TableDigestState } from './digest.store';

/**
 * The weekly leadership digest: the surveys with results no digest has carried yet, sent through the outbox to every
 * channel registered with `digest here`. Run by the scheduler (one process per tick); safe to run twice, since the
 * batch is named for the tick and each channel is a key in it, and the results it carries are marked only after it
 * is queued (a crash in between repeats them next week rather than losing them).
 */
export class DigestService {
  constructor(
    private readonly deps: {
      /** Results' part: the surveys with results no digest has carried yet, and marking them carried. */
      results: Pick<ResultsService, 'notYetDigested' | 'markDigested'>;
      registrations: ChannelRegistry;
      outbox: OutboxService;
      state: TableDigestState;
      clock: Clock;
      log: Log;
      view: ResultsView;
      /** Speak-up's part: the last completed quarter's counts (counts only; never a case or a person). */
      speakUp: Pick<NgoReturnService, 'lastCompletedQuarter'>;
      /** Actions' part: leaders' open actions due or overdue, as a card section (none: undefined). */
      actions?: Pick<ActionsService, 'dueSection'>;
    },
  ) {}

  async sendWeeklyDigest(tick: Date): Promise<{ channels: number; surveys: number }> {
    const since = (await this.deps.state.lastSentAt()) ?? new Date(tick.getTime() - WEEK_MS);
    // Results exist only after a wave's final write, minutes after it closes: a digest takes every result not yet
    // carried, whenever its wave closed, so none falls between two digests.
    const results = await this.deps.results.notYetDigested(tick, await this.deps.state.carriesFrom());
    // A quarter's figures are fixed the first time a digest shows them: a case reopened later cannot change them.
    const speakUp = await this.deps.state.speakUpOnce(await this.deps.speakUp.lastCompletedQuarter(tick));
    const actions = await this.deps.actions?.dueSection(tick);
    const card = digestCard(results, { ...this.deps.view, since: since.toISOString(), speakUp, actions });
    const channels = await this.deps.registrations.list('digest');
    const batch = `digest-${tick
      .toISOString()
      .slice(0, 16)
      .replace(/[^0-9]/g, '')}`;
    await this.deps.outbox.enqueueMany(
      batch,
      channels.map((c) => ({
        // Channel ids can hold characters outbox keys do not allow: a hash names each channel in the batch.
        key: createHash('sha256').update(c.ref.conversationId).digest('hex').slice(0, 32),
        kind: 'digest',
        to: { conversation: c.ref },
        op: { type: 'send' as const, card: { inline: card }, summary: 'Staff Voice weekly digest' },
      })),
    );
    await this.deps.results.markDigested(results, tick);
    await this.deps.state.recordSent(tick);
    this.deps.log.info({ channels: channels.length, surveys: results.length }, 'weekly digest sent');
    return { channels: channels.length, surveys: results.length };
  }
}
