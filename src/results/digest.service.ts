import { createHash } from 'node:crypto';
import type { OutboxService } from '../delivery/outbox.service';
import type { TableRegistrationStore } from '../people/registration.store';
import type { Clock } from '../platform/clock';
import type { Log } from '../platform/log';
import type { TableDigestState } from './digest.store';
import { digestCard, type ResultsView, type SpeakUpCounts } from './results.cards';
import type { ResultsService } from './results.service';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The weekly leadership digest: the surveys whose waves closed since the last digest, sent through the outbox to
 * every channel registered with `digest here`. Run by the scheduler (one process per tick); safe to run twice, since
 * the batch is named for the tick and each channel is a key in it.
 */
export class DigestService {
  constructor(
    private readonly deps: {
      results: ResultsService;
      registrations: TableRegistrationStore;
      outbox: OutboxService;
      state: TableDigestState;
      clock: Clock;
      log: Log;
      view: ResultsView;
      /** Speak-up counts for the quarter so far (counts only; the digest never names a case or a person). */
      speakUpCounts: () => Promise<SpeakUpCounts>;
    },
  ) {}

  async sendWeeklyDigest(tick: Date): Promise<{ channels: number; surveys: number }> {
    const since = (await this.deps.state.lastSentAt()) ?? new Date(tick.getTime() - WEEK_MS);
    const results = await this.deps.results.closedSince(since);
    const card = digestCard(results, { ...this.deps.view, since: since.toISOString(), speakUp: await this.deps.speakUpCounts() });
    const channels = await this.deps.registrations.list('digest');
    const batch = `digest-${tick.toISOString().slice(0, 16).replace(/[^0-9]/g, '')}`;
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
    await this.deps.state.recordSent(tick);
    this.deps.log.info({ channels: channels.length, surveys: results.length }, 'weekly digest sent');
    return { channels: channels.length, surveys: results.length };
  }
}
